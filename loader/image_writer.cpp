#include "image_writer.h"

#include "crc32.h"
#include "device_runtime/image_format.h"

#include "llvm/Support/Endian.h"

using namespace llvm;
using support::endian::write16le;
using support::endian::write32le;

namespace jlremote::loader {

Expected<std::vector<uint8_t>> writeImage(uint8_t Arch, ArrayRef<uint8_t> Code,
                                          uint64_t BssSize,
                                          ArrayRef<uint32_t> Relocs,
                                          uint64_t Entry) {
  auto Check = [](const char *Field, uint64_t Value) -> Error {
    if (Value > 0xffff)
      return createStringError("image %s %llu does not fit the header's 16 "
                               "bits",
                               Field, (unsigned long long)Value);
    return Error::success();
  };
  if (Error E = Check("code size", Code.size()))
    return std::move(E);
  if (Error E = Check("bss size", BssSize))
    return std::move(E);
  if (Error E = Check("relocation count", Relocs.size()))
    return std::move(E);
  if (Error E = Check("entry", Entry))
    return std::move(E);
  if ((Entry & ~uint64_t(1)) >= Code.size())
    return createStringError("image entry 0x%llx is outside its %zu bytes of "
                             "code",
                             (unsigned long long)Entry, Code.size());

  std::vector<uint8_t> Bytes(kImageHeaderSize + Code.size() +
                             Relocs.size() * kRelocSize);
  uint8_t *H = Bytes.data();
  H[0] = kImageMagic0;
  H[1] = kImageMagic1;
  H[2] = kImageFormatVersion;
  H[3] = Arch;
  write16le(H + 4, uint16_t(Code.size()));
  write16le(H + 6, uint16_t(BssSize));
  write16le(H + 8, uint16_t(Relocs.size()));
  write16le(H + 10, uint16_t(Entry));
  std::copy(Code.begin(), Code.end(), H + kImageHeaderSize);
  uint8_t *R = H + kImageHeaderSize + Code.size();
  for (uint32_t Reloc : Relocs) {
    write32le(R, Reloc);
    R += kRelocSize;
  }
  // The CRC covers the whole image with its own field zero.
  write32le(H + kImageCrcOffset, crc32(Bytes.data(), Bytes.size()));
  return std::move(Bytes);
}

} // namespace jlremote::loader
