# Math on the device (loader/README.md, "Math on the device"): results
# computed on each device against the host C library's, within one ulp
# (bit for bit for the functions that round exactly). Included by
# tests/CMakeLists.txt after add_e2e_call (it uses device_option).
#
# e2e/programs/math_probe.c is built for the host first: its main() writes
# math_probe_expected.h with glibc's result bits for every input row. The
# device build then compiles a copy of the program next to that header;
# math_check returns 0, or 100 * function position + row of the first miss;
# check_<name> checks one function (0, or the row).
set(math_dir ${CMAKE_CURRENT_BINARY_DIR}/e2e/math)
set(math_source ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs/math_probe.c)

add_executable(math_probe_expectations ${math_source})
target_compile_definitions(math_probe_expectations
                           PRIVATE MATH_PROBE_EXPECTATIONS)
# Every call at run time, through the C library: nothing folded by clang.
target_compile_options(math_probe_expectations PRIVATE -O0 -fno-builtin)
target_link_libraries(math_probe_expectations PRIVATE m)
add_custom_command(
  OUTPUT ${math_dir}/math_probe.c ${math_dir}/math_probe_expected.h
  COMMAND ${CMAKE_COMMAND} -E make_directory ${math_dir}
  COMMAND math_probe_expectations > ${math_dir}/math_probe_expected.h
  COMMAND ${CMAKE_COMMAND} -E copy ${math_source} ${math_dir}/math_probe.c
  DEPENDS math_probe_expectations ${math_source}
  COMMENT "math_probe_expected.h from the host C library")
add_custom_target(math_probe_program ALL
  DEPENDS ${math_dir}/math_probe.c ${math_dir}/math_probe_expected.h)

# add_e2e_math(device function): jlremote call FUNCTION of the program on
# the device; it must print 0.
function(add_e2e_math device function)
  device_option(${device} where)
  set(command $<TARGET_FILE:jlremote> call ${math_dir}/math_probe.c
      ${function} ${where})
  add_test(NAME e2e.${device}.math.${function}
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${command}" "-DEXPECTED=0"
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/e2e/expect_output.cmake)
  set_tests_properties(e2e.${device}.math.${function} PROPERTIES TIMEOUT 150)
endfunction()

# Every function, Float64 and Float32, in one call on sim and mps2-an385. On
# the micro:bit one call per function: its 12 KB heap holds the largest
# chain of images (sin's, 6.5 KB) with room to spare, but not always with
# every image a stale stack word pins besides (conservative scanning), and
# a whole group of functions in one call leaves more such words.
add_e2e_math(sim math_check)
add_e2e_math(mps2-an385 math_check)
add_e2e_math(microbit math_check_helpers)
# The names from the X(name, ...) rows of its function lists (read whole:
# the rows end in a backslash, which would join CMake list elements).
file(READ ${math_source} math_text)
string(REGEX MATCHALL "\n  X\\([a-z0-9]+," math_rows "${math_text}")
foreach(row IN LISTS math_rows)
  string(REGEX REPLACE "\n  X\\(([a-z0-9]+)," "\\1" function "${row}")
  add_e2e_math(microbit check_${function})
endforeach()
