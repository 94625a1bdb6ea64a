// The two pieces of assembly between the runtime and loaded code, one file
// per architecture (call_thumb.S serves Cortex-M0 and M3, call_x86_64.S the
// POSIX device); the CALL_* offsets below are shared with them.
//
// jlremote_call(frame, result): places the arguments of a Call message in
// the calling convention (the host already sorted them into registers and
// stack words), calls through the slot, and stores the return registers.
//   ARM (AAPCS soft-float): r0-r3 = Gp[0..3], stack words from sp upwards,
//     result r0, r1. ip holds the slot address at the call.
//   x86-64 (SysV): rdi rsi rdx rcx r8 r9 = Gp, xmm0-7 = Fp (low 64 bits),
//     al = 8 (a variadic callee may read every xmm), stack words from rsp
//     upwards (16-byte aligned at the call), result rax, rdx, xmm0. r11 holds
//     the slot address at the call.
//
// jlremote_lazy_resolver: the initial content of every slot. Reached with
// the slot address in ip / r11 and the callee's arguments in place; saves
// the argument registers (ARM r0-r3 and lr; x86-64 rdi rsi rdx rcx r8 r9 rax
// xmm0-7), calls jlremote_resolve_slot(slot address), which loads the image
// and returns the slot's new content, restores them and jumps there. On a
// failure jlremote_resolve_slot does not return: it abandons the call.
//
// The runtime slots that may throw (jlremote_throw, jlremote_rethrow,
// jlremote_alloc) and the fault landing are entries here too: each pushes
// its caller's callee-saved registers and return address below the caller's
// sp, a CallerContext, and passes it to the runtime's C++ (jlremote_raise,
// jlremote_raise_again, jlremote_allocate, jlremote_report_fault). The
// context is the first frame of a stack snapshot (an uncaught exception's
// stack trace) and where the collector's and eviction's stack scans start:
// the caller's registers are in it.
#pragma once

#define CALL_SLOT 0
#if defined(__x86_64__)
#define CALL_GP_REGS 6
#define CALL_FP_REGS 8
#define CALL_WORD 8
#else
#define CALL_GP_REGS 4
#define CALL_FP_REGS 0
#define CALL_WORD 4
#endif
#define CALL_STACK_WORDS 16
#define CALL_GP (CALL_SLOT + CALL_WORD)
#define CALL_FP (CALL_GP + CALL_GP_REGS * CALL_WORD)
#define CALL_STACK_COUNT (CALL_FP + CALL_FP_REGS * 8)
#define CALL_STACK (CALL_STACK_COUNT + CALL_WORD)
#define RESULT_GP0 0
#define RESULT_GP1 CALL_WORD
#define RESULT_FP0 (2 * CALL_WORD)
// CallerContext: ARM r4-r11, lr; x86-64 rbx rbp r12 r13 r14 r15, the return
// address. The callee-saved registers are the first CONTEXT_REGISTERS.
#if defined(__x86_64__)
#define CONTEXT_WORDS 7
#define CONTEXT_REGISTERS 6
#else
#define CONTEXT_WORDS 9
#define CONTEXT_REGISTERS 9
#endif

#ifndef __ASSEMBLER__
#include "runtime_slots.h"

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

constexpr uint32_t kCallGpRegs = CALL_GP_REGS;
constexpr uint32_t kCallFpRegs = CALL_FP_REGS;
constexpr uint32_t kCallStackWords = CALL_STACK_WORDS;

struct CallFrame {
  uintptr_t *Slot;
  uintptr_t Gp[kCallGpRegs];
#if CALL_FP_REGS
  uint64_t Fp[kCallFpRegs];
#endif
  uintptr_t StackCount;
  uintptr_t Stack[kCallStackWords];
};
static_assert(offsetof(CallFrame, Gp) == CALL_GP);
#if CALL_FP_REGS
static_assert(offsetof(CallFrame, Fp) == CALL_FP);
#endif
static_assert(offsetof(CallFrame, StackCount) == CALL_STACK_COUNT);
static_assert(offsetof(CallFrame, Stack) == CALL_STACK);

struct CallReturn {
  uintptr_t Gp0;
  uintptr_t Gp1;
  uint64_t Fp0; // not written on soft-float ARM
};
static_assert(offsetof(CallReturn, Gp1) == RESULT_GP1);
static_assert(offsetof(CallReturn, Fp0) == RESULT_FP0);

// What the throwing entries save (ascending addresses from their sp).
struct CallerContext {
  uintptr_t Words[CONTEXT_WORDS];

  // The return address into the caller (ARM: lr, Thumb bit set).
  uintptr_t returnAddress() const { return Words[CONTEXT_WORDS - 1]; }
  // The caller's sp once the call returns: just above the context.
  uintptr_t callerSp() const {
    return reinterpret_cast<uintptr_t>(&Words[CONTEXT_WORDS]);
  }
};
constexpr uint32_t kContextRegisters = CONTEXT_REGISTERS;

} // namespace jlremote

extern "C" {
void jlremote_call(const jlremote::CallFrame *frame,
                   jlremote::CallReturn *result);
// Not a C function: only its address is used, as the content of a slot.
void jlremote_lazy_resolver();
// Defined by the runtime (runtime.cpp).
uintptr_t jlremote_resolve_slot(uintptr_t *slot, uintptr_t scanFrom);
// Runtime slot kSlotPrint (runtime_slots.h).
void jlremote_print(uint32_t format, const void *values, size_t size);
// Runtime slot kSlotExit: does not return.
[[noreturn]] void jlremote_exit(int32_t status);
// Runtime slots kSlotAlloc .. kSlotException (runtime_slots.h): the first
// three are the entries above.
void *jlremote_alloc(size_t size);
[[noreturn]] void jlremote_throw(uint32_t type, uint32_t site,
                                 const void *payload, uint32_t size);
[[noreturn]] void jlremote_rethrow(const void *exception);
void jlremote_try_enter(jlremote::JuliaHandler *handler);
void jlremote_try_leave(jlremote::JuliaHandler *handler);
const void *jlremote_exception(void);
// The entries' C++ halves (runtime.cpp).
void *jlremote_allocate(size_t size, const jlremote::CallerContext *context);
[[noreturn]] void jlremote_raise(uint32_t type, uint32_t site,
                                 const void *payload, uint32_t size,
                                 const jlremote::CallerContext *context);
[[noreturn]] void jlremote_raise_again(const void *exception,
                                       const jlremote::CallerContext *context);
// The fault landing (runtime.h): entered, not called, with the faulting
// context's callee-saved registers (ARM: and its sp and lr).
[[noreturn]] void jlremote_fault_landing();
[[noreturn]] void jlremote_report_fault(const jlremote::CallerContext *context);
}
#endif
