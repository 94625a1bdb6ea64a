// The runtime stage of the device (proto/README.md): what the resident
// bootstrapper loads into RAM and jumps to, and what the POSIX device links.
#pragma once

#include "resident_services.h"

#include <stdint.h>

// Serves the host until Reset (boards: back to the resident) or forever.
// Returns at once if the services table is of another ABI version, or if the
// heap cannot even hold the slot table.
extern "C" void
jlremote_runtime_entry(const jlremote::ResidentServices *services);

namespace jlremote {

// A processor fault as the platform's handler saw it (in words: on the
// micro:bit this record's bytes are heap's).
struct FaultRecord {
  uintptr_t Pc;
  uintptr_t Lr;
  uintptr_t Sp;
  uintptr_t Address; // the data address, when AddressValid
  uint32_t Status;   // CFSR on v7-M, 0 on v6-M; the signal on the POSIX device
  uint8_t AddressValid;
  uint8_t RegisterCount;
  uintptr_t Registers[7]; // ARM r0-r3, r12; x86-64 rdi rsi rdx rcx r8 r9 rax
};

} // namespace jlremote

// Keeps `record` for the report and answers where the faulting context must
// resume: a function that reports the fault to the host and abandons the
// call (or restarts, outside a call). The POSIX device's signal handler
// calls it through ResidentServices::FaultHook; on Cortex-M the hook is
// jlremote_fault_hook, which calls it.
extern "C" uintptr_t jlremote_record_fault(const jlremote::FaultRecord *record);
