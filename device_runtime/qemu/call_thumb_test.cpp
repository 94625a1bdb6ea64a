// call_thumb.S on a bare Cortex-M0 (microbit) and M3 (mps2-an385) under QEMU:
// jlremote_call places register and stack arguments, an empty slot goes
// through jlremote_lazy_resolver (which must keep r0-r3 and lr), and the
// result comes back in r0:r1. The exit status (semihosting) is the number
// of the first failed check, 0 if all pass. The entries that capture their
// caller's context hand it to the functions below in place of the
// runtime's.
#include "call.h"

using jlremote::CallFrame;
using jlremote::CallReturn;

namespace {

uintptr_t *ResolvedSlot = nullptr;
int Resolutions = 0;
uintptr_t SavedR0 = 0, SavedR1 = 0;

// Six arguments: r0-r3 and two stack words. Weights tell them apart.
extern "C" [[gnu::noinline]] uint32_t
weigh(uint32_t a, uint32_t b, uint32_t c, uint32_t d, uint32_t e, uint32_t f) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

// A 64-bit result: r0 low, r1 high.
extern "C" [[gnu::noinline]] uint64_t widen(uint32_t a, uint32_t b) {
  return (uint64_t(a) << 32 | b) + 1;
}

[[noreturn]] void exitWith(int status) {
  // Semihosting SYS_EXIT_EXTENDED: ADP_Stopped_ApplicationExit, status.
  static uint32_t Block[2];
  Block[0] = 0x20026;
  Block[1] = uint32_t(status);
  register uint32_t R0 asm("r0") = 0x20;
  register uint32_t *R1 asm("r1") = Block;
  asm volatile("bkpt 0xab" : : "r"(R0), "r"(R1) : "memory");
  for (;;) {
  }
}

uintptr_t Target = 0; // what the resolver puts in the slot

} // namespace

extern "C" uintptr_t jlremote_resolve_slot(uintptr_t *slot,
                                           uintptr_t scanFrom) {
  ResolvedSlot = slot;
  // Eviction scans from here: the caller's r0-r3 sit above the pad word and
  // the copies of r8-r11.
  const auto *Saved = reinterpret_cast<const uintptr_t *>(scanFrom);
  SavedR0 = Saved[5];
  SavedR1 = Saved[6];
  ++Resolutions;
  *slot = Target;
  return Target;
}

// The entries that capture their caller's context (jlremote_alloc,
// jlremote_throw, jlremote_rethrow) reach these with it.
jlremote::CallerContext Seen;
uint32_t SeenArguments[4];
void *Resume[5]; // back to reset() from the raises

extern "C" void *jlremote_allocate(size_t size,
                                   const jlremote::CallerContext *context) {
  Seen = *context;
  return reinterpret_cast<void *>(size + 1);
}

extern "C" void jlremote_raise(uint32_t type, uint32_t site,
                               const void *payload, uint32_t size,
                               const jlremote::CallerContext *context) {
  Seen = *context;
  SeenArguments[0] = type, SeenArguments[1] = site;
  SeenArguments[2] = reinterpret_cast<uintptr_t>(payload);
  SeenArguments[3] = size;
  __builtin_longjmp(Resume, 1);
}

extern "C" void jlremote_raise_again(const void *exception,
                                     const jlremote::CallerContext *context) {
  Seen = *context;
  SeenArguments[0] = reinterpret_cast<uintptr_t>(exception);
  __builtin_longjmp(Resume, 1);
}

// Not reached: no fault here.
extern "C" void jlremote_report_fault(const jlremote::CallerContext *) {
  exitWith(20);
}

// r4 holds `Marker` at each call: it must be the context's first word, the
// caller's sp just above the context, and r4 intact after the return.
[[gnu::noinline]] void checkContexts() {
  register uintptr_t Marker asm("r4") = 0x4A4B4C4D;
  asm volatile("" : "+r"(Marker));
  void *const Got = jlremote_alloc(41);
  asm volatile("" : "+r"(Marker));
  if (Got != reinterpret_cast<void *>(42) || Seen.Words[0] != 0x4A4B4C4D ||
      Marker != 0x4A4B4C4D)
    exitWith(10);
  if (Seen.callerSp() % 8 != 0 || (Seen.returnAddress() & 1) == 0)
    exitWith(11);
  const uint32_t Payload = 7;
  if (__builtin_setjmp(Resume) == 0)
    jlremote_throw(2, 5, &Payload, 4);
  if (SeenArguments[0] != 2 || SeenArguments[1] != 5 ||
      SeenArguments[2] != reinterpret_cast<uintptr_t>(&Payload) ||
      SeenArguments[3] != 4 || Seen.callerSp() % 8 != 0)
    exitWith(12);
  if (__builtin_setjmp(Resume) == 0)
    jlremote_rethrow(&Payload);
  if (SeenArguments[0] != reinterpret_cast<uintptr_t>(&Payload) ||
      Seen.callerSp() % 8 != 0)
    exitWith(13);
}

extern "C" [[noreturn]] void reset() {
  ResolvedSlot = nullptr; // no startup code: nothing zeroed the .bss
  Resolutions = 0;
  uintptr_t Slots[3];
  for (uintptr_t &S : Slots)
    S = reinterpret_cast<uintptr_t>(&jlremote_lazy_resolver);

  CallFrame Frame = {};
  CallReturn Result = {};
  Frame.Slot = &Slots[1];
  Frame.Gp[0] = 1, Frame.Gp[1] = 10, Frame.Gp[2] = 100, Frame.Gp[3] = 1000;
  Frame.StackCount = 2;
  Frame.Stack[0] = 10000, Frame.Stack[1] = 100000;
  Target = reinterpret_cast<uintptr_t>(&weigh);
  jlremote_call(&Frame, &Result);
  const uint32_t Weighed = weigh(1, 10, 100, 1000, 10000, 100000);
  if (Result.Gp0 != Weighed)
    exitWith(1);
  if (ResolvedSlot != &Slots[1] || Resolutions != 1 || Slots[1] != Target)
    exitWith(2);
  if (SavedR0 != 1 || SavedR1 != 10)
    exitWith(5);
  Result = {};
  jlremote_call(&Frame, &Result); // now direct
  if (Result.Gp0 != Weighed || Resolutions != 1)
    exitWith(3);

  Frame.Slot = &Slots[2];
  Frame.Gp[0] = 0x12345678, Frame.Gp[1] = 0xFFFFFFFF;
  Frame.StackCount = 0;
  Target = reinterpret_cast<uintptr_t>(&widen);
  jlremote_call(&Frame, &Result);
  if (Result.Gp0 != 0 || Result.Gp1 != 0x12345679 || ResolvedSlot != &Slots[2])
    exitWith(4);
  checkContexts();
  exitWith(0);
}

extern "C" uint32_t __stack_top;
extern "C" const uintptr_t Vectors[] [[gnu::section(".vectors"), gnu::used]] = {
    reinterpret_cast<uintptr_t>(&__stack_top),
    reinterpret_cast<uintptr_t>(&reset)};
