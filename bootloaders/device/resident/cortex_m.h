// What every ARMv6-M/ARMv7-M core gives the resident (cortex_m.cpp): the
// millisecond clock, the code barrier and the reset. The vector table and
// the startup live there too.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

// Milliseconds since boot (SysTick at 1 kHz), wrapping.
uint32_t millis();
// Makes freshly written code visible to instruction fetch: M0/M3 have no
// cache, so a barrier is all it takes.
void syncCode(const void *code, size_t size);
// System reset through AIRCR.SYSRESETREQ: back to the resident stage.
[[noreturn]] void restart();
// Set by the runtime (ResidentServices::FaultHook): what a fault calls
// instead of restart().
extern uintptr_t FaultHook;

// The resident's main loop (resident.cpp), entered after startup.
[[noreturn]] void residentMain();

} // namespace jlremote
