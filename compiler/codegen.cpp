#include "codegen.h"

#include "codegen_config.h"
#include "device_runtime/image_format.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace llvm;

namespace jlremote::compiler {

namespace {

void initialiseTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    LLVMInitializeARMTargetInfo();
    LLVMInitializeARMTarget();
    LLVMInitializeARMTargetMC();
    LLVMInitializeARMAsmPrinter();
    LLVMInitializeARMAsmParser();
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
  });
}

bool isArm(const TargetSpec &Spec) { return Spec.Arch != kArchX86_64; }

CodeGenOptLevel codeGenLevel(OptLevel Level) {
  return Level == OptLevel::O0 ? CodeGenOptLevel::None
                               : CodeGenOptLevel::Default;
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetSpec &Spec, OptLevel Level) {
  initialiseTargets();
  std::string Message;
  const Target *T = TargetRegistry::lookupTarget(Spec.Triple, Message);
  if (!T)
    return createStringError("target triple %s: %s", Spec.Triple.c_str(),
                             Message.c_str());
  TargetOptions Options;
  Options.FunctionSections = true;
  Options.DataSections = true;
  Options.FloatABIType = Spec.HardFloat ? FloatABI::Hard : FloatABI::Soft;
  // ROPI: read-only data and code are reached PC-relative, so an image runs
  // wherever the device puts it; writable data stays absolute and becomes a
  // base relocation. x86-64 PIC gives the same shape.
  const Reloc::Model RM = isArm(Spec) ? Reloc::ROPI : Reloc::PIC_;
  std::unique_ptr<TargetMachine> TM(
      T->createTargetMachine(Spec.Triple, Spec.Cpu, Spec.Features, Options, RM,
                             CodeModel::Small, codeGenLevel(Level)));
  if (!TM)
    return createStringError("cannot create a target machine for %s (cpu %s)",
                             Spec.Triple.c_str(), Spec.Cpu.c_str());
  return std::move(TM);
}

void setTarget(Module &M, const TargetSpec &Spec, const TargetMachine &TM) {
  M.setTargetTriple(Spec.Triple);
  M.setDataLayout(TM.createDataLayout());
}

// Runs clang on a C file and returns the bitcode's path (a temporary file the
// caller removes). clang optimises nothing (-disable-llvm-passes) but marks
// the IR for the level; emitObject runs the pipeline once.
Expected<std::unique_ptr<Module>> compileC(StringRef Path,
                                           const TargetSpec &Spec,
                                           LLVMContext &Context,
                                           OptLevel Level) {
  SmallString<128> Bitcode, Diagnostics;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("jlremote-clang", "bc", Bitcode))
    return createStringError(EC, "temporary file: %s", EC.message().c_str());
  FileRemover RemoveBitcode(Bitcode);
  if (std::error_code EC =
          sys::fs::createTemporaryFile("jlremote-clang", "txt", Diagnostics))
    return createStringError(EC, "temporary file: %s", EC.message().c_str());
  FileRemover RemoveDiagnostics(Diagnostics);

  std::vector<std::string> Args = {JLREMOTE_CLANG,
                                   "--target=" + Spec.Triple,
                                   (isArm(Spec) ? "-mcpu=" : "-march=") +
                                       Spec.Cpu,
                                   "-fno-exceptions",
                                   "-fno-unwind-tables",
                                   "-fno-asynchronous-unwind-tables",
                                   "-fno-common",
                                   "-ffunction-sections",
                                   "-fdata-sections",
                                   "-emit-llvm",
                                   "-c",
                                   Path.str(),
                                   "-o",
                                   std::string(Bitcode)};
  if (isArm(Spec)) {
    Args.push_back("-fropi");
    Args.push_back(Spec.HardFloat ? "-mfloat-abi=hard" : "-mfloat-abi=soft");
  } else {
    Args.push_back("-fPIC");
  }
  SmallVector<StringRef, 4> Features;
  StringRef(Spec.Features).split(Features, ',', -1, false);
  for (StringRef F : Features) {
    Args.insert(Args.end(), {"-Xclang", "-target-feature", "-Xclang", F.str()});
  }
  switch (Level) {
  case OptLevel::O0:
    Args.insert(Args.end(), {"-O0", "-Xclang", "-disable-O0-optnone"});
    break;
  case OptLevel::O2:
    Args.insert(Args.end(), {"-O2", "-Xclang", "-disable-llvm-passes"});
    break;
  case OptLevel::Os:
    Args.insert(Args.end(), {"-Os", "-Xclang", "-disable-llvm-passes"});
    break;
  }
  SmallVector<StringRef, 32> ArgRefs(Args.begin(), Args.end());
  std::optional<StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                          StringRef(Diagnostics)};
  std::string ExecError;
  const int Status = sys::ExecuteAndWait(JLREMOTE_CLANG, ArgRefs, std::nullopt,
                                         Redirects, 0, 0, &ExecError);
  if (Status != 0) {
    std::string Text;
    if (auto Buffer = MemoryBuffer::getFile(Diagnostics))
      Text = (*Buffer)->getBuffer().str();
    return createStringError(
        "clang failed on %s (status %d%s%s):\n%s", Path.str().c_str(), Status,
        ExecError.empty() ? "" : ", ", ExecError.c_str(), Text.c_str());
  }
  SMDiagnostic Diag;
  std::unique_ptr<Module> M = parseIRFile(Bitcode, Diag, Context);
  if (!M)
    return createStringError("reading clang's output for %s: %s",
                             Path.str().c_str(),
                             Diag.getMessage().str().c_str());
  return std::move(M);
}

} // namespace

namespace {

TargetSpec spec(uint8_t Arch, StringRef TripleName, StringRef Cpu,
                StringRef Features, bool HardFloat) {
  // Normalised ("thumbv7m-none-unknown-eabi"): LLVM reads the environment,
  // which selects the AEABI helper names (__aeabi_dadd), only from the
  // fourth component.
  return TargetSpec{Arch, Triple::normalize(TripleName), Cpu.str(),
                    Features.str(), HardFloat};
}

} // namespace

Expected<TargetSpec> targetForArch(uint8_t Arch) {
  // ARM: no movw/movt pairs, because a movw/movt of a writable datum's
  // address is an absolute relocation the device cannot apply (it only adds
  // bases to whole words); a literal-pool word it can.
  switch (Arch) {
  case kArchThumbV6M:
    return spec(Arch, "thumbv6m-none-eabi", "cortex-m0", "", false);
  case kArchThumbV7M:
    return spec(Arch, "thumbv7m-none-eabi", "cortex-m3", "+no-movt", false);
  case kArchThumbV7EM:
    return spec(Arch, "thumbv7em-none-eabi", "cortex-m4",
                "+no-movt,+soft-float,-fpregs", false);
  case kArchThumbV7EMHard:
    return spec(Arch, "thumbv7em-none-eabihf", "cortex-m4",
                "+no-movt,+vfp4d16sp", true);
  case kArchThumbV8MMain:
    return spec(Arch, "thumbv8m.main-none-eabi", "cortex-m33",
                "+no-movt,+soft-float,-fpregs", false);
  case kArchX86_64:
    return spec(Arch, "x86_64-unknown-linux-gnu", "x86-64", "", false);
  }
  return createStringError("arch %u: not a known image arch", unsigned(Arch));
}

Expected<std::unique_ptr<Module>> loadSource(StringRef Path,
                                             const TargetSpec &Spec,
                                             LLVMContext &Context,
                                             OptLevel Level) {
  auto TM = createTargetMachine(Spec, Level);
  if (!TM)
    return TM.takeError();
  const StringRef Extension = sys::path::extension(Path);
  std::unique_ptr<Module> M;
  if (Extension == ".ll" || Extension == ".bc") {
    SMDiagnostic Diag;
    M = parseIRFile(Path, Diag, Context);
    if (!M)
      return createStringError("%s:%d:%d: %s", Path.str().c_str(),
                               Diag.getLineNo(), Diag.getColumnNo() + 1,
                               Diag.getMessage().str().c_str());
  } else if (Extension == ".c") {
    auto Compiled = compileC(Path, Spec, Context, Level);
    if (!Compiled)
      return Compiled.takeError();
    M = std::move(*Compiled);
  } else {
    return createStringError("source %s: extension '%s' is not .ll, .bc or .c",
                             Path.str().c_str(), Extension.str().c_str());
  }
  setTarget(*M, Spec, **TM);
  return std::move(M);
}

Expected<std::unique_ptr<MemoryBuffer>>
emitObject(Module &M, const TargetSpec &Spec, OptLevel Level) {
  auto TM = createTargetMachine(Spec, Level);
  if (!TM)
    return TM.takeError();
  setTarget(M, Spec, **TM);
  {
    std::string Message;
    raw_string_ostream OS(Message);
    if (verifyModule(M, &OS))
      return createStringError("module %s is broken: %s",
                               M.getModuleIdentifier().c_str(),
                               OS.str().c_str());
  }
  for (GlobalValue &G : M.global_values()) {
    // Nothing in an image is interposable: keep references to the image's
    // own data off the GOT (x86-64 PIC would otherwise go through it).
    if (!G.isDeclaration() && !G.hasLocalLinkage())
      G.setDSOLocal(true);
  }
  for (GlobalVariable &G : M.globals()) {
    // LLVM raises large arrays to 16-byte alignment unless told otherwise;
    // an ARM image's base is only 8-aligned, and the padding costs bytes.
    if (!G.isDeclaration() && !G.getAlign())
      G.setAlignment(M.getDataLayout().getABITypeAlign(G.getValueType()));
  }
  if (Level == OptLevel::Os) {
    for (Function &F : M)
      if (!F.isDeclaration())
        F.addFnAttr(Attribute::OptimizeForSize);
  }

  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB(TM->get());
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  ModulePassManager MPM =
      Level == OptLevel::O0
          ? PB.buildO0DefaultPipeline(OptimizationLevel::O0)
          : PB.buildPerModuleDefaultPipeline(Level == OptLevel::O2
                                                 ? OptimizationLevel::O2
                                                 : OptimizationLevel::Os);
  MPM.run(M, MAM);

  SmallVector<char, 0> Object;
  {
    raw_svector_ostream OS(Object);
    legacy::PassManager CodeGen;
    if ((*TM)->addPassesToEmitFile(CodeGen, OS, nullptr,
                                   CodeGenFileType::ObjectFile))
      return createStringError("%s cannot emit object files",
                               Spec.Triple.c_str());
    CodeGen.run(M);
  }
  if (isArm(Spec)) {
    // LLVM records the float ABI only in .ARM.attributes; put it in the
    // header too, where the loader checks it first (as GNU tools do).
    constexpr size_t EFlagsOffset = 36; // Elf32_Ehdr::e_flags
    if (Object.size() < EFlagsOffset + 4)
      return createStringError("object for %s is truncated",
                               Spec.Triple.c_str());
    uint8_t *Flags = reinterpret_cast<uint8_t *>(Object.data()) + EFlagsOffset;
    support::endian::write32le(Flags, support::endian::read32le(Flags) |
                                          (Spec.HardFloat
                                               ? ELF::EF_ARM_ABI_FLOAT_HARD
                                               : ELF::EF_ARM_ABI_FLOAT_SOFT));
  }
  return std::make_unique<SmallVectorMemoryBuffer>(
      std::move(Object), M.getModuleIdentifier() + ".o",
      /*RequiresNullTerminator=*/false);
}

} // namespace jlremote::compiler
