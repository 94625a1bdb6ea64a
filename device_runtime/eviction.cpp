#include "eviction.h"

#include "runtime_slots.h"

namespace jlremote {
namespace {

// Every stack word, AddressSanitizer's redzones included.
[[gnu::no_sanitize_address]] bool stackPointsInto(uintptr_t scanFrom,
                                                  uintptr_t stackTop,
                                                  uintptr_t begin,
                                                  uintptr_t end) {
  for (uintptr_t Word = scanFrom; Word < stackTop; Word += sizeof(uintptr_t)) {
    const uintptr_t Value = *reinterpret_cast<const uintptr_t *>(Word);
    if (Value >= begin && Value < end)
      return true;
  }
  return false;
}

} // namespace

uint32_t evictIdleImages(Heap &heap, Slots &slots, uintptr_t scanFrom,
                         uintptr_t stackTop) {
  uint32_t Freed = 0;
  for (uint32_t Slot = kRuntimeSlotCount; Slot < slots.count(); ++Slot) {
    if (!slots.loaded(Slot))
      continue;
    void *const Block = heap.blockAround(slots.get(Slot));
    if (!Block || heap.kindOf(Block) != Heap::kCode)
      continue;
    const uintptr_t Begin = reinterpret_cast<uintptr_t>(Block);
    const uintptr_t End = Begin + heap.payloadSize(Block);
    if (stackPointsInto(scanFrom, stackTop, Begin, End))
      continue;
    // Every slot into this image (its exports too) goes back to the resolver.
    for (uint32_t Other = 0; Other < slots.count(); ++Other)
      if (slots.get(Other) >= Begin && slots.get(Other) < End)
        slots.unload(Other);
    heap.free(Block);
    ++Freed;
  }
  return Freed;
}

} // namespace jlremote
