// The runtime as the host stages it in RAM for the flash stage: this header,
// then the code as linked for the flash (runtime_flash.ld), padded to whole
// words. The host writes it at ram_start, the flash stage image after it,
// and starts the stage with StartRuntime (bootloaders/README.md, "Runtime in
// flash"). Shared by the host (host_daemon/session.cpp) and the stage.
#pragma once

#include <stdint.h>

namespace jlremote {

constexpr uint32_t kStagedRuntimeMagic = 0x52465a4a; // "JZFR" little-endian

struct StagedRuntimeHeader {
  uint32_t Magic;
  uint32_t FlashAddress; // where the code goes: a page boundary
  uint32_t CodeSize;     // bytes after this header, a multiple of 4
  uint32_t Crc;          // CRC-32 (proto/crc32.h) of those bytes
  uint32_t Entry;        // jlremote_runtime_entry, Thumb bit set
  uint32_t BssStart;     // the runtime's .bss in RAM, zeroed before entry
  uint32_t BssSize;
};
static_assert(sizeof(StagedRuntimeHeader) == 28, "a wire layout");

} // namespace jlremote
