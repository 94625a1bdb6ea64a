// CRC-32 (IEEE 802.3, reflected, the zlib/PNG one) for frames and images.
// Table-less: it runs in the resident bootstrapper, where 1 KB of table costs
// more than the cycles it saves. Freestanding; shared by host and device.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

// Continues a CRC: start with 0 and feed the bytes in as many pieces as you
// like.
uint32_t crc32Update(uint32_t crc, const uint8_t *data, size_t size);

inline uint32_t crc32(const uint8_t *data, size_t size) {
  return crc32Update(0, data, size);
}

} // namespace jlremote
