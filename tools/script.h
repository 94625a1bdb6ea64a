// A Julia script compiled for one device arch: the first half of `jlremote
// run` and `jlremote build`. The frontend parses it, lower::ModuleBuilder
// infers and emits it (the top-level statements become `julia_toplevel`);
// code generation (compiler/codegen.h) and loading happen after.
#pragma once

#include "compiler/codegen.h"
#include "compiler/lower/lower.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace jlremote::host {

/// The entry point of a script's top-level statements.
constexpr const char *kTopLevelSymbol = "julia_toplevel";

struct CompiledScript {
  compiler::TargetSpec Target;
  // Declared before Lowered: the module lives in it and must go first.
  std::unique_ptr<llvm::LLVMContext> Context;
  lower::LoweredModule Lowered;
  /// Warnings and notes, rendered as the frontend renders them (empty if
  /// none).
  std::string Warnings;

  /// The program has top-level statements to run.
  bool hasTopLevel() const;
};

/// A script that does not compile: every diagnostic, rendered as the
/// frontend renders them (`file.jl:LINE:COL: error: ...`, the source line,
/// a caret line). The command line prints the text as it is.
class DiagnosticsError : public llvm::ErrorInfo<DiagnosticsError> {
public:
  static char ID;
  explicit DiagnosticsError(std::string Text) : Text(std::move(Text)) {}
  const std::string &text() const { return Text; }
  void log(llvm::raw_ostream &OS) const override;
  std::error_code convertToErrorCode() const override;

private:
  std::string Text;
};

/// Parses and lowers the script at Path for the target, with bounds checks
/// as Julia's `--check-bounds=Bounds` would. Errors in the program are a
/// DiagnosticsError; an unreadable file is a plain error.
llvm::Expected<CompiledScript>
compileScript(llvm::StringRef Path, const compiler::TargetSpec &Spec,
              lower::CheckBounds Bounds = lower::CheckBounds::Auto);

/// The image arch of a board's core (the POSIX device is `posix`), so that a
/// script compiles before its board starts. An unknown board is an error
/// listing the known ones.
llvm::Expected<uint8_t> archForBoard(llvm::StringRef Board);

} // namespace jlremote::host
