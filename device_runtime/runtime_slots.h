// Slots the runtime fills itself when it starts: runtime functions that
// device code calls like any other function, through an import stub and its
// slot. The host's loader gives these symbols these slots and never builds
// an image for them; eviction never touches them. Shared by host and device.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

enum RuntimeSlot : uint16_t {
  // void jlremote_print(uint32_t format, const void *values, size_t size):
  // sends FromDevice.print{format, values}; the host formats the values
  // (proto/README.md). Returns once the host has the message.
  kSlotPrint = 0,
  kRuntimeSlotCount,
};

constexpr const char *kRuntimeSlotSymbols[kRuntimeSlotCount] = {
    "jlremote_print",
};

} // namespace jlremote
