// Slots the runtime fills itself when it starts: runtime functions that
// device code calls like any other function, through an import stub and its
// slot. The host's loader gives these symbols these slots and never builds
// an image for them; eviction never touches them. Shared by host and device.
#pragma once

#include "image_format.h"

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

// The slots every arch has.
enum RuntimeSlot : uint16_t {
  // void jlremote_print(uint32_t format, const void *values, size_t size):
  // sends FromDevice.print{format, values}; the host formats the values
  // (proto/README.md). Returns once the host has the message.
  kSlotPrint = 0,
  // void jlremote_exit(int32_t status): Julia's `exit(n)`. Ends the call in
  // progress (the frames above it are abandoned) with CallResult.exited
  // and the status; the host exits with it.
  kSlotExit = 1,
  // void *jlremote_alloc(size_t size): memory for a Julia object (a mutable
  // struct, an array's elements), 16-byte aligned, from the runtime's heap.
  // It lives while a word of the stack, of an image's bss or of a live
  // object points into it (the collector is conservative), at most until
  // the call in progress ends. When the heap is short, garbage is collected,
  // then idle code evicted; out of memory throws the runtime's
  // OutOfMemoryError (site 0), which Julia code may catch.
  kSlotAlloc = 2,
  // [[noreturn]] void jlremote_throw(uint32_t type, uint32_t site,
  //                                  const void *payload, uint32_t size):
  // a new exception. The runtime copies {type, site, size, payload} into a
  // heap object (ExceptionHeader; when the heap cannot hold it, the
  // runtime's static OutOfMemoryError is thrown instead), makes it the
  // current exception and long-jumps to the innermost handler; with no
  // handler the call ends and the host is sent FromDevice.thrown (with the
  // stack).
  kSlotThrow = 3,
  // [[noreturn]] void jlremote_rethrow(const void *exception): throws again
  // an exception object jlremote_exception() returned (`rethrow()`,
  // `throw(e)` of a caught e, the end of a `finally` entered by an
  // exception).
  kSlotRethrow = 4,
  // void jlremote_try_enter(JuliaHandler *handler): links `handler` as the
  // innermost handler (handler->Previous = the current innermost).
  kSlotTryEnter = 5,
  // void jlremote_try_leave(JuliaHandler *handler): unlinks `handler`,
  // which must be the innermost (the normal exit of a try body, and every
  // return/break/continue that leaves one).
  kSlotTryLeave = 6,
  // const void *jlremote_exception(void): the exception being handled, what
  // the last throw delivered (null before any). A collector root until the
  // call ends.
  kSlotException = 7,
  kRuntimeSlotCount,
};

constexpr const char *kRuntimeSlotSymbols[kRuntimeSlotCount] = {
    "jlremote_print",     "jlremote_exit",      "jlremote_alloc",
    "jlremote_throw",     "jlremote_rethrow",   "jlremote_try_enter",
    "jlremote_try_leave", "jlremote_exception",
};

// A try's handler, in the frame of the compiled function that has the try.
// Compiled code fills Jump[0] = its frame address (llvm.frameaddress(0)),
// Jump[2] = its sp (llvm.stacksave), then llvm.eh.sjlj.setjmp(Jump) writes
// Jump[1], the resume address. A throw unlinks the innermost handler, then
// does __builtin_longjmp(Jump, 1): setjmp returns again, nonzero.
struct JuliaHandler {
  void *Jump[5];
  JuliaHandler *Previous;
};

// An exception object, as the runtime makes it in the heap and compiled
// code reads it (jlremote_exception): this header, then `Size` bytes of
// payload, the packed wire form of host_daemon/julia_print.h (no padding:
// compiled code reads it with align-1 loads). The bytes from Site on are
// also the wire value of the print pieces Exception and ExceptionMessage
// (compiler/lower/lower.h).
struct ExceptionHeader {
  uint32_t Type;
  uint32_t Site; // index into lower::LoweredModule::Throws
  uint32_t Size; // payload bytes
};
constexpr uint32_t kExceptionPayloadOffset = sizeof(ExceptionHeader);
static_assert(kExceptionPayloadOffset == 12);

// Exception type ids: Base's exceptions, then the program's own.
enum JuliaExceptionType : uint32_t {
  kErrorException = 1,
  kBoundsError = 2,
  kDivideError = 3,
  kInexactError = 4,
  kOverflowError = 5,
  kDomainError = 6,
  kArgumentError = 7,
  kAssertionError = 8,
  kOutOfMemoryError = 9,
  // A user exception struct: this + its index among the program's exception
  // struct definitions.
  kUserExceptionBase = 64,
};

// Site 0 is the runtime's: OutOfMemoryError() with no payload (the
// compiler's Throws[0] describes it).
constexpr uint32_t kOutOfMemorySite = 0;

// x86-64 only, after those: the C library's math functions that LLVM's code
// calls (libcalls of llvm.sin & co., frem, sincos) or that device code calls
// by name. The POSIX device is a host process linked with libm; glibc's
// static libm cannot be shipped as images (IFUNCs, TLS errno). ARM ships
// newlib's libm members as images instead, so its slot table keeps its size
// (loader/README.md, "Math on the device"). X(name, C function type): the
// type may hold commas, so X takes it as __VA_ARGS__.
#define JLREMOTE_POSIX_LIBM_SLOTS(X)                                           \
  X(sin, double(double))                                                       \
  X(cos, double(double))                                                       \
  X(tan, double(double))                                                       \
  X(atan, double(double))                                                      \
  X(exp, double(double))                                                       \
  X(exp2, double(double))                                                      \
  X(log, double(double))                                                       \
  X(pow, double(double, double))                                               \
  X(fmod, double(double, double))                                              \
  X(sqrt, double(double))                                                      \
  X(floor, double(double))                                                     \
  X(ceil, double(double))                                                      \
  X(trunc, double(double))                                                     \
  X(round, double(double))                                                     \
  X(rint, double(double))                                                      \
  X(nearbyint, double(double))                                                 \
  X(fmin, double(double, double))                                              \
  X(fmax, double(double, double))                                              \
  X(ldexp, double(double, int))                                                \
  X(sincos, void(double, double *, double *))                                  \
  X(sinf, float(float))                                                        \
  X(cosf, float(float))                                                        \
  X(tanf, float(float))                                                        \
  X(atanf, float(float))                                                       \
  X(expf, float(float))                                                        \
  X(exp2f, float(float))                                                       \
  X(logf, float(float))                                                        \
  X(powf, float(float, float))                                                 \
  X(fmodf, float(float, float))                                                \
  X(sqrtf, float(float))                                                       \
  X(floorf, float(float))                                                      \
  X(ceilf, float(float))                                                       \
  X(truncf, float(float))                                                      \
  X(roundf, float(float))                                                      \
  X(rintf, float(float))                                                       \
  X(nearbyintf, float(float))                                                  \
  X(fminf, float(float, float))                                                \
  X(fmaxf, float(float, float))                                                \
  X(ldexpf, float(float, int))                                                 \
  X(sincosf, void(float, float *, float *))

constexpr const char *kPosixLibmSlotSymbols[] = {
#define JLREMOTE_SLOT_NAME(Name, ...) #Name,
    JLREMOTE_POSIX_LIBM_SLOTS(JLREMOTE_SLOT_NAME)
#undef JLREMOTE_SLOT_NAME
};
constexpr uint32_t kPosixLibmSlotCount =
    sizeof kPosixLibmSlotSymbols / sizeof kPosixLibmSlotSymbols[0];

// How many of the first slots are the runtime's on `arch`.
constexpr uint32_t runtimeSlotCount(uint8_t arch) {
  return arch == kArchX86_64 ? uint32_t(kRuntimeSlotCount) + kPosixLibmSlotCount
                             : uint32_t(kRuntimeSlotCount);
}

// The symbol of runtime slot `slot` (< runtimeSlotCount of its arch).
constexpr const char *runtimeSlotSymbol(uint32_t slot) {
  return slot < kRuntimeSlotCount
             ? kRuntimeSlotSymbols[slot]
             : kPosixLibmSlotSymbols[slot - kRuntimeSlotCount];
}

} // namespace jlremote
