// jlremote_call, jlremote_lazy_resolver and the entries that capture their
// caller's context, for Cortex-M (AAPCS, soft-float), in the Thumb-1 subset
// so that one file serves ARMv6-M and ARMv7-M. See call.h.
#include "call.h"

        .syntax unified
        .cpu    cortex-m0
        .thumb
        .text

// void jlremote_call(const CallFrame *frame /*r0*/, CallReturn *out /*r1*/)
        .global jlremote_call
        .type   jlremote_call, %function
        .thumb_func
jlremote_call:
        push    {r4, r5, r6, r7, lr}
        mov     r7, sp                  // restored after the call
        mov     r4, r0
        mov     r6, r1
        // Room for the stack words, sp 8-aligned at the call.
        ldr     r5, [r4, #CALL_STACK_COUNT]
        lsls    r5, r5, #2
        mov     r3, sp
        subs    r3, r3, r5
        lsrs    r3, r3, #3
        lsls    r3, r3, #3
        mov     sp, r3
        mov     r0, r4
        adds    r0, #CALL_STACK
        movs    r2, #0
1:      cmp     r2, r5
        bhs     2f
        ldr     r1, [r0, r2]
        str     r1, [r3, r2]
        adds    r2, r2, #4
        b       1b
2:      ldr     r0, [r4, #CALL_SLOT]
        mov     ip, r0
        ldr     r5, [r0]                // the slot's content: code or resolver
        ldr     r0, [r4, #CALL_GP]
        ldr     r1, [r4, #CALL_GP + 4]
        ldr     r2, [r4, #CALL_GP + 8]
        ldr     r3, [r4, #CALL_GP + 12]
        blx     r5
        str     r0, [r6, #RESULT_GP0]
        str     r1, [r6, #RESULT_GP1]
        mov     sp, r7
        pop     {r4, r5, r6, r7, pc}
        .size   jlremote_call, .-jlremote_call

// Entered like the function it stands for, with ip = slot address.
        .global jlremote_lazy_resolver
        .type   jlremote_lazy_resolver, %function
        .thumb_func
jlremote_lazy_resolver:
        // Every register the caller may hold a pointer in goes on the stack,
        // where eviction's scan (second argument: from here up) sees it:
        // r0-r7 and lr, then copies of r8-r11 (C code preserves the real
        // ones), and a pad word that keeps sp 8-aligned for the call.
        push    {r0, r1, r2, r3, r4, r5, r6, r7, lr}
        mov     r4, r8
        mov     r5, r9
        mov     r6, r10
        mov     r7, r11
        push    {r4, r5, r6, r7}
        sub     sp, #4
        mov     r0, ip
        mov     r1, sp
        bl      jlremote_resolve_slot
        mov     ip, r0
        add     sp, #20                 // the pad and the r8-r11 copies
        ldr     r0, [sp, #32]           // Thumb-1 cannot pop into lr
        mov     lr, r0
        pop     {r0, r1, r2, r3, r4, r5, r6, r7}
        add     sp, #4
        bx      ip
        .size   jlremote_lazy_resolver, .-jlremote_lazy_resolver

// Pushes the caller's CallerContext (call.h): r4-r11 and lr, ascending
// from sp. Thumb-1 pushes only r0-r7 and lr: lr carries r8-r11 down, one
// at a time, above r4-r7.
        .macro  push_context
        push    {lr}
        mov     lr, r11
        push    {lr}
        mov     lr, r10
        push    {lr}
        mov     lr, r9
        push    {lr}
        mov     lr, r8
        push    {lr}
        push    {r4, r5, r6, r7}
        .endm

// void *jlremote_alloc(size_t size /*r0*/): jlremote_allocate(size,
// context). Nine words pushed and a pad: sp 8-aligned at the call.
        .global jlremote_alloc
        .type   jlremote_alloc, %function
        .thumb_func
jlremote_alloc:
        push_context
        mov     r1, sp
        sub     sp, #4
        bl      jlremote_allocate
        add     sp, #36                 // the pad, r4-r11 (unchanged)
        pop     {pc}
        .size   jlremote_alloc, .-jlremote_alloc

// jlremote_throw(type, site, payload, size /*r0-r3*/): jlremote_raise with
// the context as its fifth argument, the word at sp (sp 8-aligned: ten
// words pushed).
        .global jlremote_throw
        .type   jlremote_throw, %function
        .thumb_func
jlremote_throw:
        push_context
        mov     r4, sp
        push    {r4}
        bl      jlremote_raise
        .size   jlremote_throw, .-jlremote_throw

// jlremote_rethrow(exception /*r0*/): jlremote_raise_again(exception,
// context).
        .global jlremote_rethrow
        .type   jlremote_rethrow, %function
        .thumb_func
jlremote_rethrow:
        push_context
        mov     r1, sp
        sub     sp, #4
        bl      jlremote_raise_again
        .size   jlremote_rethrow, .-jlremote_rethrow

// Where a fault resumes (runtime.h): the exception return restored the
// faulting sp and lr, and r4-r11 were never touched. sp may be 4 (mod 8):
// realigned for the call.
        .global jlremote_fault_landing
        .type   jlremote_fault_landing, %function
        .thumb_func
jlremote_fault_landing:
        push_context
        mov     r0, sp
        lsrs    r1, r0, #3
        lsls    r1, r1, #3
        mov     sp, r1
        bl      jlremote_report_fault
        .size   jlremote_fault_landing, .-jlremote_fault_landing

        .section .note.GNU-stack, "", %progbits
