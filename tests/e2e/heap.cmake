# The device heap (issue 4). Included by tests/CMakeLists.txt after
# add_e2e_program.

# Garbage on every iteration of a loop: the run needs the collector.
add_e2e_program(garbage 0)

# Exhaustion, then a good run, then `jlremote stats`, on one micro:bit.
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
