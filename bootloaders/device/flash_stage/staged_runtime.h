// The runtime as the host stages it in RAM for the flash stage, one chunk at
// a time: this header, then `Size` bytes of the code as linked for the flash
// (runtime_flash.ld) from `Offset`. The host writes a chunk at ram_start, the
// flash stage image after it, and starts the stage with StartRuntime; the
// stage writes the chunk's pages and returns to the resident, or, after the
// last chunk, enters the runtime (bootloaders/README.md, "Runtime in
// flash"). Chunks are whole multiples of kStagedChunkAlign bytes but the
// last, so that each starts on a page of every board's flash. Shared by the
// host (host_daemon/session.cpp) and the stage.
#pragma once

#include <stdint.h>

namespace jlremote {

constexpr uint32_t kStagedRuntimeMagic = 0x52465a4a; // "JZFR" little-endian
constexpr uint32_t kStagedChunkAlign = 4096;

struct StagedRuntimeHeader {
  uint32_t Magic;
  uint32_t FlashAddress; // where the code goes: a page boundary
  uint32_t CodeSize;     // the whole code, a multiple of 4
  uint32_t CodeCrc;      // CRC-32 of the whole code, checked in flash last
  uint32_t Offset;       // of this chunk in the code
  uint32_t Size;         // bytes after this header, a multiple of 4
  uint32_t Crc;          // CRC-32 (proto/crc32.h) of those bytes
  uint32_t Entry;        // jlremote_runtime_entry, Thumb bit set
  uint32_t BssStart;     // the runtime's .bss in RAM, zeroed before entry
  uint32_t BssSize;
};
static_assert(sizeof(StagedRuntimeHeader) == 40, "a wire layout");

} // namespace jlremote
