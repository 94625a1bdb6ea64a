#include "collector.h"

namespace jlremote {

void Collector::markFrom(Heap &heap, uintptr_t begin, uintptr_t end) {
  scan(heap, begin, end);
  drain(heap);
  // A block the stack had no room for is marked but not scanned: scan
  // every marked object again until nothing overflows.
  while (Overflowed_) {
    Overflowed_ = false;
    heap.forEachBlock(Heap::kObject, [&](void *block) {
      if (!heap.marked(block))
        return;
      const uintptr_t Begin = reinterpret_cast<uintptr_t>(block);
      scan(heap, Begin, Begin + heap.payloadSize(block));
      drain(heap);
    });
  }
}

// Roots are stack words too, which AddressSanitizer's redzones surround:
// reading them is the point.
[[gnu::no_sanitize_address]] void Collector::scan(Heap &heap, uintptr_t begin,
                                                  uintptr_t end) {
  // The aligned words only (an image's bss starts right after its code;
  // Cortex-M0 faults on an unaligned load).
  const uintptr_t First =
      (begin + sizeof(uintptr_t) - 1) & ~(sizeof(uintptr_t) - 1);
  for (uintptr_t Word = First; Word + sizeof(uintptr_t) <= end;
       Word += sizeof(uintptr_t)) {
    void *const Block =
        heap.blockAround(*reinterpret_cast<const uintptr_t *>(Word));
    if (!Block || heap.kindOf(Block) != Heap::kObject || !heap.mark(Block))
      continue;
    if (Depth_ == kMarkStackSize) {
      if (!Overflowed_)
        ++Overflows_;
      Overflowed_ = true;
      continue;
    }
    Stack_[Depth_++] = Block;
  }
}

void Collector::drain(Heap &heap) {
  while (Depth_) {
    void *const Block = Stack_[--Depth_];
    const uintptr_t Begin = reinterpret_cast<uintptr_t>(Block);
    scan(heap, Begin, Begin + heap.payloadSize(Block));
  }
}

} // namespace jlremote
