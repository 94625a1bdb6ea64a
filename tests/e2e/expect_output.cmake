# Runs COMMAND (a ;-list) and compares its standard output with EXPECTED,
# byte for byte. cmake -DCOMMAND=... -DEXPECTED=... -P expect_output.cmake
execute_process(COMMAND ${COMMAND}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
                TIMEOUT 120)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit status ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out STREQUAL "${EXPECTED}\n")
  message(FATAL_ERROR "expected:\n${EXPECTED}\ngot:\n${out}\nstderr:\n${err}")
endif()
