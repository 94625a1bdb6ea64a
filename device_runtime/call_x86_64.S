// jlremote_call, jlremote_lazy_resolver and the entries that capture their
// caller's context, for the POSIX device on x86-64 (System V ABI). See
// call.h.
#include "call.h"

        .text

// void jlremote_call(const CallFrame *frame /*rdi*/, CallReturn *out /*rsi*/)
        .globl  jlremote_call
        .type   jlremote_call, @function
        .p2align 4
jlremote_call:
        push    %rbp
        mov     %rsp, %rbp
        push    %rbx
        push    %r12
        mov     %rdi, %rbx
        mov     %rsi, %r12
        // Room for the stack words, rsp 16-aligned at the call.
        mov     CALL_STACK_COUNT(%rbx), %rcx
        lea     (,%rcx,8), %rax
        sub     %rax, %rsp
        and     $-16, %rsp
        xor     %eax, %eax
1:      cmp     %rcx, %rax
        jae     2f
        mov     CALL_STACK(%rbx,%rax,8), %rdx
        mov     %rdx, (%rsp,%rax,8)
        inc     %rax
        jmp     1b
2:      movq    CALL_FP+0(%rbx), %xmm0
        movq    CALL_FP+8(%rbx), %xmm1
        movq    CALL_FP+16(%rbx), %xmm2
        movq    CALL_FP+24(%rbx), %xmm3
        movq    CALL_FP+32(%rbx), %xmm4
        movq    CALL_FP+40(%rbx), %xmm5
        movq    CALL_FP+48(%rbx), %xmm6
        movq    CALL_FP+56(%rbx), %xmm7
        mov     CALL_GP+0(%rbx), %rdi
        mov     CALL_GP+8(%rbx), %rsi
        mov     CALL_GP+16(%rbx), %rdx
        mov     CALL_GP+24(%rbx), %rcx
        mov     CALL_GP+32(%rbx), %r8
        mov     CALL_GP+40(%rbx), %r9
        mov     CALL_SLOT(%rbx), %r11
        mov     $8, %eax
        call    *(%r11)
        mov     %rax, RESULT_GP0(%r12)
        mov     %rdx, RESULT_GP1(%r12)
        movq    %xmm0, RESULT_FP0(%r12)
        lea     -16(%rbp), %rsp
        pop     %r12
        pop     %rbx
        pop     %rbp
        ret
        .size   jlremote_call, .-jlremote_call

// Entered like the function it stands for, with r11 = slot address.
        .globl  jlremote_lazy_resolver
        .type   jlremote_lazy_resolver, @function
        .p2align 4
jlremote_lazy_resolver:
        // Thirteen pushes and 128 bytes of xmm: rsp 16-aligned for the call.
        push    %rdi
        push    %rsi
        push    %rdx
        push    %rcx
        push    %r8
        push    %r9
        push    %rax
        // Copies of the callee-saved registers, for eviction's stack scan
        // (second argument: from rsp up); C code preserves the real ones.
        push    %rbx
        push    %rbp
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        sub     $128, %rsp
        movdqu  %xmm0, 0(%rsp)
        movdqu  %xmm1, 16(%rsp)
        movdqu  %xmm2, 32(%rsp)
        movdqu  %xmm3, 48(%rsp)
        movdqu  %xmm4, 64(%rsp)
        movdqu  %xmm5, 80(%rsp)
        movdqu  %xmm6, 96(%rsp)
        movdqu  %xmm7, 112(%rsp)
        mov     %r11, %rdi
        mov     %rsp, %rsi
        call    jlremote_resolve_slot@PLT
        mov     %rax, %r11
        movdqu  0(%rsp), %xmm0
        movdqu  16(%rsp), %xmm1
        movdqu  32(%rsp), %xmm2
        movdqu  48(%rsp), %xmm3
        movdqu  64(%rsp), %xmm4
        movdqu  80(%rsp), %xmm5
        movdqu  96(%rsp), %xmm6
        movdqu  112(%rsp), %xmm7
        add     $128 + 48, %rsp
        pop     %rax
        pop     %r9
        pop     %r8
        pop     %rcx
        pop     %rdx
        pop     %rsi
        pop     %rdi
        jmp     *%r11
        .size   jlremote_lazy_resolver, .-jlremote_lazy_resolver

// Pushes the callee-saved registers below the return address: with it, the
// caller's CallerContext (call.h) from rsp up, then `context` = rsp. rsp
// then drops a pad word: 16-aligned for the call.
        .macro  push_context context
        push    %r15
        push    %r14
        push    %r13
        push    %r12
        push    %rbp
        push    %rbx
        mov     %rsp, \context
        sub     $8, %rsp
        .endm

// void *jlremote_alloc(size_t size /*rdi*/): jlremote_allocate(size,
// context).
        .globl  jlremote_alloc
        .type   jlremote_alloc, @function
        .p2align 4
jlremote_alloc:
        push_context %rsi
        call    jlremote_allocate@PLT
        add     $56, %rsp               // the pad, the registers (unchanged)
        ret
        .size   jlremote_alloc, .-jlremote_alloc

// jlremote_throw(type, site, payload, size /*rdi rsi rdx rcx*/):
// jlremote_raise with the context as its fifth argument.
        .globl  jlremote_throw
        .type   jlremote_throw, @function
        .p2align 4
jlremote_throw:
        push_context %r8
        call    jlremote_raise@PLT
        .size   jlremote_throw, .-jlremote_throw

// jlremote_rethrow(exception /*rdi*/): jlremote_raise_again(exception,
// context).
        .globl  jlremote_rethrow
        .type   jlremote_rethrow, @function
        .p2align 4
jlremote_rethrow:
        push_context %rsi
        call    jlremote_raise_again@PLT
        .size   jlremote_rethrow, .-jlremote_rethrow

// Where a fault resumes (runtime.h): the signal's return restored the
// faulting rbx rbp r12-r15; rsp is as if the landing had been called.
        .globl  jlremote_fault_landing
        .type   jlremote_fault_landing, @function
        .p2align 4
jlremote_fault_landing:
        push_context %rdi
        call    jlremote_report_fault@PLT
        .size   jlremote_fault_landing, .-jlremote_fault_landing

        .section .note.GNU-stack, "", @progbits
