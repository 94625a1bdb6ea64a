// The runtime's heap: images, the slot table and Julia objects live here.
// Best fit (large holes stay whole for large images) with immediate
// coalescing. The collector (collector.h) marks and sweeps the object
// blocks; eviction (eviction.h) frees image blocks.
//
// Layout: a block-start map, then blocks that tile the rest of the range
// with no gaps. Each block is
//
//   header  8 bytes   uint32 size (whole block, header included, multiple of
//                     16), uint32 state (kind: free, code or object; and the
//                     collector's mark bit)
//   payload size - 8  bytes, starting 16-byte aligned
//
// Every header sits at an address = 8 (mod 16), so every payload is 16-byte
// aligned without padding; a block is at least 16 bytes. The map has one bit
// per 16 bytes of the tiling, set where a header is: finding the block that
// holds an address (an interior pointer, for the collector and eviction)
// walks back to the nearest set bit instead of along the heap. Invariants:
// sizes add up to the tiling; the map's bits are exactly the headers; no
// two free blocks are adjacent; no mark bit is set outside a collection.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

class Heap {
public:
  static constexpr size_t kAlign = 16;
  static constexpr size_t kHeaderSize = 8;
  enum Kind : uint32_t { kFree = 0, kCode = 1, kObject = 2 };

  // Manages the largest 16-aligned tiling that fits in [begin, end) after
  // its block-start map.
  void init(uintptr_t begin, uintptr_t end);
  // A 16-byte aligned block of at least `size` bytes, or null. Code blocks
  // (images, the slot table) are freed by their owner; object blocks by
  // sweep().
  [[nodiscard]] void *allocate(size_t size, Kind kind = kCode);
  // `block` must come from allocate() and not be freed yet.
  void free(void *block);
  // Gives back the end of `block` beyond its first `size` bytes (a loaded
  // image's spent relocations).
  void shrink(void *block, size_t size);

  // The used block whose payload holds `address`: its payload start, or
  // null (outside the heap, in a header, in a free block).
  [[nodiscard]] void *blockAround(uintptr_t address) const;
  Kind kindOf(const void *block) const {
    return Kind(header(block)->State & kKindMask);
  }
  // Bytes from `block` to the end of its block.
  size_t payloadSize(const void *block) const {
    return header(block)->Size - kHeaderSize;
  }
  // Sets the mark of `block`; false if it was set already.
  [[nodiscard]] bool mark(void *block);
  bool marked(const void *block) const {
    return header(block)->State & kMarked;
  }
  // Frees every unmarked object block (every object block when `all`) and
  // clears the marks; returns the bytes freed.
  size_t sweep(bool all = false);

  // Calls f(payload) for every block of `kind` (not sweep(), free() or
  // allocate() from inside f: they change the blocks).
  template <typename F> void forEachBlock(Kind kind, F f) const {
    for (uint8_t *P = Begin_; P < End_; P += at(P)->Size)
      if ((at(P)->State & kKindMask) == kind)
        f(static_cast<void *>(P + kHeaderSize));
  }

  size_t size() const { return size_t(End_ - Begin_); }
  // Payload bytes: what allocate() could hand out in total / at once.
  size_t freeBytes() const;
  size_t largestFree() const;
  // The most bytes in used blocks (headers included) at any time since
  // init().
  size_t highWater() const { return HighWater_; }

private:
  struct Header {
    uint32_t Size;
    uint32_t State;
  };
  static constexpr uint32_t kKindMask = 3, kMarked = 4;

  void coalesce();
  void setStart(uint8_t *header, bool isStart);
  void poison(Header *h) const;
  Header *at(uint8_t *address) const {
    return reinterpret_cast<Header *>(address);
  }
  Header *header(const void *block) const {
    return reinterpret_cast<Header *>(const_cast<uint8_t *>(
        static_cast<const uint8_t *>(block) - kHeaderSize));
  }

  uint8_t *Begin_ = nullptr;
  uint8_t *End_ = nullptr;
  uint8_t *StartMap_ = nullptr; // bit i: a header at Begin_ + 16 * i
  size_t Used_ = 0;
  size_t HighWater_ = 0;
};

} // namespace jlremote
