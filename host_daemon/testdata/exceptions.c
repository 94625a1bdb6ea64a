// Exceptions through the runtime's slots (device_runtime/runtime_slots.h),
// as compiled Julia code uses them: clang's __builtin_setjmp fills the
// handler's buffer as the contract asks (frame address, resume address,
// sp). session_test calls each function and checks what comes back.
#include <stddef.h>
#include <stdint.h>

typedef struct JuliaHandler {
  void *Jump[5];
  struct JuliaHandler *Previous;
} JuliaHandler;

__attribute__((noreturn)) void jlremote_throw(uint32_t type, uint32_t site,
                                              const void *payload,
                                              uint32_t size);
__attribute__((noreturn)) void jlremote_rethrow(const void *exception);
void jlremote_try_enter(JuliaHandler *handler);
void jlremote_try_leave(JuliaHandler *handler);
const void *jlremote_exception(void);
void *jlremote_alloc(size_t size);

struct Payload {
  int32_t A, B;
};

// A BoundsError from throw site 5, payload {n, 4}.
__attribute__((noinline)) void fail(int32_t n) {
  struct Payload P = {n, 4};
  jlremote_throw(2, 5, &P, sizeof P);
}

// Uncaught, one frame above the thrower.
int32_t uncaught(int32_t n) {
  fail(n + 1);
  return 0;
}

// The exception object: type, site, size, then the payload (align-1).
static int32_t describe(const uint32_t *E) {
  int32_t A;
  __builtin_memcpy(&A, (const char *)E + 12, sizeof A);
  return (int32_t)(E[0] * 10000 + E[1] * 1000 + E[2] * 100) + A;
}

// 25800 + n: type 2, site 5, 8 bytes, A = n.
int32_t caught(int32_t n) {
  JuliaHandler H;
  if (__builtin_setjmp(H.Jump) == 0) {
    jlremote_try_enter(&H);
    fail(n);
    jlremote_try_leave(&H);
    return -1;
  }
  return describe(jlremote_exception());
}

// The inner handler rethrows to the outer one: 100000 + 25800 + n.
int32_t nested(int32_t n) {
  JuliaHandler Outer;
  volatile int32_t Inner = 0;
  if (__builtin_setjmp(Outer.Jump) == 0) {
    jlremote_try_enter(&Outer);
    JuliaHandler H;
    if (__builtin_setjmp(H.Jump) == 0) {
      jlremote_try_enter(&H);
      fail(n);
      jlremote_try_leave(&H);
    } else {
      Inner = 1;
      jlremote_rethrow(jlremote_exception());
    }
    jlremote_try_leave(&Outer);
    return -1;
  }
  return Inner * 100000 + describe(jlremote_exception());
}

// A try left normally is no longer a handler: the throw after it is
// uncaught.
int32_t left_then_thrown(int32_t n) {
  JuliaHandler H;
  if (__builtin_setjmp(H.Jump) == 0) {
    jlremote_try_enter(&H);
    jlremote_try_leave(&H);
  } else {
    return -1;
  }
  fail(n);
  return 0;
}

// jlremote_alloc(n) with a marker in the first callee-saved register: n
// larger than the heap throws OutOfMemoryError from here.
int32_t allocate_marked(int32_t n) {
#if defined(__x86_64__)
  register uintptr_t Marker asm("rbx") = 0xC0FFEE;
#else
  register uintptr_t Marker asm("r4") = 0xC0FFEE;
#endif
  asm volatile("" : "+r"(Marker));
  void *P = jlremote_alloc((size_t)n);
  asm volatile("" : : "r"(Marker));
  return P != 0;
}

// OutOfMemoryError caught: 90000 (type 9, site 0, no payload) + 0.
int32_t out_of_memory_caught(int32_t n) {
  JuliaHandler H;
  if (__builtin_setjmp(H.Jump) == 0) {
    jlremote_try_enter(&H);
    allocate_marked(n);
    jlremote_try_leave(&H);
    return -1;
  }
  const uint32_t *E = jlremote_exception();
  return (int32_t)(E[0] * 10000 + E[1] * 1000 + E[2] * 100);
}

// A store to an address no device maps (tests/e2e/programs/fault.jl).
int32_t crash(int32_t n) {
  *(volatile int32_t *)0x60000000 = n;
  return n;
}
