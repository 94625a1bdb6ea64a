// libFuzzer target: any byte stream into the frame decoder. Checks that it
// never crashes, and that every frame it accepts re-encodes to a stream that
// decodes to the same frame.
#include "frame.h"

#include <cstdlib>
#include <cstring>
#include <vector>

using namespace jlremote;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  FrameDecoder Decoder;
  for (size_t I = 0; I < Size; ++I) {
    if (Decoder.push(Data[I]) != DecodeStatus::Complete)
      continue;
    const Frame F = Decoder.frame();
    if (F.size > kMaxPayload)
      abort();
    std::vector<uint8_t> Wire;
    encodeFrame(
        F.kind, F.seq, F.payload, F.size,
        [](void *Context, uint8_t Byte) {
          static_cast<std::vector<uint8_t> *>(Context)->push_back(Byte);
        },
        &Wire);
    FrameDecoder Again;
    size_t Frames = 0;
    for (uint8_t Byte : Wire) {
      if (Again.push(Byte) != DecodeStatus::Complete)
        continue;
      ++Frames;
      const Frame &G = Again.frame();
      if (G.kind != F.kind || G.seq != F.seq || G.size != F.size ||
          memcmp(G.payload, F.payload, F.size) != 0)
        abort();
    }
    if (Frames != 1)
      abort();
  }
  return 0;
}
