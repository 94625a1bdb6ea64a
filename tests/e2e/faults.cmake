# Processor faults (issue 5): reported with what, where and in which
# function, and survived: the next run on the same device works. Included
# by tests/CMakeLists.txt after heap.cmake (it runs garbage.jl after the
# fault).
foreach(device IN LISTS E2E_DEVICES)
  add_test(NAME e2e.${device}.fault_survived
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/e2e/fault_survived.sh
                   $<TARGET_FILE:jlremote> ${JLREMOTE_DEVICE_DIR}
                   $<TARGET_FILE:jlremote-device-posix>
                   ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs ${device})
  set_tests_properties(e2e.${device}.fault_survived PROPERTIES TIMEOUT 90)
endforeach()
