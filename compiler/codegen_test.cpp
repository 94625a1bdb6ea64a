#include "compiler/codegen.h"

#include "device_runtime/image_format.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/ARMAttributeParser.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace jlremote;
using namespace jlremote::compiler;

namespace {

constexpr const char *kIr = R"(
@counter = internal global i32 0
define i32 @add(i32 %a, i32 %b) {
  %s = add i32 %a, %b
  %c = load i32, ptr @counter
  %n = add i32 %c, %s
  store i32 %n, ptr @counter
  ret i32 %n
}
define float @fadd(float %a, float %b) {
  %s = fadd float %a, %b
  ret float %s
}
)";

std::unique_ptr<Module> parse(StringRef Ir, LLVMContext &Context) {
  SMDiagnostic Diag;
  auto M = parseAssemblyString(Ir, Diag, Context);
  EXPECT_TRUE(M) << Diag.getMessage().str();
  return M;
}

struct Compiled {
  std::unique_ptr<MemoryBuffer> Buffer;
  std::unique_ptr<object::ELFObjectFileBase> Object;
};

Compiled compile(uint8_t Arch, StringRef Ir) {
  auto Spec = cantFail(targetForArch(Arch));
  LLVMContext Context;
  auto M = parse(Ir, Context);
  Compiled C;
  C.Buffer = cantFail(emitObject(*M, Spec, OptLevel::O2));
  auto Obj =
      object::ObjectFile::createELFObjectFile(C.Buffer->getMemBufferRef());
  EXPECT_TRUE(bool(Obj));
  C.Object.reset(cast<object::ELFObjectFileBase>(Obj->release()));
  return C;
}

std::vector<std::string> relocationNames(const object::ELFObjectFileBase &Obj) {
  std::vector<std::string> Names;
  for (const object::SectionRef &S : Obj.sections())
    for (const object::RelocationRef &R : S.relocations()) {
      SmallString<32> Name;
      R.getTypeName(Name);
      Names.push_back(std::string(Name));
    }
  return Names;
}

StringRef sectionContents(const object::ELFObjectFileBase &Obj,
                          StringRef Name) {
  for (const object::SectionRef &S : Obj.sections())
    if (cantFail(S.getName()) == Name)
      return cantFail(S.getContents());
  return {};
}

bool hasSection(const object::ELFObjectFileBase &Obj, StringRef Name) {
  for (const object::SectionRef &S : Obj.sections())
    if (cantFail(S.getName()) == Name)
      return true;
  return false;
}

struct ArmCase {
  const char *Name;
  uint8_t Arch;
  unsigned FloatFlag;
  unsigned CpuArch; // Tag_CPU_arch
};

class ArmCodegen : public ::testing::TestWithParam<ArmCase> {};

TEST_P(ArmCodegen, EmitsThumbObjectWithFloatAbiAndNoAbsoluteMovw) {
  const ArmCase &Case = GetParam();
  Compiled C = compile(Case.Arch, kIr);
  EXPECT_EQ(C.Object->getEMachine(), ELF::EM_ARM);
  EXPECT_TRUE(C.Object->getBytesInAddress() == 4);
  const unsigned Flags = C.Object->getPlatformFlags();
  EXPECT_EQ(Flags & ELF::EF_ARM_EABIMASK, unsigned(ELF::EF_ARM_EABI_VER5));
  EXPECT_EQ(Flags & (ELF::EF_ARM_ABI_FLOAT_SOFT | ELF::EF_ARM_ABI_FLOAT_HARD),
            Case.FloatFlag);
  ARMAttributeParser Attributes;
  ASSERT_FALSE(errorToBool(Attributes.parse(
      arrayRefFromStringRef(sectionContents(*C.Object, ".ARM.attributes")),
      endianness::little)));
  EXPECT_EQ(Attributes.getAttributeValue(ARMBuildAttrs::CPU_arch),
            std::optional<unsigned>(Case.CpuArch));
  EXPECT_EQ(
      Attributes.getAttributeValue(ARMBuildAttrs::ABI_VFP_args).value_or(0) ==
          ARMBuildAttrs::HardFPAAPCS,
      Case.FloatFlag == ELF::EF_ARM_ABI_FLOAT_HARD);
  EXPECT_TRUE(hasSection(*C.Object, ".text.add"));
  EXPECT_TRUE(hasSection(*C.Object, ".text.fadd"));
  const auto Relocs = relocationNames(*C.Object);
  // The writable counter is reached through a literal-pool word.
  EXPECT_NE(std::find(Relocs.begin(), Relocs.end(), "R_ARM_ABS32"),
            Relocs.end());
  EXPECT_EQ(std::find(Relocs.begin(), Relocs.end(), "R_ARM_THM_MOVW_ABS_NC"),
            Relocs.end());
  // Soft float calls the AEABI helper; hard float adds in registers.
  const bool CallsHelper = std::find(Relocs.begin(), Relocs.end(),
                                     "R_ARM_THM_CALL") != Relocs.end() ||
                           std::find(Relocs.begin(), Relocs.end(),
                                     "R_ARM_THM_JUMP24") != Relocs.end();
  EXPECT_EQ(CallsHelper, Case.FloatFlag == ELF::EF_ARM_ABI_FLOAT_SOFT);
}

INSTANTIATE_TEST_SUITE_P(
    Cores, ArmCodegen,
    ::testing::Values(ArmCase{"thumbv6m", kArchThumbV6M,
                              ELF::EF_ARM_ABI_FLOAT_SOFT, ARMBuildAttrs::v6S_M},
                      ArmCase{"thumbv7m", kArchThumbV7M,
                              ELF::EF_ARM_ABI_FLOAT_SOFT, ARMBuildAttrs::v7},
                      ArmCase{"thumbv7em", kArchThumbV7EM,
                              ELF::EF_ARM_ABI_FLOAT_SOFT, ARMBuildAttrs::v7E_M},
                      ArmCase{"thumbv7em_hard", kArchThumbV7EMHard,
                              ELF::EF_ARM_ABI_FLOAT_HARD, ARMBuildAttrs::v7E_M},
                      ArmCase{"thumbv8m_main", kArchThumbV8MMain,
                              ELF::EF_ARM_ABI_FLOAT_SOFT,
                              ARMBuildAttrs::v8_M_Main}),
    [](const auto &Info) { return std::string(Info.param.Name); });

TEST(Codegen, X86_64IsPicWithoutGot) {
  Compiled C = compile(kArchX86_64, kIr);
  EXPECT_EQ(C.Object->getEMachine(), ELF::EM_X86_64);
  EXPECT_FALSE(C.Object->getBytesInAddress() == 4);
  const auto Relocs = relocationNames(*C.Object);
  EXPECT_NE(std::find(Relocs.begin(), Relocs.end(), "R_X86_64_PC32"),
            Relocs.end());
  for (const std::string &R : Relocs)
    EXPECT_EQ(R.find("GOT"), std::string::npos) << R;
}

TEST(Codegen, UnknownArchIsNamed) {
  auto Spec = targetForArch(42);
  ASSERT_FALSE(bool(Spec));
  EXPECT_EQ(toString(Spec.takeError()), "arch 42: not a known image arch");
}

TEST(Codegen, BrokenModuleIsAnError) {
  LLVMContext Context;
  auto M = std::make_unique<Module>("broken", Context);
  // A function whose block has no terminator.
  Function *F =
      Function::Create(FunctionType::get(Type::getVoidTy(Context), false),
                       GlobalValue::ExternalLinkage, "f", *M);
  BasicBlock::Create(Context, "entry", F);
  auto Object =
      emitObject(*M, cantFail(targetForArch(kArchThumbV7M)), OptLevel::O2);
  ASSERT_FALSE(bool(Object));
  const std::string Message = toString(Object.takeError());
  EXPECT_NE(Message.find("module broken is broken"), std::string::npos)
      << Message;
  EXPECT_NE(Message.find("terminator"), std::string::npos) << Message;
}

class SourceFile {
public:
  SourceFile(StringRef Suffix, StringRef Text) {
    int FD;
    cantFail(errorCodeToError(
        sys::fs::createTemporaryFile("codegen-test", Suffix, FD, Path)));
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Text;
  }
  ~SourceFile() { sys::fs::remove(Path); }
  SmallString<128> Path;
};

TEST(Codegen, CompilesCForEachArch) {
  SourceFile C("c", "static const int Table[4] = {1, 2, 3, 5};\n"
                    "int pick(int i) { return Table[i & 3]; }\n");
  for (uint8_t Arch = kArchThumbV6M; Arch <= kArchX86_64; ++Arch) {
    auto Spec = cantFail(targetForArch(Arch));
    LLVMContext Context;
    auto M = loadSource(C.Path, Spec, Context, OptLevel::Os);
    ASSERT_TRUE(bool(M)) << toString(M.takeError());
    EXPECT_EQ((*M)->getTargetTriple(), Spec.Triple);
    ASSERT_NE((*M)->getFunction("pick"), nullptr);
    auto Object = emitObject(**M, Spec, OptLevel::Os);
    ASSERT_TRUE(bool(Object)) << toString(Object.takeError());
    auto Obj = cantFail(
        object::ObjectFile::createObjectFile((*Object)->getMemBufferRef()));
    EXPECT_EQ(cast<object::ELFObjectFileBase>(Obj.get())->getEMachine(),
              Arch == kArchX86_64 ? ELF::EM_X86_64 : ELF::EM_ARM);
  }
}

TEST(Codegen, ClangErrorsAreReported) {
  SourceFile C("c", "int broken( { return 0; }\n");
  LLVMContext Context;
  auto M = loadSource(C.Path, cantFail(targetForArch(kArchThumbV7M)), Context,
                      OptLevel::O2);
  ASSERT_FALSE(bool(M));
  const std::string Message = toString(M.takeError());
  EXPECT_NE(Message.find("clang failed on"), std::string::npos) << Message;
  EXPECT_NE(Message.find("error:"), std::string::npos) << Message;
}

TEST(Codegen, IrFilesAreParsedWithPositions) {
  SourceFile Good("ll", kIr);
  LLVMContext Context;
  auto Spec = cantFail(targetForArch(kArchThumbV6M));
  auto M = loadSource(Good.Path, Spec, Context, OptLevel::O0);
  ASSERT_TRUE(bool(M)) << toString(M.takeError());
  EXPECT_EQ((*M)->getDataLayoutStr().substr(0, 2), "e-");
  SourceFile Bad("ll", "define i32 @f(i32 %x) {\n  ret i32 %y\n}\n");
  auto Broken = loadSource(Bad.Path, Spec, Context, OptLevel::O0);
  ASSERT_FALSE(bool(Broken));
  const std::string Message = toString(Broken.takeError());
  EXPECT_EQ(Message,
            std::string(Bad.Path) + ":2:11: use of undefined value '%y'");
  auto Unknown = loadSource("x.jl", Spec, Context, OptLevel::O0);
  ASSERT_FALSE(bool(Unknown));
  EXPECT_EQ(toString(Unknown.takeError()),
            "source x.jl: extension '.jl' is not .ll, .bc or .c");
}

} // namespace
