// The garbage collector: mark and sweep over the object blocks of the heap.
// Conservative: any aligned word in a root range or in a marked object that
// points into an object block (at its start or inside it) keeps that block,
// so compiled code needs no pointer maps and no barriers. Marking uses an
// explicit stack, never recursion (the micro:bit's stack is 2.5 KB): when it
// overflows, the block that did not fit stays marked but unscanned, and once
// the stack is empty every marked object is scanned again until a pass
// overflows no more. Code blocks are neither marked nor freed here (eviction
// owns them); the runtime passes their bss as roots.
#pragma once

#include "heap.h"

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

class Collector {
public:
#if defined(__ARM_ARCH_6M__)
  static constexpr size_t kMarkStackSize = 32; // 128 bytes of the bss
#else
  static constexpr size_t kMarkStackSize = 256;
#endif

  // Marks the objects the aligned words of [begin, end) reach; then
  // Heap::sweep() frees every object no markFrom() reached.
  void markFrom(Heap &heap, uintptr_t begin, uintptr_t end);
  // Times the mark stack overflowed (for tests and statistics).
  uint32_t overflows() const { return Overflows_; }

private:
  void scan(Heap &heap, uintptr_t begin, uintptr_t end);
  void drain(Heap &heap);

  void *Stack_[kMarkStackSize];
  size_t Depth_ = 0;
  bool Overflowed_ = false;
  uint32_t Overflows_ = 0;
};

} // namespace jlremote
