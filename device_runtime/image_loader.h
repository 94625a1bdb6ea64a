// Checks and relocates an image in place (format: image_format.h). Runs in
// the resident bootstrapper (for the runtime image) and, through the
// services table, for every function image the runtime receives.
#pragma once

#include "image_format.h"

namespace jlremote {

// Values of jlremote.ErrorCode; kept numerically equal to the .proto.
enum ImageStatus : uint8_t {
  kImageOk = 0,
  kImageBadMagic = 3,
  kImageBadVersion = 4,
  kImageBadArch = 5,
  kImageBadSize = 6,
  kImageBadCrc = 7,
  kImageBadReloc = 8,
};

struct ImageCheck {
  ImageStatus Status;
  uint32_t Value;    // the offending value, as DeviceError.value
  uint32_t Expected; // what the device wanted, as DeviceError.expected
};

// Writes the stubs of an image's stub relocations (image_format.h). Called
// for each one once every check has passed, the base relocations are
// applied and the bss is zeroed; `place` lies inside the bss with room for
// the whole stub of `arch`. Stub relocations naming a slot at or above
// SlotCount are refused, so a hook with SlotCount 0 (Write may then be null)
// refuses them all: the resident loads the runtime image that way.
struct StubHook {
  void (*Write)(void *context, uint8_t arch, uint8_t *place, uint16_t slot);
  void *Context;
  uint32_t SlotCount;
};

// The runtime's hook: `slots` is its slot table (pointer-sized slots), and
// each stub jumps through its slot.
inline void writeSlotStub(void *slots, uint8_t arch, uint8_t *place,
                          uint16_t slot) {
  writeStub(
      arch, place,
      reinterpret_cast<uintptr_t>(static_cast<uintptr_t *>(slots) + slot));
}

// Verifies header, arch, sizes and CRC of an image received into `image`
// (`received` wire bytes: header and code at `image`, the relocations at
// image + 16 + code + bss, see imageBlockSize), then zeroes the bss, applies
// the base relocations and has `stubs` write the stubs. Nothing is modified
// unless every check (including each relocation's range) passes. On success
// *entry is the address of the main entry point (Thumb bit included).
[[nodiscard]] ImageCheck loadImage(uint8_t *image, size_t received,
                                   size_t blockSize, uint8_t deviceArch,
                                   const StubHook &stubs, uintptr_t *entry);

} // namespace jlremote
