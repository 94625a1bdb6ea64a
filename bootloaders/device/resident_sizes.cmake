# cmake -DSIZE=arm-none-eabi-size -DBOARDS=a,b -DDIR=... -DBUDGET=2048 -P
# Writes DIR/sizes.txt, one line per board, and fails if a resident's flash
# (text: vectors, code, rodata; plus data initialisers) is over BUDGET.
string(REPLACE "," ";" BOARDS "${BOARDS}")
set(lines "")
set(over "")
foreach(board IN LISTS BOARDS)
  execute_process(COMMAND ${SIZE} -B ${DIR}/resident-${board}.elf
                  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${SIZE} failed on resident-${board}.elf")
  endif()
  # Second line: text data bss dec hex filename
  string(REGEX MATCH "\n *([0-9]+)[ \t]+([0-9]+)" _ "${out}")
  math(EXPR flash "${CMAKE_MATCH_1} + ${CMAKE_MATCH_2}")
  string(APPEND lines "resident ${board} ${flash} bytes (limit ${BUDGET})\n")
  if(flash GREATER BUDGET)
    string(APPEND over " ${board} (${flash} bytes)")
  endif()
endforeach()
file(WRITE ${DIR}/sizes.txt "${lines}")
message(STATUS "resident sizes:\n${lines}")
if(over)
  message(FATAL_ERROR "resident over its ${BUDGET}-byte budget:${over}")
endif()
