# Runs COMMAND (a ;-list) and checks what it did:
#   EXPECTED       standard output is this text and a newline
#   EXPECTED_FILE  standard output is this file's bytes, exactly
#   STATUS         the exit status (default 0)
#   STDERR_FILE    standard error is this file's bytes, exactly
#   WORKING_DIRECTORY  where COMMAND runs (default: the current directory)
# cmake -DCOMMAND=... -DEXPECTED=... -P expect_output.cmake
if(NOT DEFINED STATUS)
  set(STATUS 0)
endif()
if(NOT DEFINED WORKING_DIRECTORY)
  set(WORKING_DIRECTORY .)
endif()
execute_process(COMMAND ${COMMAND}
                WORKING_DIRECTORY ${WORKING_DIRECTORY}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
                TIMEOUT 120)
if(NOT rc STREQUAL "${STATUS}")
  message(FATAL_ERROR "exit status ${rc}, expected ${STATUS}\n"
                      "stdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED EXPECTED_FILE)
  file(READ ${EXPECTED_FILE} expected)
elseif(DEFINED EXPECTED)
  set(expected "${EXPECTED}\n")
endif()
if(DEFINED expected AND NOT out STREQUAL "${expected}")
  message(FATAL_ERROR "expected:\n${expected}\ngot:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDERR_FILE)
  file(READ ${STDERR_FILE} expected_err)
  if(NOT err STREQUAL "${expected_err}")
    message(FATAL_ERROR "expected on stderr:\n${expected_err}\n"
                        "got:\n${err}")
  endif()
endif()
