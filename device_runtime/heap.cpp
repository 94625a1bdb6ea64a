#include "heap.h"

namespace jlremote {

void Heap::init(uintptr_t begin, uintptr_t end) {
  // First header at 8 (mod 16) so that payloads are 16-aligned.
  uintptr_t First =
      (begin + kHeaderSize + kAlign - 1) / kAlign * kAlign - kHeaderSize;
  if (end < First + kAlign)
    First = end = begin; // too small for a single block: an empty heap
  const uintptr_t Size = (end - First) / kAlign * kAlign;
  Begin_ = reinterpret_cast<uint8_t *>(First);
  End_ = Begin_ + Size;
  if (Size != 0)
    *at(Begin_) = Header{uint32_t(Size), kFree};
}

void *Heap::allocate(size_t size) {
  if (size > this->size())
    return nullptr;
  const size_t Need = (size + kHeaderSize + kAlign - 1) / kAlign * kAlign;
  // Best fit: the smallest free block that holds it, so that the large
  // holes stay whole for large images.
  uint8_t *Best = nullptr;
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size) {
    Header *const H = at(P);
    if (H->State == kFree && H->Size >= Need &&
        (!Best || H->Size < at(Best)->Size))
      Best = P;
  }
  if (!Best)
    return nullptr;
  Header *const H = at(Best);
  if (H->Size - Need >= kAlign) {
    *at(Best + Need) = Header{uint32_t(H->Size - Need), kFree};
    H->Size = uint32_t(Need);
  }
  H->State = kUsed;
  return Best + kHeaderSize;
}

void Heap::free(void *block) {
  at(static_cast<uint8_t *>(block) - kHeaderSize)->State = kFree;
  coalesce();
}

void Heap::shrink(void *block, size_t size) {
  uint8_t *const P = static_cast<uint8_t *>(block) - kHeaderSize;
  Header *const H = at(P);
  const size_t Keep = (size + kHeaderSize + kAlign - 1) / kAlign * kAlign;
  if (H->Size < Keep + kAlign)
    return; // nothing worth a block of its own
  *at(P + Keep) = Header{uint32_t(H->Size - Keep), kFree};
  H->Size = uint32_t(Keep);
  coalesce();
}

// One pass merges every run of free blocks: the heap stays coalesced.
void Heap::coalesce() {
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size) {
    Header *const H = at(P);
    if (H->State != kFree)
      continue;
    while (P + H->Size < End_ && at(P + H->Size)->State == kFree)
      H->Size += at(P + H->Size)->Size;
  }
}

size_t Heap::freeBytes() const {
  size_t Total = 0;
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size)
    if (at(P)->State == kFree)
      Total += at(P)->Size - kHeaderSize;
  return Total;
}

size_t Heap::largestFree() const {
  size_t Largest = 0;
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size)
    if (at(P)->State == kFree && at(P)->Size - kHeaderSize > Largest)
      Largest = at(P)->Size - kHeaderSize;
  return Largest;
}

bool Heap::usedBlockAround(uintptr_t address, uintptr_t *begin,
                           uintptr_t *end) const {
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size) {
    const uintptr_t Payload = reinterpret_cast<uintptr_t>(P) + kHeaderSize;
    const uintptr_t BlockEnd = reinterpret_cast<uintptr_t>(P) + at(P)->Size;
    if (address >= Payload && address < BlockEnd) {
      *begin = Payload;
      *end = BlockEnd;
      return at(P)->State == kUsed;
    }
  }
  return false;
}

} // namespace jlremote
