#include "script.h"

#include "compiler/frontend/parser.h"
#include "device_runtime/image_format.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <array>
#include <utility>

namespace jlremote::host {

char DiagnosticsError::ID = 0;

void DiagnosticsError::log(llvm::raw_ostream &OS) const {
  // The text ends in a newline; the one-line form is for logs.
  OS << llvm::StringRef(Text).rtrim('\n');
}

std::error_code DiagnosticsError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

bool CompiledScript::hasTopLevel() const {
  const llvm::Function *F = Lowered.Module->getFunction(kTopLevelSymbol);
  return F && !F->isDeclaration();
}

llvm::Expected<CompiledScript> compileScript(llvm::StringRef Path,
                                             const compiler::TargetSpec &Spec,
                                             lower::CheckBounds Bounds) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(), "cannot read %s: %s",
                                   Path.str().c_str(),
                                   Buffer.getError().message().c_str());
  const frontend::Source Src(Path.str(), (*Buffer)->getBuffer().str());
  frontend::Diagnostics Diags(Src);
  const auto Failed = [&] {
    return llvm::make_error<DiagnosticsError>(Diags.renderAll());
  };
  frontend::BlockPtr Tree = frontend::parseFile(Src, Diags);
  if (Diags.hasErrors())
    return Failed();
  CompiledScript Script;
  Script.Target = Spec;
  Script.Context = std::make_unique<llvm::LLVMContext>();
  lower::ModuleBuilder Builder(*Tree, Spec, *Script.Context, Diags);
  Builder.setCheckBounds(Bounds);
  Script.Lowered = Builder.build();
  if (Diags.hasErrors())
    return Failed();
  Script.Warnings = Diags.renderAll();
  return Script;
}

llvm::Expected<uint8_t> archForBoard(llvm::StringRef Board) {
  // The emulated boards' cores (Cortex-M3, M4F, M7F, M33, M0) and the POSIX
  // device's. A device says its arch when it connects; this is for
  // compiling before it does.
  static constexpr std::array<std::pair<const char *, ImageArch>, 6> Boards = {
      {{"mps2-an385", kArchThumbV7M},
       {"mps2-an386", kArchThumbV7EMHard},
       {"mps2-an500", kArchThumbV7EMHard},
       {"mps2-an505", kArchThumbV8MMain},
       {"microbit", kArchThumbV6M},
       {"posix", kArchX86_64}}};
  std::string Known;
  for (const auto &[Name, Arch] : Boards) {
    if (Board == Name)
      return Arch;
    Known += (Known.empty() ? "" : ", ") + std::string(Name);
  }
  return llvm::createStringError(
      llvm::formatv("unknown board {0} (known: {1})", Board, Known));
}

} // namespace jlremote::host
