# The device heap (issue 4). Included by tests/CMakeLists.txt after
# add_e2e_program.

# Garbage on every iteration of a loop: the run needs the collector.
add_e2e_program(garbage 0)
# Live data that outgrows the heap: out of memory after collection.
add_e2e_program(live_exhaustion 1)

# Exhaustion (the error names the function), then a good run, then
# `jlremote stats`, on one micro:bit.
add_test(NAME e2e.microbit.heap_exhaustion
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/heap_exhaustion.sh
                 $<TARGET_FILE:jlremote> ${JLREMOTE_DEVICE_DIR}
                 ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs)
set_tests_properties(e2e.microbit.heap_exhaustion PROPERTIES TIMEOUT 120)

# Code six times larger than the micro:bit's heap (evicted and fetched
# again), and garbage (collected), with the counts --stats reports.
add_test(NAME e2e.microbit.heap_stats
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/heap_stats.sh
                 $<TARGET_FILE:jlremote> ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs)
set_tests_properties(e2e.microbit.heap_stats PROPERTIES TIMEOUT 150)

# The collector under stress: the POSIX device built with AddressSanitizer,
# a collection before every allocation (--gc-stress), and the output still
# byte for byte Julia's. An object freed while compiled code can still reach
# it stops the device with ASan's report.
function(add_e2e_gc_stress script expected)
  get_filename_component(name ${script} NAME_WE)
  set(command ${CMAKE_COMMAND} -E env
      JLREMOTE_DEVICE_POSIX=$<TARGET_FILE:jlremote-device-posix-asan>
      $<TARGET_FILE:jlremote> run ${script} --sim --gc-stress)
  add_test(NAME e2e.sim-asan.gc_stress.${name}
           COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${command}"
                   -DEXPECTED_FILE=${expected}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/e2e/expect_output.cmake)
  set_tests_properties(e2e.sim-asan.gc_stress.${name} PROPERTIES TIMEOUT 120)
endfunction()
add_e2e_gc_stress(${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs/garbage.jl
                  ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs/garbage.out)
foreach(example IN ITEMS pid jacobi blog_custom_vector vectors binary_trees)
  add_e2e_gc_stress(${PROJECT_SOURCE_DIR}/examples/${example}.jl
                    ${PROJECT_SOURCE_DIR}/examples/${example}.out)
endforeach()
