// Calling a device function from the command line: the host places textual
// arguments in the registers and stack words of the target's calling
// convention (the device's trampoline just loads them), and turns the raw
// return registers back into text.
//
// What Call{gp, fp, stack} holds, per convention:
//   ARM soft-float (AAPCS base: thumbv6m, thumbv7m, thumbv7em, thumbv8m.main)
//     gp    r0-r3, one 32-bit word each; 64-bit values in an even pair
//           (r0:r1 or r2:r3, low word first); floats and doubles as their
//           IEEE bit patterns, like integers of the same size
//     fp    empty
//     stack 32-bit words, lowest address first; 64-bit values 8-byte
//           aligned (a padding word when needed)
//   ARM hard-float (AAPCS-VFP: thumbv7em-hard)
//     gp    as above, integers only
//     fp    s0-s15, one single each (a double in d<n> is s<2n> low word,
//           s<2n+1> high word); floats back-fill a single left free by a
//           double's alignment; once a float argument went to the stack,
//           no more go in registers
//     stack as above
//   x86-64 System V (the POSIX device)
//     gp    rdi rsi rdx rcx r8 r9, 64 bits each
//     fp    xmm0-xmm7, the low 64 bits (a float in the low 32)
//     stack 64-bit words, one per argument beyond the registers
// Integers narrower than a register are extended: zero-extended when the
// parameter has `zeroext`, sign-extended otherwise. Results: ints in
// r0(:r1)/rax, floats in r0(:r1) (soft-float) or s0/d0/xmm0.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jlremote::host {

enum class CallConv { ArmSoftFloat, ArmHardFloat, SysV64 };

llvm::Expected<CallConv> callConvFor(uint8_t Arch);

struct CallFrame {
  std::vector<uint64_t> Gp, Fp, Stack;
};

// Parses Args against F's parameters (i1/i8/i16/i32/i64, float, double) and
// places them. Also refuses, before anything is sent, a return type that
// formatResult cannot print. Errors name the parameter and its value.
llvm::Expected<CallFrame> placeArguments(uint8_t Arch, const llvm::Function &F,
                                         llvm::ArrayRef<std::string> Args);

// The result as Julia would show it: integers in decimal (unsigned when the
// return has `zeroext`), i1 as true/false, Float64/Float32 per
// julia_format.h, void as `nothing`.
llvm::Expected<std::string> formatResult(uint8_t Arch, const llvm::Function &F,
                                         uint64_t Gp0, uint64_t Gp1,
                                         uint64_t Fp0);

} // namespace jlremote::host
