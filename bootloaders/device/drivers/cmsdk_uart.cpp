// Arm CMSDK APB UART (Cortex-M System Design Kit, DDI0479), polled: a
// one-byte buffer each way, no FIFO.
#include "board.h"
#include "board_config.h"

namespace jlremote::board {
namespace {
struct CmsdkUart {
  volatile uint32_t Data;
  volatile uint32_t State; // bit 0 TX full, bit 1 RX full
  volatile uint32_t Ctrl;  // bit 0 TX enable, bit 1 RX enable
  volatile uint32_t IntStatus;
  volatile uint32_t BaudDiv;
};
constexpr uint32_t kTxFull = 1, kRxFull = 2;
constexpr uint32_t kTxEnable = 1, kRxEnable = 2;

CmsdkUart &uart() { return *reinterpret_cast<CmsdkUart *>(kUartBase); }
} // namespace

void initUart() {
  uart().BaudDiv = kUartClockHz / kBaudRate;
  uart().Ctrl = kTxEnable | kRxEnable;
}

int readByte() {
  if (!(uart().State & kRxFull))
    return -1;
  return int(uart().Data & 0xFF);
}

void writeByte(void *, uint8_t byte) {
  while (uart().State & kTxFull) {
  }
  uart().Data = byte;
}

} // namespace jlremote::board
