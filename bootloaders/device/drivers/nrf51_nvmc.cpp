// nRF51 non-volatile memory controller (nRF51 Series Reference Manual,
// chapter 6): CONFIG selects reading, writing or erasing; every write and
// erase holds the core until it completes, and READY says when it has.
#include "board_config.h"
#include "flash.h"

namespace jlremote::board {
namespace {
constexpr uintptr_t kNvmcBase = 0x4001E000;
constexpr uint32_t kReady = 0x400, kConfig = 0x504, kErasePage = 0x508;
constexpr uint32_t kConfigRead = 0, kConfigWrite = 1, kConfigErase = 2;

volatile uint32_t &reg(uint32_t offset) {
  return *reinterpret_cast<volatile uint32_t *>(kNvmcBase + offset);
}

void waitReady() {
  while (!(reg(kReady) & 1)) {
  }
}

void setConfig(uint32_t mode) {
  reg(kConfig) = mode;
  waitReady();
}
} // namespace

void erasePage(uint32_t address) {
  setConfig(kConfigErase);
  reg(kErasePage) = address;
  waitReady();
  setConfig(kConfigRead);
}

void writeFlash(uint32_t address, const uint32_t *words, size_t count) {
  setConfig(kConfigWrite);
  auto *To = reinterpret_cast<volatile uint32_t *>(address);
  for (size_t I = 0; I < count; ++I) {
    To[I] = words[I];
    waitReady();
  }
  setConfig(kConfigRead);
}

} // namespace jlremote::board
