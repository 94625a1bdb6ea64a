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

// Where slot relocations point. Slots are pointer-sized.
struct SlotTable {
  uintptr_t *Slots;
  uint32_t Count;
};

// Verifies header, arch, size and CRC of the `received` bytes at `image`,
// then applies the relocations and zeroes the bss. Nothing is modified
// unless every check (including each relocation's range) passes. On success
// *entry is the address of the main entry point (Thumb bit included).
[[nodiscard]] ImageCheck loadImage(uint8_t *image, size_t received,
                                   size_t blockSize, uint8_t deviceArch,
                                   const SlotTable &slots, uintptr_t *entry);

} // namespace jlremote
