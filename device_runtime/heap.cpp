#include "heap.h"

// Under AddressSanitizer (the POSIX device's stress test) free payloads are
// poisoned: a use of a block the collector freed is reported at once.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(HEAP_ASAN)
#include <sanitizer/asan_interface.h>
#define HEAP_POISON(address, size) ASAN_POISON_MEMORY_REGION(address, size)
#define HEAP_UNPOISON(address, size) ASAN_UNPOISON_MEMORY_REGION(address, size)
#else
#define HEAP_POISON(address, size) ((void)(address), (void)(size))
#define HEAP_UNPOISON(address, size) ((void)(address), (void)(size))
#endif

namespace jlremote {

void Heap::init(uintptr_t begin, uintptr_t end) {
  // The map first, one bit per 16 bytes of the range (a bound on the
  // tiling's), then the first header at 8 (mod 16) so that payloads are
  // 16-aligned.
  const uintptr_t MapBytes = end > begin ? ((end - begin) / kAlign + 7) / 8 : 0;
  const uintptr_t AfterMap = begin + MapBytes;
  uintptr_t First =
      (AfterMap + kHeaderSize + kAlign - 1) / kAlign * kAlign - kHeaderSize;
  if (end < First + kAlign)
    First = end = begin; // too small for a single block: an empty heap
  const uintptr_t Size = (end - First) / kAlign * kAlign;
  StartMap_ = reinterpret_cast<uint8_t *>(begin);
  Begin_ = reinterpret_cast<uint8_t *>(First);
  End_ = Begin_ + Size;
  Used_ = HighWater_ = 0;
  HEAP_UNPOISON(StartMap_, size_t(End_ - StartMap_));
  for (uintptr_t I = 0; I < MapBytes; ++I)
    StartMap_[I] = 0;
  if (Size == 0)
    return;
  *at(Begin_) = Header{uint32_t(Size), kFree};
  setStart(Begin_, true);
  poison(at(Begin_));
}

void *Heap::allocate(size_t size, Kind kind) {
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
  HEAP_UNPOISON(Best, H->Size);
  if (H->Size - Need >= kAlign) {
    *at(Best + Need) = Header{uint32_t(H->Size - Need), kFree};
    setStart(Best + Need, true);
    poison(at(Best + Need));
    H->Size = uint32_t(Need);
  }
  H->State = kind;
  Used_ += H->Size;
  if (Used_ > HighWater_)
    HighWater_ = Used_;
  return Best + kHeaderSize;
}

void Heap::free(void *block) {
  Header *const H = header(block);
  Used_ -= H->Size;
  H->State = kFree;
  poison(H);
  coalesce();
}

void Heap::shrink(void *block, size_t size) {
  uint8_t *const P = static_cast<uint8_t *>(block) - kHeaderSize;
  Header *const H = at(P);
  const size_t Keep = (size + kHeaderSize + kAlign - 1) / kAlign * kAlign;
  if (H->Size < Keep + kAlign)
    return; // nothing worth a block of its own
  *at(P + Keep) = Header{uint32_t(H->Size - Keep), kFree};
  setStart(P + Keep, true);
  poison(at(P + Keep));
  Used_ -= H->Size - Keep;
  H->Size = uint32_t(Keep);
  coalesce();
}

void *Heap::blockAround(uintptr_t address) const {
  const uintptr_t Begin = reinterpret_cast<uintptr_t>(Begin_);
  if (address < Begin + kHeaderSize ||
      address >= reinterpret_cast<uintptr_t>(End_))
    return nullptr;
  // Back to the nearest header: whole empty bytes of the map at a time.
  size_t G = (address - Begin) / kAlign;
  while (!(StartMap_[G / 8] >> (G % 8) & 1))
    G = (G % 8 == 7 && StartMap_[G / 8] == 0) ? G - 8 : G - 1;
  uint8_t *const P = Begin_ + G * kAlign;
  if (address < reinterpret_cast<uintptr_t>(P) + kHeaderSize ||
      at(P)->State == kFree)
    return nullptr;
  return P + kHeaderSize;
}

bool Heap::mark(void *block) {
  Header *const H = header(block);
  if (H->State & kMarked)
    return false;
  H->State |= kMarked;
  return true;
}

// One pass: frees the objects, clears the marks and merges each run of free
// blocks as it goes.
size_t Heap::sweep(bool all) {
  size_t Freed = 0;
  Header *Hole = nullptr; // the free block right before P, if any
  for (uint8_t *P = Begin_; P < End_;) {
    Header *const H = at(P);
    const uint32_t Size = H->Size;
    if ((H->State & kKindMask) == kObject && (all || !(H->State & kMarked))) {
      H->State = kFree;
      Freed += Size;
      Used_ -= Size;
      poison(H);
    }
    H->State &= ~kMarked;
    if (H->State == kFree && Hole) {
      Hole->Size += Size;
      setStart(P, false);
      poison(Hole);
    } else {
      Hole = H->State == kFree ? H : nullptr;
    }
    P += Size;
  }
  return Freed;
}

// One pass merges every run of free blocks: the heap stays coalesced.
void Heap::coalesce() {
  for (uint8_t *P = Begin_; P < End_; P += at(P)->Size) {
    Header *const H = at(P);
    if (H->State != kFree)
      continue;
    bool Merged = false;
    while (P + H->Size < End_ && at(P + H->Size)->State == kFree) {
      setStart(P + H->Size, false);
      H->Size += at(P + H->Size)->Size;
      Merged = true;
    }
    if (Merged)
      poison(H);
  }
}

void Heap::setStart(uint8_t *header, bool isStart) {
  const size_t G = size_t(header - Begin_) / kAlign;
  const uint8_t Bit = uint8_t(1u << (G % 8));
  StartMap_[G / 8] = isStart ? uint8_t(StartMap_[G / 8] | Bit)
                             : uint8_t(StartMap_[G / 8] & ~Bit);
}

// A free block's payload, under AddressSanitizer.
void Heap::poison(Header *h) const {
  HEAP_POISON(reinterpret_cast<uint8_t *>(h) + kHeaderSize,
              h->Size - kHeaderSize);
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

} // namespace jlremote
