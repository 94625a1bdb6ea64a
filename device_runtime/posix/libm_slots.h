// The POSIX device's math slots (runtime_slots.h, JLREMOTE_POSIX_LIBM_SLOTS):
// this process's C library functions, in that order, after the slots every
// arch has. Used by slots.cpp, and by the loader's tests, whose in-process
// device fills its slot table the same way.
#pragma once

#include "runtime_slots.h"

#include <math.h>
#include <stdint.h>
#include <type_traits>

namespace jlremote {

inline void fillPosixLibmSlots(uintptr_t *slots) {
  uintptr_t *Slot = slots + kRuntimeSlotCount;
  // The cast picks C's function among C++'s overloads.
#define JLREMOTE_FILL_SLOT(Name, ...)                                          \
  *Slot++ = reinterpret_cast<uintptr_t>(                                       \
      static_cast<std::add_pointer_t<__VA_ARGS__>>(&::Name));
  JLREMOTE_POSIX_LIBM_SLOTS(JLREMOTE_FILL_SLOT)
#undef JLREMOTE_FILL_SLOT
}

} // namespace jlremote
