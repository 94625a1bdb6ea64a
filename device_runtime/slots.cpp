#include "slots.h"

#include "call.h"
#include "runtime_slots.h"

#if defined(__x86_64__)
#include "posix/libm_slots.h"
#endif

namespace jlremote {

namespace {
uintptr_t resolverAddress() {
  return reinterpret_cast<uintptr_t>(&jlremote_lazy_resolver);
}

#if defined(__x86_64__)
constexpr uint32_t kOwnSlotCount = runtimeSlotCount(kArchX86_64);
#else
constexpr uint32_t kOwnSlotCount = kRuntimeSlotCount;
#endif
} // namespace

bool Slots::init(Heap &heap) {
  void *const Block = heap.allocate(kSlotCount * sizeof(uintptr_t));
  if (!Block)
    return false;
  Table_ = SlotTable{static_cast<uintptr_t *>(Block), kSlotCount};
  for (uint32_t &Bits : Evicted_)
    Bits = 0;
  Refetches_ = 0;
  for (uint32_t I = 0; I < kSlotCount; ++I)
    Table_.Slots[I] = resolverAddress();
  Table_.Slots[kSlotPrint] = reinterpret_cast<uintptr_t>(&jlremote_print);
  Table_.Slots[kSlotExit] = reinterpret_cast<uintptr_t>(&jlremote_exit);
  Table_.Slots[kSlotAlloc] = reinterpret_cast<uintptr_t>(&jlremote_alloc);
  Table_.Slots[kSlotThrow] = reinterpret_cast<uintptr_t>(&jlremote_throw);
  Table_.Slots[kSlotRethrow] = reinterpret_cast<uintptr_t>(&jlremote_rethrow);
  Table_.Slots[kSlotTryEnter] =
      reinterpret_cast<uintptr_t>(&jlremote_try_enter);
  Table_.Slots[kSlotTryLeave] =
      reinterpret_cast<uintptr_t>(&jlremote_try_leave);
  Table_.Slots[kSlotException] =
      reinterpret_cast<uintptr_t>(&jlremote_exception);
#if defined(__x86_64__)
  fillPosixLibmSlots(Table_.Slots); // the POSIX device: the C library's math
#endif
  return true;
}

bool Slots::indexOf(const uintptr_t *address, uint32_t *slot) const {
  const uintptr_t Offset = reinterpret_cast<uintptr_t>(address) -
                           reinterpret_cast<uintptr_t>(Table_.Slots);
  if (Offset % sizeof(uintptr_t) != 0 ||
      Offset / sizeof(uintptr_t) >= Table_.Count)
    return false;
  *slot = uint32_t(Offset / sizeof(uintptr_t));
  return true;
}

bool Slots::loaded(uint32_t slot) const {
  return Table_.Slots[slot] != resolverAddress();
}

void Slots::unload(uint32_t slot) {
  Table_.Slots[slot] = resolverAddress();
  Evicted_[slot / 32] |= 1u << (slot % 32);
}

void Slots::set(uint32_t slot, uintptr_t target) {
  const uint32_t Bit = 1u << (slot % 32);
  if (Evicted_[slot / 32] & Bit) {
    Evicted_[slot / 32] &= ~Bit;
    ++Refetches_;
  }
  Table_.Slots[slot] = target;
}

uint32_t Slots::loadedCount() const {
  uint32_t Count = 0; // images only: the runtime's own slots do not count
  for (uint32_t I = kOwnSlotCount; I < Table_.Count; ++I)
    Count += loaded(I);
  return Count;
}

uint32_t Slots::slotOfCode(const Heap &heap, uintptr_t address) const {
  const void *const Block = heap.blockAround(address);
  if (!Block)
    return 0;
  uint32_t Best = 0;
  uintptr_t BestEntry = 0;
  for (uint32_t Slot = 0; Slot < Table_.Count; ++Slot) {
    const uintptr_t Entry = Table_.Slots[Slot] & ~uintptr_t(1);
    if (loaded(Slot) && Entry <= address && Entry >= BestEntry &&
        heap.blockAround(Entry) == Block) {
      Best = Slot;
      BestEntry = Entry;
    }
  }
  return Best;
}

} // namespace jlremote
