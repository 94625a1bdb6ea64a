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
  // then idle code evicted; out of memory ends the call with
  // ERROR_OBJECT_OUT_OF_MEMORY.
  kSlotAlloc = 2,
  // void jlremote_throw(uint32_t error): a Julia error (JuliaError below)
  // ends the program: the call ends with CallResult.error, as exit(1)
  // would. Until exceptions exist (catching them, their messages and stack
  // traces are the exceptions issue), every error is uncaught.
  kSlotThrow = 3,
  kRuntimeSlotCount,
};

constexpr const char *kRuntimeSlotSymbols[kRuntimeSlotCount] = {
    "jlremote_print",
    "jlremote_exit",
    "jlremote_alloc",
    "jlremote_throw",
};

// The errors compiled code raises, by Base's name (CallResult.error).
enum JuliaError : uint32_t {
  kBoundsError = 1,
  kDivideError = 2,
  kInexactError = 3,
  kDomainError = 4,
  kArgumentError = 5,
  kAssertionError = 6,
};

constexpr const char *juliaErrorName(uint32_t error) {
  switch (error) {
  case kBoundsError:
    return "BoundsError";
  case kDivideError:
    return "DivideError";
  case kInexactError:
    return "InexactError";
  case kDomainError:
    return "DomainError";
  case kArgumentError:
    return "ArgumentError";
  case kAssertionError:
    return "AssertionError";
  default:
    return nullptr;
  }
}

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
