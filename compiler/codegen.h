// Target code generation for the device cores: LLVM IR (or C, through
// clang) in, an ELF relocatable object out, which loader/ turns into images.
// Every object is position independent the way the loader expects:
// read-only data PC-relative (ARM ROPI, x86-64 PIC), one section per
// function and per datum, so that each function is its own image.
#pragma once

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace jlremote::compiler {

enum class OptLevel { O0, O2, Os };

struct TargetSpec {
  uint8_t Arch; // jlremote::ImageArch
  std::string Triple, Cpu, Features;
  bool HardFloat;
};

// The code generation settings for an image arch (device_runtime/
// image_format.h); an unknown value is an error naming it.
llvm::Expected<TargetSpec> targetForArch(uint8_t Arch);

// Reads `.ll` or `.bc`, or compiles `.c` with clang to IR for the target.
// The module gets the target's triple and data layout.
llvm::Expected<std::unique_ptr<llvm::Module>>
loadSource(llvm::StringRef Path, const TargetSpec &Spec,
           llvm::LLVMContext &Context, OptLevel Level);

// Verifies the module (a broken module is an error), optimises it with the
// default pipeline for the level and emits an ELF object in memory. On ARM
// the object's e_flags carry EF_ARM_ABI_FLOAT_SOFT or _HARD.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
emitObject(llvm::Module &M, const TargetSpec &Spec, OptLevel Level);

} // namespace jlremote::compiler
