// The code image: what the host's loader (loader/) makes of a function, and
// what the device checks and relocates before anything in it can run.
// Freestanding; shared by host and device. Little-endian throughout.
//
//   offset  size  field
//   0       2     magic "JL"
//   2       1     format version (kImageFormatVersion)
//   3       1     arch (jlremote.Arch in proto/jlremote.proto)
//   4       2     code size: bytes of code, read-only and initialised data
//   6       2     bss size: zeroed bytes the image needs after its code
//   8       2     relocation count
//   10      2     entry: offset of the main entry point in the code (Thumb
//                 entries have bit 0 set, as a function pointer would)
//   12      4     CRC-32 of the whole image with this field zero
//   16      code  code bytes, placed at the code base (16 bytes in)
//   ...     4*n   relocations, each a little-endian uint32:
//                   bits 0-15   offset of the patched word, in words
//                   bits 16-31  target: kRelocBase adds the code base; any
//                               other value n adds the address of slot n
//                 The patched word is pointer-sized (4 bytes on ARM, 8 on
//                 x86-64) and must be aligned to its size.
//
// The device keeps the image where it received it: the header stays in
// front, code runs in place, and the bss is zeroed over the relocation list
// once it has been applied (so a block needs 16 + max(code + 4n, code + bss)
// bytes). The code base is aligned to kImageBaseAlign of its arch.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

constexpr uint8_t kImageMagic0 = 'J';
constexpr uint8_t kImageMagic1 = 'L';
constexpr uint8_t kImageFormatVersion = 1;
constexpr size_t kImageHeaderSize = 16;
constexpr size_t kImageCrcOffset = 12;
constexpr size_t kRelocSize = 4;
constexpr uint16_t kRelocBase = 0xFFFF;

// Values of jlremote.Arch (proto/jlremote.proto), usable without nanopb.
enum ImageArch : uint8_t {
  kArchThumbV6M = 1,
  kArchThumbV7M = 2,
  kArchThumbV7EM = 3,
  kArchThumbV7EMHard = 4,
  kArchThumbV8MMain = 5,
  kArchX86_64 = 6,
};

// Alignment the device guarantees for the code base of an image.
constexpr size_t imageBaseAlign(uint8_t arch) {
  return arch == kArchX86_64 ? 16 : 8;
}

constexpr size_t imageWordSize(uint8_t arch) {
  return arch == kArchX86_64 ? 8 : 4;
}

// Can a core of arch `device` run an image built for `image`? Thumb cores
// run the older Thumb profiles' code when the float ABI matches.
bool archRuns(uint8_t device, uint8_t image);

struct ImageHeader {
  uint8_t Magic[2];
  uint8_t Version;
  uint8_t Arch;
  uint16_t CodeSize;
  uint16_t BssSize;
  uint16_t RelocCount;
  uint16_t Entry;
  uint32_t Crc;
};
static_assert(sizeof(ImageHeader) == kImageHeaderSize, "wire layout");

constexpr uint32_t makeReloc(uint16_t wordOffset, uint16_t target) {
  return uint32_t(wordOffset) | uint32_t(target) << 16;
}

// Bytes a device block must have for an image: see the layout above.
constexpr size_t imageBlockSize(size_t codeSize, size_t bssSize,
                                size_t relocCount) {
  const size_t Relocs = codeSize + relocCount * kRelocSize;
  const size_t Bss = codeSize + bssSize;
  return kImageHeaderSize + (Relocs > Bss ? Relocs : Bss);
}

} // namespace jlremote
