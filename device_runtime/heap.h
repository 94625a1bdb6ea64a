// The runtime's heap: images, the slot table and Julia objects live here.
// Best fit (large holes stay whole for large images) with immediate
// coalescing; the garbage collector (a later issue) will sit on top
// of this module and only needs the block walk below.
//
// Layout: the blocks tile [begin, end) with no gaps. Each block is
//
//   header  8 bytes   uint32 size (whole block, header included, multiple of
//                     16), uint32 state (0 free, 1 used)
//   payload size - 8  bytes, starting 16-byte aligned
//
// Every header sits at an address = 8 (mod 16), so every payload is 16-byte
// aligned without padding; a block is at least 16 bytes. Invariants: sizes add
// up to the managed range; after free() no two free blocks are adjacent.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

class Heap {
public:
  static constexpr size_t kAlign = 16;
  static constexpr size_t kHeaderSize = 8;

  // Manages the largest 16-aligned tiling that fits in [begin, end).
  void init(uintptr_t begin, uintptr_t end);
  // A 16-byte aligned block of at least `size` bytes, or null.
  [[nodiscard]] void *allocate(size_t size);
  // `block` must come from allocate() and not be freed yet.
  void free(void *block);
  // Gives back the end of `block` beyond its first `size` bytes (a loaded
  // image's spent relocations).
  void shrink(void *block, size_t size);

  size_t size() const { return size_t(End_ - Begin_); }
  // Payload bytes: what allocate() could hand out in total / at once.
  size_t freeBytes() const;
  size_t largestFree() const;
  // The used block whose payload holds `address`: its payload start, and
  // the end of the block. False when no used block holds it.
  [[nodiscard]] bool usedBlockAround(uintptr_t address, uintptr_t *begin,
                                     uintptr_t *end) const;

private:
  struct Header {
    uint32_t Size;
    uint32_t State;
  };
  static constexpr uint32_t kFree = 0, kUsed = 1;

  void coalesce();
  Header *at(uint8_t *address) const {
    return reinterpret_cast<Header *>(address);
  }

  uint8_t *Begin_ = nullptr;
  uint8_t *End_ = nullptr;
};

} // namespace jlremote
