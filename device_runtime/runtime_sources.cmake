# The device runtime's own sources, for the host build (the POSIX device)
# and the cross builds (runtime-<arch>.elf, bootloaders/device). Not included
# here: proto/frame.cpp and proto/crc32.cpp, nanopb's pb_*.c and the generated
# jlremote.pb.c (${JLREMOTE_NANOPB_GENERATED}): each build adds its own, with
# JLREMOTE_RUNTIME_DEFINITIONS on every file (they change nanopb's structs).
set(JLREMOTE_RUNTIME_CXX_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/collector.cpp
    ${CMAKE_CURRENT_LIST_DIR}/eviction.cpp
    ${CMAKE_CURRENT_LIST_DIR}/heap.cpp
    ${CMAKE_CURRENT_LIST_DIR}/image_receiver.cpp
    ${CMAKE_CURRENT_LIST_DIR}/link.cpp
    ${CMAKE_CURRENT_LIST_DIR}/runtime.cpp
    ${CMAKE_CURRENT_LIST_DIR}/slots.cpp)
# Cortex-M (v6m and v7m): the call trampoline and lazy resolver, and the
# memcpy/memset a board links no C library for (link libgcc only).
set(JLREMOTE_RUNTIME_SOURCES
    ${JLREMOTE_RUNTIME_CXX_SOURCES}
    ${CMAKE_CURRENT_LIST_DIR}/call_thumb.S
    ${CMAKE_CURRENT_LIST_DIR}/libc.cpp)
# Needs also ${NANOPB_SRC_DIR} and ${JLREMOTE_NANOPB_GENERATED}.
set(JLREMOTE_RUNTIME_INCLUDE_DIRS
    ${CMAKE_CURRENT_LIST_DIR}
    ${CMAKE_CURRENT_LIST_DIR}/../proto)
set(JLREMOTE_RUNTIME_DEFINITIONS PB_NO_ERRMSG)
