// nRF51 UART (nRF51 Series Reference Manual, chapter 29), polled through its
// RXDRDY/TXDRDY events. Pins are left as the board wires them (QEMU ignores
// them; on a real micro:bit PSELTXD/PSELRXD would be set here).
#include "board.h"
#include "board_config.h"

namespace jlremote::board {
namespace {
volatile uint32_t &reg(uint32_t offset) {
  return *reinterpret_cast<volatile uint32_t *>(kUartBase + offset);
}
constexpr uint32_t kTasksStartRx = 0x000, kTasksStartTx = 0x008;
constexpr uint32_t kEventsRxdRdy = 0x108, kEventsTxdRdy = 0x11C;
constexpr uint32_t kEnable = 0x500, kRxd = 0x518, kTxd = 0x51C,
                   kBaudRate = 0x524;
constexpr uint32_t kEnableUart = 4;
} // namespace

void initUart() {
  reg(kEnable) = kEnableUart;
  reg(kBaudRate) = kBaudRate115200;
  reg(kTasksStartRx) = 1;
  reg(kTasksStartTx) = 1;
}

int readByte() {
  if (!reg(kEventsRxdRdy))
    return -1;
  // Clear the event before reading: reading RXD raises it again if more
  // bytes wait in the receive FIFO.
  reg(kEventsRxdRdy) = 0;
  return int(reg(kRxd) & 0xFF);
}

void writeByte(void *, uint8_t byte) {
  reg(kTxd) = byte;
  while (!reg(kEventsTxdRdy)) {
  }
  reg(kEventsTxdRdy) = 0;
}

} // namespace jlremote::board
