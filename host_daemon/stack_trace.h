// Julia-style stack traces of device code, made on the host: the device
// sends its stack (session.h's DeviceStack: pc, sp, callee-saved registers,
// the stack's bytes, where each slot's code lies); the host unwinds it with
// the compiled object's call frame information (.debug_frame, or .eh_frame
// on x86-64), reading saved registers from those bytes, and names each frame
// with the object's line table, inlined frames included. Nothing of this
// goes to the device: images carry no debug sections.
//
// Frames come out innermost first, as Julia prints them:
//
//   Stacktrace:
//    [1] getindex
//      @ script.jl:2 [inlined]
//    [2] f(v::Vector{Float64}, n::Int64)
//      @ Main script.jl:7
//    [3] top-level scope
//      @ script.jl:12
//
// Unwinding stops at `julia_toplevel`, at a pc outside every image (the
// runtime that made the call), in a helper library's image (libgcc, libm:
// named, but without unwind information), or where the stack's bytes end.
#pragma once

#include "session.h"

#include "compiler/lower/lower.h"
#include "loader/linker.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jlremote::host {

struct StackFrame {
  /// `f(v::Vector{Float64})` for a specialisation's own frame, the method's
  /// name alone for an inlined one (as Julia prints them), `top-level
  /// scope`, or a helper's symbol.
  std::string Function;
  std::string Module; // "Main" for methods; empty otherwise
  std::string File;   // empty: no location (helper libraries)
  uint32_t Line = 0;
  bool Inlined = false;
  uint64_t Pc = 0; // the device address the frame was found at
};

/// What DeviceStack::Pc is: a return address into the throwing function
/// (jlremote_throw's caller), or the faulting instruction.
enum class PcKind { ReturnAddress, Faulting };

class StackSymbolizer {
public:
  /// Object: the script's object as compiler::emitObject made it (debug
  /// sections kept); Specs: its specialisations, for the signatures.
  static llvm::Expected<std::unique_ptr<StackSymbolizer>>
  create(uint8_t Arch, llvm::MemoryBufferRef Object,
         llvm::ArrayRef<lower::Specialization> Specs);
  ~StackSymbolizer();

  /// The frames of Stack, innermost first. Code maps each placement's slot
  /// to its image (Linker::buildImage, as the session sent it). An unwind
  /// that cannot go on ends the list; only malformed debug information is
  /// an error.
  llvm::Expected<std::vector<StackFrame>>
  frames(const DeviceStack &Stack, PcKind Kind, loader::Linker &Code) const;

private:
  struct Impl;
  explicit StackSymbolizer(std::unique_ptr<Impl> P);
  std::unique_ptr<Impl> P;
};

/// Julia's rendering ("Stacktrace:\n" and two lines per frame, each ending
/// in '\n'; consecutive identical frames as one, "(repeats n times)").
/// Files print as the line table has them: the script's path as the user
/// gave it. Empty for no frames.
std::string renderStackTrace(llvm::ArrayRef<StackFrame> Frames);

} // namespace jlremote::host
