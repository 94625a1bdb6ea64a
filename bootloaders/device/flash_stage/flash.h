// What a board with a flash runtime provides to the flash stage: page erase
// and word writes through its flash controller. The geometry (kFlashSize,
// kFlashPageSize) is in its board_config.h.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote::board {

// Erases the page at `address` (a multiple of kFlashPageSize) to all ones.
void erasePage(uint32_t address);
// Programs `count` words from `words` into erased flash at `address`.
void writeFlash(uint32_t address, const uint32_t *words, size_t count);

} // namespace jlremote::board
