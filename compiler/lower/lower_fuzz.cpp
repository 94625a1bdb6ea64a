// libFuzzer target: any program that parses lowers without crashing; when
// lowering reports no error the module verifies (no silent bad IR) and
// compiles for a Cortex-M3, and every diagnostic points into the source.
#include "compiler/lower/lower.h"

#include "compiler/frontend/parser.h"
#include "device_runtime/image_format.h"

#include "llvm/IR/Verifier.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace jlremote;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  frontend::Source Src("fuzz.jl",
                       std::string(reinterpret_cast<const char *>(Data), Size));
  frontend::Diagnostics Diags(Src);
  frontend::BlockPtr Tree = frontend::parseFile(Src, Diags);
  if (Diags.hasErrors())
    return 0; // the parser's own target covers these
  // Both word sizes: Int is Int32 on Thumb, Int64 on x86-64.
  for (uint8_t Arch : {kArchThumbV7M, kArchX86_64}) {
    frontend::Diagnostics LowerDiags(Src);
    llvm::LLVMContext Ctx;
    auto Target = compiler::targetForArch(Arch);
    if (!Target)
      std::abort();
    lower::ModuleBuilder Builder(*Tree, *Target, Ctx, LowerDiags);
    lower::LoweredModule M = Builder.build();
    if (!M.Module)
      std::abort();
    for (const frontend::Diagnostic &D : LowerDiags.all())
      if (D.Range.Begin > D.Range.End || D.Range.End > Src.size() ||
          D.Message.empty())
        std::abort();
    if (LowerDiags.hasErrors())
      continue;
    if (llvm::verifyModule(*M.Module, &llvm::errs()))
      std::abort();
    // The backend too: an IR construct a core cannot lower (llvm.minimum
    // on a core without an FPU) is a fatal error in LLVM, i.e. a crash.
    if (Arch == kArchThumbV7M)
      llvm::consumeError(
          compiler::emitObject(*M.Module, *Target, compiler::OptLevel::O2)
              .takeError());
  }
  return 0;
}
