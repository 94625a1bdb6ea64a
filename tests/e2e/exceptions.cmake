# Exceptions (issue 5), one test per program of e2e/programs/exceptions on
# the POSIX device and QEMU mps2-an385, the program run from its folder (so
# that stack traces name it as `NAME.jl:LINE`):
#   NAME.out  standard output, byte for byte (what the program printed,
#             caught exceptions included)
#   NAME.err  the program ends with an uncaught exception: exit status 1 and
#             standard error byte for byte (Julia's message, `Stacktrace:`)
# Included by tests/CMakeLists.txt.
set(exceptions_dir ${CMAKE_CURRENT_SOURCE_DIR}/e2e/programs/exceptions)
file(GLOB exception_programs CONFIGURE_DEPENDS RELATIVE ${exceptions_dir}
     ${exceptions_dir}/*.jl)
foreach(device sim mps2-an385)
  device_option(${device} where)
  foreach(program IN LISTS exception_programs)
    get_filename_component(name ${program} NAME_WE)
    set(checks -DWORKING_DIRECTORY=${exceptions_dir})
    if(EXISTS ${exceptions_dir}/${name}.out)
      list(APPEND checks -DEXPECTED_FILE=${exceptions_dir}/${name}.out)
    endif()
    if(EXISTS ${exceptions_dir}/${name}.err)
      list(APPEND checks -DSTATUS=1 -DSTDERR_FILE=${exceptions_dir}/${name}.err)
    endif()
    if(NOT EXISTS ${exceptions_dir}/${name}.out AND
       NOT EXISTS ${exceptions_dir}/${name}.err)
      message(FATAL_ERROR "${program}: no ${name}.out or ${name}.err to check")
    endif()
    set(command $<TARGET_FILE:jlremote> run ${program} ${where})
    add_test(NAME e2e.${device}.exceptions.${name}
             COMMAND ${CMAKE_COMMAND} "-DCOMMAND=${command}" ${checks}
                     -P ${CMAKE_CURRENT_SOURCE_DIR}/e2e/expect_output.cmake)
    set_tests_properties(e2e.${device}.exceptions.${name} PROPERTIES TIMEOUT 150)
  endforeach()
endforeach()
