// mps2-an385: Arm MPS2 with the AN385 FPGA image, a Cortex-M3 at 25 MHz.
// UART0 is a CMSDK APB UART (drivers/cmsdk_uart.cpp); QEMU's first -serial.
#pragma once

#include "image_format.h"

#include <stdint.h>

namespace jlremote::board {
constexpr uint8_t kId = 1; // DeviceHello.board (proto/README.md)
constexpr uint8_t kArch = kArchThumbV7M;
constexpr uint32_t kCoreClockHz = 25'000'000;
constexpr uintptr_t kUartBase = 0x40004000;
constexpr uint32_t kUartClockHz = 25'000'000; // APB clock = core clock
constexpr uint32_t kBaudRate = 115200;
} // namespace jlremote::board
