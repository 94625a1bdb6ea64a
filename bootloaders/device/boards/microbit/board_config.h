// microbit: BBC micro:bit, an nRF51822 with a Cortex-M0 at 16 MHz and 16 KB
// of RAM. UART0 is the nRF51 UART (drivers/nrf51_uart.cpp); QEMU's -serial.
#pragma once

#include "image_format.h"

#include <stdint.h>

namespace jlremote::board {
constexpr uint8_t kId = 2; // DeviceHello.board (proto/README.md)
constexpr uint8_t kArch = kArchThumbV6M;
constexpr uint32_t kCoreClockHz = 16'000'000;
constexpr uintptr_t kUartBase = 0x40002000;
constexpr uint32_t kBaudRate115200 = 0x01D7E000; // nRF51 BAUDRATE encoding
// Flash geometry, for the flash stage (drivers/nrf51_nvmc.cpp).
constexpr uint32_t kFlashSize = 256 * 1024;
constexpr uint32_t kFlashPageSize = 1024;
} // namespace jlremote::board
