// libFuzzer target: any bytes as a received x86-64 image, placed in a block
// the way the runtime's receiver places it (header and code first, the
// relocations after the bss). The loader must never touch memory outside the
// block, and an accepted image must have its entry inside its code and its
// stubs inside its bss. When the first input byte is odd the CRC is fixed
// up, so the fuzzer also reaches the checks behind it.
#include "crc32.h"
#include "image_loader.h"

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace jlremote;

namespace {

struct Bounds {
  const uint8_t *Begin, *End;
  uint32_t Stubs;
};

void checkStub(void *Context, uint8_t Arch, uint8_t *Place, uint16_t) {
  auto &B = *static_cast<Bounds *>(Context);
  if (Place < B.Begin || Place + stubTemplate(Arch).Size > B.End)
    abort();
  ++B.Stubs;
}

uint16_t read16(const uint8_t *P) { return uint16_t(P[0] | P[1] << 8); }

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size < 1)
    return 0;
  const bool FixCrc = Data[0] & 1;
  std::vector<uint8_t> Wire(Data + 1, Data + Size);
  size_t Code = 0, Bss = 0;
  if (Wire.size() >= kImageHeaderSize) {
    Code = read16(Wire.data() + 4);
    Bss = read16(Wire.data() + 6);
    if (FixCrc) {
      memset(Wire.data() + kImageCrcOffset, 0, 4);
      const uint32_t Crc = crc32(Wire.data(), Wire.size());
      for (int I = 0; I < 4; ++I)
        Wire[kImageCrcOffset + I] = uint8_t(Crc >> (8 * I));
    }
  }
  // The receiver's placement: header and code, then the rest of the wire
  // bytes (the relocations) behind the bss.
  const size_t Front = std::min(Wire.size(), kImageHeaderSize + Code);
  const size_t Block =
      std::max(Wire.size(), Front + Bss + (Wire.size() - Front));
  // Exactly Block bytes, so that ASan sees any write past the block;
  // operator new aligns it as the heap would (16 bytes).
  std::vector<uint8_t> Storage(Block);
  uint8_t *const B = Storage.data();
  memcpy(B, Wire.data(), Front);
  memcpy(B + Front + Bss, Wire.data() + Front, Wire.size() - Front);

  Bounds Stubs{B + kImageHeaderSize + Code, B + kImageHeaderSize + Code + Bss,
               0};
  uintptr_t Entry = 0;
  const ImageCheck Check = loadImage(B, Wire.size(), Block, kArchX86_64,
                                     StubHook{&checkStub, &Stubs, 64}, &Entry);
  if (Check.Status == kImageOk &&
      (Entry < reinterpret_cast<uintptr_t>(B + kImageHeaderSize) ||
       Entry >= reinterpret_cast<uintptr_t>(B + kImageHeaderSize + Code)))
    abort();
  if (Check.Status != kImageOk && Stubs.Stubs != 0)
    abort(); // a refused image wrote stubs
  return 0;
}
