# Instruction counting (CallResult.instructions, device_runtime/call_clock.h)
# on the QEMU boards under -icount shift=0, checked against loops whose
# instruction counts are known (e2e/programs/count_loop.c). A SysTick reading
# is exact to one tick (40 instructions on mps2-an385's 25 MHz), so a
# difference of two counts is exact to two ticks,
# plus what a SysTick interrupt (every 10^6 instructions) adds to the one
# call it falls into: its handler's 5 instructions and a repeated reading.
#
# Included from tests/CMakeLists.txt, this file registers the tests; run
# with -P, it is the test itself (JLREMOTE, PROGRAM, BOARD, TICK).

if(NOT CMAKE_SCRIPT_MODE_FILE)
  # v7-M and up: v6-M cores (microbit) do not count (call_clock.h).
  foreach(board_tick mps2-an385:40)
    string(REPLACE ":" ";" board_tick ${board_tick})
    list(GET board_tick 0 board)
    list(GET board_tick 1 tick)
    add_test(NAME e2e.${board}.instruction_count
             COMMAND ${CMAKE_COMMAND} -DJLREMOTE=$<TARGET_FILE:jlremote>
                     -DPROGRAM=${CMAKE_CURRENT_LIST_DIR}/programs/count_loop.c
                     -DBOARD=${board} -DTICK=${tick}
                     -P ${CMAKE_CURRENT_LIST_FILE})
    set_tests_properties(e2e.${board}.instruction_count PROPERTIES TIMEOUT 300)
  endforeach()
  return()
endif()

# The instructions one call of `function(n)` executed, from --stats.
function(count_of function n out)
  execute_process(
    COMMAND ${JLREMOTE} call ${PROGRAM} ${function} ${n} --board ${BOARD}
            --icount --stats
    RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors
    TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${function}(${n}) on ${BOARD}: exit ${status}\n"
                        "${output}${errors}")
  endif()
  if(NOT errors MATCHES "call: ([0-9]+) instructions")
    message(FATAL_ERROR "${function}(${n}) on ${BOARD}: no instruction "
                        "count in --stats:\n${errors}")
  endif()
  message(STATUS "${function}(${n}) on ${BOARD}: ${CMAKE_MATCH_1} instructions")
  set(${out} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

# Fails unless `low` <= `value` <= `high`.
function(expect_between what value low high)
  if(value LESS low OR value GREATER high)
    message(FATAL_ERROR "${what} on ${BOARD}: ${value}, expected "
                        "${low}..${high}")
  endif()
endfunction()

set(n 100000)
math(EXPR slack "2 * ${TICK} + 16")
count_of(count_loop 0 loop0)
count_of(count_loop ${n} loop)
count_of(count_twice 0 twice0)
count_of(count_twice ${n} twice)

# Two instructions per pass: the count is the guest's instructions, and
# SysTick's ticks are converted to them at the right rate.
math(EXPR d "${loop} - ${loop0}")
math(EXPR low "2 * ${n} - ${slack}")
math(EXPR high "2 * ${n} + ${slack}")
expect_between("count_loop(${n}) - count_loop(0)" ${d} ${low} ${high})

# The same through a stub, with an image load in the middle of the call.
math(EXPR d "${twice} - ${twice0}")
math(EXPR low "4 * ${n} - ${slack}")
math(EXPR high "4 * ${n} + ${slack}")
expect_between("count_twice(${n}) - count_twice(0)" ${d} ${low} ${high})

# count_twice(0) loads two images during the call (itself, then count_loop
# from its stub), count_loop(0) one: what separates them is the stubs and the
# lazy resolver (about 120 instructions), not the load, which costs thousands
# (the message decoded, the image's CRC computed byte by byte).
math(EXPR d "${twice0} - ${loop0}")
expect_between("count_twice(0) - count_loop(0)" ${d} 0 400)
