// The middle of the Julia front end: a parsed program (frontend/ast.h) in,
// typed and specialised LLVM IR out. Each method is inferred and compiled
// once per tuple of concrete argument types it is called with, as Julia
// does; dispatch to the most specific method happens at compile time.
// Problems are reported to the frontend's Diagnostics, never thrown.
#ifndef JLREMOTE_COMPILER_LOWER_LOWER_H
#define JLREMOTE_COMPILER_LOWER_LOWER_H

#include "compiler/codegen.h"
#include "compiler/frontend/ast.h"
#include "compiler/frontend/diagnostics.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jlremote::lower {

/// The concrete types of the numeric core, as bits of a set: a JType is a set
/// of them (one bit: concrete; several: a Union; none: Union{}, "no value
/// yet" during inference). Error marks a value whose problem was reported.
enum TypeBit : uint32_t {
  BoolBit = 1u << 0,
  Int8Bit = 1u << 1,
  Int16Bit = 1u << 2,
  Int32Bit = 1u << 3,
  Int64Bit = 1u << 4,
  UInt8Bit = 1u << 5,
  UInt16Bit = 1u << 6,
  UInt32Bit = 1u << 7,
  UInt64Bit = 1u << 8,
  Float32Bit = 1u << 9,
  Float64Bit = 1u << 10,
  NothingBit = 1u << 11,
  ErrorBit = 1u << 12,
};

struct JType {
  uint32_t Mask = 0;
  bool operator==(const JType &) const = default;
  bool isBottom() const { return Mask == 0; }
  bool isError() const { return Mask & ErrorBit; }
  bool isConcrete() const { return Mask && !(Mask & (Mask - 1)) && !isError(); }
  JType join(JType O) const { return {Mask | O.Mask}; }
};

/// Julia's name of a type: `Float64`, `Union{Float64, Int64}`, `Union{}`.
std::string typeName(JType T);

/// One compiled specialisation and the specialisations it calls (Julia's
/// backedges, read inverted: a changed callee invalidates its callers).
struct Specialization {
  std::string Symbol; // LLVM function name, e.g. julia_f_Float64
  std::string Method; // Julia function name
  std::vector<JType> ArgTypes;
  JType ReturnType;
  std::vector<std::string> Callees; // symbols, each once
};

struct LoweredModule {
  std::unique_ptr<llvm::Module> Module;
  std::vector<Specialization> Specializations;
};

/// Builds one module from a program: the entry points requested, everything
/// they call, and `julia_toplevel` (void, no arguments) when the program has
/// top-level statements.
class ModuleBuilder {
public:
  ModuleBuilder(const frontend::Block &Program,
                const compiler::TargetSpec &Target, llvm::LLVMContext &Context,
                frontend::Diagnostics &Diags);
  ~ModuleBuilder();

  /// `Int` on the target: Int32 on 32-bit cores, Int64 otherwise.
  JType intType() const;

  /// Requests `Name` specialised on `ArgTypes` (concrete); returns the
  /// symbol of the specialisation. No applicable method, or an ambiguity,
  /// is an error naming the call.
  llvm::Expected<std::string> request(llvm::StringRef Name,
                                      const std::vector<JType> &ArgTypes);

  /// Infers and emits everything requested. The module verifies whenever
  /// Diags has no errors.
  LoweredModule build();

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace jlremote::lower

#endif
