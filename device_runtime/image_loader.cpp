#include "image_loader.h"

#include "crc32.h"

namespace jlremote {

bool archRuns(uint8_t device, uint8_t image) {
  if (device == image)
    return true;
  switch (device) {
  case kArchThumbV7M:
    return image == kArchThumbV6M;
  case kArchThumbV7EM:
  case kArchThumbV8MMain:
    return image == kArchThumbV6M || image == kArchThumbV7M;
  case kArchThumbV7EMHard:
    // Integer-only code calls nothing with floats in registers.
    return false;
  default:
    return false;
  }
}

namespace {

uint16_t read16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }

uint32_t read32(const uint8_t *p) {
  return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 |
         uint32_t(p[3]) << 24;
}

ImageCheck fail(ImageStatus status, uint32_t value, uint32_t expected) {
  return ImageCheck{status, value, expected};
}

} // namespace

ImageCheck loadImage(uint8_t *image, size_t received, size_t blockSize,
                     uint8_t deviceArch, const StubHook &stubs,
                     uintptr_t *entry) {
  if (received < kImageHeaderSize)
    return fail(kImageBadSize, uint32_t(received), kImageHeaderSize);
  if (image[0] != kImageMagic0 || image[1] != kImageMagic1)
    return fail(kImageBadMagic, read16(image),
                kImageMagic0 | kImageMagic1 << 8);
  if (image[2] != kImageFormatVersion)
    return fail(kImageBadVersion, image[2], kImageFormatVersion);
  // The block is aligned (imageBaseAlign), so the header can be read as a
  // struct.
  const ImageHeader &Header = *reinterpret_cast<const ImageHeader *>(image);
  const uint8_t Arch = Header.Arch;
  if (!archRuns(deviceArch, Arch))
    return fail(kImageBadArch, Arch, deviceArch);
  const size_t CodeSize = Header.CodeSize, BssSize = Header.BssSize,
               RelocCount = Header.RelocCount, Entry = Header.Entry;
  const size_t Size = kImageHeaderSize + CodeSize + RelocCount * kRelocSize;
  if (Size != received)
    return fail(kImageBadSize, uint32_t(Size), uint32_t(received));
  if (imageBlockSize(CodeSize, BssSize, RelocCount) > blockSize)
    return fail(kImageBadSize,
                uint32_t(imageBlockSize(CodeSize, BssSize, RelocCount)),
                uint32_t(blockSize));
  if ((Entry & ~1u) >= CodeSize)
    return fail(kImageBadSize, uint32_t(Entry), uint32_t(CodeSize));
  uint8_t *const Code = image + kImageHeaderSize;
  const size_t BssEnd = CodeSize + BssSize;
  const uint8_t *const Relocs = Code + BssEnd;
  // The CRC covers the wire bytes in wire order: header and code, then the
  // relocations stored after the bss.
  const uint32_t Stated = Header.Crc;
  static const uint8_t Zero[4] = {0, 0, 0, 0};
  uint32_t Crc = crc32Update(0, image, kImageCrcOffset);
  Crc = crc32Update(Crc, Zero, 4);
  Crc = crc32Update(Crc, Code, CodeSize);
  Crc = crc32Update(Crc, Relocs, RelocCount * kRelocSize);
  if (Crc != Stated)
    return fail(kImageBadCrc, Crc, Stated);

  const size_t Word = imageWordSize(Arch);
  // Check every relocation before patching any, so a refused image leaves
  // nothing half-applied. A base relocation patches a word of the code, a
  // stub relocation writes a whole stub into the bss.
  for (size_t I = 0; I < RelocCount; ++I) {
    const uint32_t Reloc = read32(Relocs + I * kRelocSize);
    const size_t Offset = size_t(Reloc & 0xFFFF) * Word;
    const uint16_t Target = uint16_t(Reloc >> 16);
    const bool Base = Target == kRelocBase;
    if (Offset < (Base ? 0 : CodeSize) ||
        Offset + (Base ? Word : stubTemplate(Arch).Size) >
            (Base ? CodeSize : BssEnd))
      return fail(kImageBadReloc, uint32_t(I), uint32_t(Offset));
    if (!Base && Target >= stubs.SlotCount)
      return fail(kImageBadReloc, uint32_t(I), Target);
  }
  for (size_t I = CodeSize; I < BssEnd; ++I)
    Code[I] = 0;
  for (size_t I = 0; I < RelocCount; ++I) {
    const uint32_t Reloc = read32(Relocs + I * kRelocSize);
    uint8_t *const Place = Code + size_t(Reloc & 0xFFFF) * Word;
    const uint16_t Target = uint16_t(Reloc >> 16);
    if (Target == kRelocBase)
      *reinterpret_cast<uintptr_t *>(Place) +=
          reinterpret_cast<uintptr_t>(Code);
    else
      stubs.Write(stubs.Context, Arch, Place, Target);
  }
  *entry = reinterpret_cast<uintptr_t>(Code) + Entry;
  return ImageCheck{kImageOk, 0, 0};
}

} // namespace jlremote
