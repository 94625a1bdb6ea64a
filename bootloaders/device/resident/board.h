// What a board provides to the resident (one implementation per board, in
// boards/<board>/ and drivers/): its UART, polled. The board's constants
// (id, arch, core clock, UART base) are in its board_config.h.
#pragma once

#include <stdint.h>

namespace jlremote::board {

// Brings the UART up at the link's rate, receiver and transmitter on.
void initUart();
// The next received byte, or -1 if none waits. Never blocks.
int readByte();
// Sends one byte, waiting while the transmitter is busy (a frame.h PutByte).
void writeByte(void *context, uint8_t byte);

} // namespace jlremote::board
