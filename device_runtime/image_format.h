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
//                   bits 0-15   offset of the patched place from the code
//                               base, in words (4 bytes on ARM, 8 on x86-64)
//                   bits 16-31  target: kRelocBase adds the code base to the
//                               pointer-sized word there, which must lie in
//                               the code; any other value n writes the
//                               import stub for slot n there (stubTemplate),
//                               which must lie in the bss
//
// The device keeps the image where it received it, as a block
//     header | code | bss | relocations
// (16 + code + bss + 4n bytes, imageBlockSize): the header stays in front,
// code runs in place, and the relocation list is stored after the bss, so
// zeroing the bss and writing stubs into it cannot clobber relocations not
// yet read. The code base is aligned to kImageBaseAlign of its arch.
//
// Import stubs are not sent: the host reserves room for them at the start of
// the bss (at word-aligned offsets) and points calls to other images there;
// the device writes each from its arch's template, with the address of the
// slot in the template's pointer-sized literal. A stub loads the slot's
// content into a scratch register (ip / r11) and jumps there.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

constexpr uint8_t kImageMagic0 = 'J';
constexpr uint8_t kImageMagic1 = 'L';
constexpr uint8_t kImageFormatVersion = 2;
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
  return kImageHeaderSize + codeSize + bssSize + relocCount * kRelocSize;
}

// The import stubs, one template per arch. Each starts at a word-aligned
// offset and is a whole number of words long.
//
// v7-M, v7E-M, v8-M mainline: ldr.w ip, [pc, #4]; ldr.w pc, [ip]; .word slot
inline constexpr uint8_t kStubThumbV7[12] = {
    0xdf, 0xf8, 0x04, 0xc0, 0xdc, 0xf8, 0x00, 0xf0, 0x00, 0x00, 0x00, 0x00};
// v6-M can neither load into ip nor load pc, so the target goes through the
// stack: r0 is saved and restored, r1 is saved only to reserve the word
// that pop loads into pc; r1-r3, lr, sp and the flags arrive untouched.
//   push {r0, r1}; ldr r0, [pc, #8]; mov ip, r0; ldr r0, [r0];
//   str r0, [sp, #4]; pop {r0, pc}; .word slot
inline constexpr uint8_t kStubThumbV6M[16] = {
    0x03, 0xb4, 0x02, 0x48, 0x84, 0x46, 0x00, 0x68,
    0x01, 0x90, 0x01, 0xbd, 0x00, 0x00, 0x00, 0x00};
// x86-64: movabs r11, slot; jmp [r11]; int3 padding to 16 bytes.
inline constexpr uint8_t kStubX86_64[16] = {
    0x49, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0xff, 0x23, 0xcc, 0xcc, 0xcc};

struct StubTemplate {
  const uint8_t *Bytes; // the literal as zero
  uint8_t Size;
  uint8_t LiteralOffset; // the slot's address, pointer-sized, little-endian
};

constexpr StubTemplate stubTemplate(uint8_t arch) {
  return arch == kArchX86_64     ? StubTemplate{kStubX86_64, 16, 2}
         : arch == kArchThumbV6M ? StubTemplate{kStubThumbV6M, 16, 12}
                                 : StubTemplate{kStubThumbV7, 12, 8};
}

// Writes the import stub of `arch` at `place`, jumping through the slot at
// `slotAddress`.
inline void writeStub(uint8_t arch, uint8_t *place, uintptr_t slotAddress) {
  const StubTemplate T = stubTemplate(arch);
  for (size_t I = 0; I < T.Size; ++I)
    place[I] = T.Bytes[I];
  for (size_t I = 0; I < imageWordSize(arch); ++I)
    place[T.LiteralOffset + I] = uint8_t(uint64_t(slotAddress) >> (8 * I));
}

} // namespace jlremote
