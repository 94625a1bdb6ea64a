// Vector table, startup, SysTick and reset for ARMv6-M and ARMv7-M: the same
// 16 system vectors on both, and the resident polls its UART, so it needs no
// external interrupt vector.
#include "cortex_m.h"

#include "board.h"
#include "board_config.h"

// Defined by resident.ld.
extern "C" uint32_t __stack_top, __bss_start, __bss_end;

namespace jlremote {
namespace {

volatile uint32_t Ticks;

// System control space registers (same addresses on v6-M and v7-M).
volatile uint32_t &reg(uintptr_t address) {
  return *reinterpret_cast<volatile uint32_t *>(address);
}
struct SysTick {
  volatile uint32_t Ctrl;
  volatile uint32_t Load;
  volatile uint32_t Value;
};
constexpr uintptr_t kSysTick = 0xE000E010;
constexpr uint32_t kSysTickEnable = 1, kSysTickInterrupt = 2,
                   kSysTickCoreClock = 4;
constexpr uintptr_t kAircr = 0xE000ED0C;
constexpr uint32_t kAircrSysResetReq = 0x05FA0004; // with the write key

void sysTickHandler() { Ticks = Ticks + 1; }

// HardFault (and MemManage, BusFault, UsageFault on v7-M): the runtime's
// hook with the exception frame (on MSP: everything runs on it), or a reset
// when there is none. A branch, not a call: the hook returns from the
// exception with the EXC_RETURN still in lr.
[[gnu::naked]] void faultHandler() {
  asm volatile("ldr r1, =%c0\n\t"
               "ldr r1, [r1]\n\t"
               "cmp r1, #0\n\t"
               "bne 1f\n\t"
               "b %c1\n"
               "1:\n\t"
               "mrs r0, msp\n\t"
               "bx r1\n\t"
               ".ltorg" ::"i"(&FaultHook),
               "i"(&restart));
}

} // namespace

uintptr_t FaultHook;

} // namespace jlremote

// The reset vector, and the ELF entry (resident.ld).
extern "C" [[noreturn]] void jlremote_reset() {
  using namespace jlremote;
  // -fno-tree-loop-distribute-patterns keeps this from becoming a memset call.
  for (uint32_t *Word = &__bss_start; Word < &__bss_end; ++Word)
    *Word = 0;
  board::initUart();
  SysTick &Timer = *reinterpret_cast<SysTick *>(kSysTick);
  Timer.Load = board::kCoreClockHz / 1000 - 1;
  Timer.Value = 0;
  Timer.Ctrl = kSysTickEnable | kSysTickInterrupt | kSysTickCoreClock;
  residentMain();
}

namespace jlremote {
namespace {

using Handler = void (*)();

struct VectorTable {
  const void *StackTop;
  Handler Vectors[15];
};

// Exceptions 1-15. A fault goes to the runtime's hook when it has set one
// (it reports the fault and goes back to its request loop); otherwise, and
// for NMI, it resets the core: the host finds the device in the resident
// stage with its next Hello. Entries 7-10 and 13 are reserved (and 4-6, 12 on
// v6-M); filling them costs nothing and is never wrong.
[[gnu::section(".vectors"), gnu::used]] const VectorTable kVectorTable = {
    &__stack_top,
    {
        jlremote_reset,
        restart,      // NMI
        faultHandler, // HardFault
        faultHandler, // MemManage (v7-M)
        faultHandler, // BusFault (v7-M)
        faultHandler, // UsageFault (v7-M)
        restart,
        restart,
        restart,
        restart,
        restart,
        restart,
        restart,
        restart,
        sysTickHandler,
    }};

} // namespace

uint32_t millis() { return Ticks; }

void syncCode(const void *, size_t) { asm volatile("dsb\n\tisb" ::: "memory"); }

void restart() {
  asm volatile("dsb" ::: "memory");
  reg(kAircr) = kAircrSysResetReq;
  for (;;) {
  }
}

} // namespace jlremote
