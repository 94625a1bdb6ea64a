// The function table: one pointer-sized slot per function the host has
// numbered. Code never calls another image directly: its stub loads the
// slot's address into a scratch register (ip on ARM, r11 on x86-64) and
// jumps to the slot's content. A slot starts out holding the lazy resolver
// (call.h), which asks the host for the image, fills the slot and goes on to
// the function, so the first call loads and every later call is direct.
#pragma once

#include "heap.h"
#include "image_loader.h"

namespace jlremote {

#if defined(__ARM_ARCH_6M__)
constexpr uint32_t kSlotCount = 128; // Cortex-M0: 16 KB of RAM on a microbit
#else
constexpr uint32_t kSlotCount = 512;
#endif

// Slots are pointer-sized.
struct SlotTable {
  uintptr_t *Slots;
  uint32_t Count;
};

class Slots {
public:
  // Takes the table from the heap and points every slot at the resolver.
  [[nodiscard]] bool init(Heap &heap);

  // Makes loadImage write stubs that jump through these slots.
  StubHook stubHook() const {
    return StubHook{&writeSlotStub, Table_.Slots, Table_.Count};
  }
  uint32_t count() const { return Table_.Count; }
  uintptr_t *address(uint32_t slot) { return &Table_.Slots[slot]; }
  // The slot number of a slot address, or false if it is none.
  [[nodiscard]] bool indexOf(const uintptr_t *address, uint32_t *slot) const;
  bool loaded(uint32_t slot) const;
  uint32_t loadedCount() const;
  uintptr_t get(uint32_t slot) const { return Table_.Slots[slot]; }
  // Fills a slot; counts a re-fetch when eviction had emptied it.
  void set(uint32_t slot, uintptr_t target);
  // Back to load-on-call: the next call through the slot fetches its image.
  void unload(uint32_t slot);
  // Slots filled again after eviction emptied them, since init().
  uint32_t refetches() const { return Refetches_; }
  // The slot of the function whose code holds `address`: in the same image
  // block of `heap`, the loaded slot with the last entry at or before it
  // (Thumb bit ignored); 0 when none does.
  uint32_t slotOfCode(const Heap &heap, uintptr_t address) const;

private:
  SlotTable Table_ = {nullptr, 0};
  uint32_t Evicted_[(kSlotCount + 31) / 32] = {}; // one bit per slot
  uint32_t Refetches_ = 0;
};

} // namespace jlremote
