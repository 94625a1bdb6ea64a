// Math on the device (README.md, "Math on the device"): every libcall LLVM 19
// emits for the math intrinsics, and every C math name device code calls,
// resolves on every arch: on ARM to images of newlib's libm members (the
// errno wrappers replaced by their kernels, helperAlias), on x86-64 to the
// runtime's libm slots; roundeven and fminimum/fmaximum come from
// helpers/math.c everywhere and are exact (run here on x86-64 as images).
#include "linker_test_support.h"

#include "heap.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <bit>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <random>
#include <set>

using namespace llvm;
using namespace jlremote;
using namespace jlremote::loader;
using namespace jlremote::loader::test;

namespace {

// What device code may call, by name or through an intrinsic's libcall.
// Each double name has a float twin with suffix f.
constexpr const char *kMathNames[] = {
    "sin",   "cos",   "tan",       "atan",    "exp",       "exp2",
    "log",   "pow",   "fmod",      "sqrt",    "floor",     "ceil",
    "trunc", "round", "roundeven", "rint",    "nearbyint", "fmin",
    "fmax",  "ldexp", "fminimum",  "fmaximum"};
// helpers/math.c: ours on every arch.
constexpr const char *kHelperNames[] = {"roundeven", "fminimum", "fmaximum"};

std::vector<std::string> mathSymbols() {
  std::vector<std::string> Symbols;
  for (const char *Name : kMathNames)
    for (const char *Suffix : {"", "f"})
      Symbols.push_back(std::string(Name) + Suffix);
  return Symbols;
}

bool isHelperName(StringRef Symbol) {
  for (const char *Name : kHelperNames)
    if (Symbol == Name || Symbol == (Twine(Name) + "f").str())
      return true;
  return false;
}

// One function per way device code reaches math: the intrinsics (whose
// libcalls LLVM picks per target), frem, sin and cos of one value (sincos on
// x86-64), and direct calls to the C names.
std::string mathIr() {
  std::string Ir;
  raw_string_ostream OS(Ir);
  for (auto [T, S, C] :
       {std::tuple{"double", "f64", ""}, std::tuple{"float", "f32", "f"}}) {
    for (const char *F :
         {"sin", "cos", "exp", "exp2", "log", "sqrt", "floor", "ceil", "trunc",
          "round", "roundeven", "rint", "nearbyint", "fabs"})
      OS << formatv("declare {0} @llvm.{1}.{2}({0})\n"
                    "define {0} @i_{1}_{2}({0} %x) {{\n"
                    "  %r = call {0} @llvm.{1}.{2}({0} %x)\n"
                    "  ret {0} %r\n}\n",
                    T, F, S);
    for (const char *F : {"pow", "minnum", "maxnum", "copysign"})
      OS << formatv("declare {0} @llvm.{1}.{2}({0}, {0})\n"
                    "define {0} @i_{1}_{2}({0} %x, {0} %y) {{\n"
                    "  %r = call {0} @llvm.{1}.{2}({0} %x, {0} %y)\n"
                    "  ret {0} %r\n}\n",
                    T, F, S);
    for (const char *F : {"powi", "ldexp"})
      OS << formatv("declare {0} @llvm.{1}.{2}.i32({0}, i32)\n"
                    "define {0} @i_{1}_{2}({0} %x, i32 %n) {{\n"
                    "  %r = call {0} @llvm.{1}.{2}.i32({0} %x, i32 %n)\n"
                    "  ret {0} %r\n}\n",
                    T, F, S);
    OS << formatv("define {0} @i_frem_{1}({0} %x, {0} %y) {{\n"
                  "  %r = frem {0} %x, %y\n  ret {0} %r\n}\n"
                  "define {0} @i_sincos_{1}({0} %x) {{\n"
                  "  %s = call {0} @llvm.sin.{1}({0} %x)\n"
                  "  %c = call {0} @llvm.cos.{1}({0} %x)\n"
                  "  %r = fadd {0} %s, %c\n  ret {0} %r\n}\n",
                  T, S);
    for (const char *F : {"sin", "cos", "tan", "atan", "exp", "log"})
      OS << formatv("declare {0} @{1}{2}({0})\n"
                    "define {0} @c_{1}_{3}({0} %x) {{\n"
                    "  %r = call {0} @{1}{2}({0} %x)\n  ret {0} %r\n}\n",
                    T, F, C, S);
    for (const char *F : {"pow", "fmod", "fminimum", "fmaximum"})
      OS << formatv("declare {0} @{1}{2}({0}, {0})\n"
                    "define {0} @c_{1}_{3}({0} %x, {0} %y) {{\n"
                    "  %r = call {0} @{1}{2}({0} %x, {0} %y)\n"
                    "  ret {0} %r\n}\n",
                    T, F, C, S);
  }
  return Ir;
}

std::vector<std::string> definedFunctions(StringRef Ir) {
  std::vector<std::string> Names;
  for (StringRef Line : split(Ir, '\n'))
    if (Line.consume_front("define ")) {
      Line = Line.drop_until([](char C) { return C == '@'; }).drop_front();
      Names.push_back(Line.take_until([](char C) { return C == '('; }).str());
    }
  return Names;
}

// The images reachable from some slots, built once each.
struct Closure {
  std::map<uint32_t, Image> Images;   // by main slot
  std::map<uint32_t, uint32_t> Owner; // every slot reached -> main slot
  std::set<uint32_t> RuntimeSlots;    // reached, served by the runtime
};

Closure buildClosure(Linker &L, uint8_t Arch,
                     const std::vector<uint32_t> &Roots) {
  Closure C;
  std::deque<uint32_t> Work(Roots.begin(), Roots.end());
  while (!Work.empty()) {
    const uint32_t Slot = Work.front();
    Work.pop_front();
    if (C.Owner.count(Slot) || C.RuntimeSlots.count(Slot))
      continue;
    if (Slot < runtimeSlotCount(Arch)) {
      C.RuntimeSlots.insert(Slot);
      continue;
    }
    auto I = L.buildImage(Slot);
    if (!I) {
      ADD_FAILURE() << archName(Arch).str() << " " << L.symbolOf(Slot).str()
                    << ": " << toString(I.takeError());
      continue;
    }
    C.Owner[Slot] = Slot;
    for (auto [Export, Offset] : I->Exports)
      C.Owner[Export] = Slot;
    for (uint32_t Target : View(*I).slotTargets())
      Work.push_back(Target);
    C.Images.emplace(Slot, std::move(*I));
  }
  return C;
}

std::set<std::string> reachedNames(const Linker &L, const Closure &C) {
  std::set<std::string> Names;
  for (auto [Slot, Main] : C.Owner)
    Names.insert(L.symbolOf(Slot).str());
  for (uint32_t Slot : C.RuntimeSlots)
    Names.insert(L.symbolOf(Slot).str());
  return Names;
}

class ArmMath : public ::testing::TestWithParam<uint8_t> {};

TEST_P(ArmMath, IntrinsicsAndCNamesResolveToLibmImagesWithoutErrno) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  const std::string Ir = mathIr();
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, Ir, "math"))));
  std::vector<uint32_t> Roots;
  for (const std::string &F : definedFunctions(Ir))
    Roots.push_back(cantFail(L->slotFor(F)));
  // Every image builds: each symbol its members reference resolves (an
  // errno wrapper would fail on `__errno`, which nothing defines).
  const Closure C = buildClosure(*L, Arch, Roots);
  const std::set<std::string> Reached = reachedNames(*L, C);
  EXPECT_TRUE(C.RuntimeSlots.empty());
  for (const char *Kernel : {"__ieee754_exp",
                             "__ieee754_log",
                             "__ieee754_pow",
                             "__ieee754_fmod",
                             "__ieee754_expf",
                             "__ieee754_logf",
                             "jlremote_powf",
                             "jlremote_ldexpf",
                             "__ieee754_fmodf",
                             "sin",
                             "cos",
                             "tan",
                             "atan",
                             "sinf",
                             "cosf",
                             "tanf",
                             "atanf",
                             "floor",
                             "floorf",
                             "roundeven",
                             "roundevenf",
                             "fminimum",
                             "fmaximumf",
                             "scalbn",
                             "scalbnf",
                             "__powidf2",
                             "__powisf2",
                             "__ieee754_rem_pio2",
                             "__kernel_sin"})
    EXPECT_TRUE(Reached.count(Kernel)) << archName(Arch).str() << ": " << Kernel
                                       << " not among " << join(Reached, " ");
  for (const char *Wrapper : {"exp", "log", "pow", "fmod", "ldexp", "expf",
                              "logf", "powf", "fmodf", "ldexpf", "__errno"})
    EXPECT_FALSE(Reached.count(Wrapper))
        << archName(Arch).str() << ": " << Wrapper;
  // The helpers come from our object, libm from newlib's archive.
  const std::string Libm =
      helperLibraries(Arch, JLREMOTE_TEST_DEVICE_DIR).back();
  EXPECT_TRUE(StringRef(Libm).ends_with("/libm.a")) << Libm;
}

TEST_P(ArmMath, EveryMathNameHasAnImageClosure) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  for (const std::string &Symbol : mathSymbols()) {
    auto Slot = L->slotFor(Symbol);
    ASSERT_TRUE(bool(Slot)) << Symbol << ": " << toString(Slot.takeError());
    const Closure C = buildClosure(*L, Arch, {*Slot});
    ASSERT_TRUE(C.Images.count(*Slot)) << Symbol;
    // A helper's image is ours: integer code, nothing soft-float.
    if (isHelperName(Symbol))
      for (auto &[S, I] : C.Images)
        EXPECT_FALSE(StringRef(I.Name).starts_with("__aeabi_d") ||
                     StringRef(I.Name).starts_with("__aeabi_f"))
            << Symbol << " pulls in " << I.Name;
  }
}

// Device RAM an image holds once loaded: heap header, image header, code,
// bss (stubs included), in 16-byte blocks (device_runtime/heap.h); the
// relocations are given back after loading.
size_t residentBytes(const Image &I) {
  const View V(I);
  return alignTo(Heap::kHeaderSize + kImageHeaderSize + V.CodeSize + V.BssSize,
                 16);
}

// The heaviest chain of images that must be resident together: a function
// and, at each depth, its largest callee chain (the images on the stack
// cannot be evicted).
size_t chainBytes(const Closure &C, uint32_t Slot,
                  std::map<uint32_t, size_t> &Memo) {
  const uint32_t Main = C.Owner.at(Slot);
  if (auto It = Memo.find(Main); It != Memo.end())
    return It->second;
  Memo[Main] = 0; // a cycle counts once
  size_t Deepest = 0;
  for (uint32_t Target : View(C.Images.at(Main)).slotTargets())
    if (C.Owner.count(Target) && C.Owner.at(Target) != Main)
      Deepest = std::max(Deepest, chainBytes(C, Target, Memo));
  return Memo[Main] = residentBytes(C.Images.at(Main)) + Deepest;
}

// The README's table: image bytes on the wire and device RAM, per function
// on the micro:bit's core.
TEST(ArmMathSizes, ThumbV6M) {
  auto L = makeLinker(kArchThumbV6M);
  for (const std::string &Symbol : mathSymbols()) {
    const uint32_t Slot = cantFail(L->slotFor(Symbol));
    const Closure C = buildClosure(*L, kArchThumbV6M, {Slot});
    size_t Wire = 0, Resident = 0;
    for (auto &[S, I] : C.Images) {
      Wire += I.Bytes.size();
      Resident += residentBytes(I);
    }
    std::map<uint32_t, size_t> Memo;
    const Image &Own = C.Images.at(Slot);
    const StringRef Alias = helperAlias(kArchThumbV6M, Symbol);
    std::printf("[math-size] %-10s %-16s own %5zu, %2zu images %6zu wire "
                "%6zu RAM, heaviest chain %5zu RAM\n",
                Symbol.c_str(), Alias.empty() ? "" : Alias.str().c_str(),
                Own.Bytes.size(), C.Images.size(), Wire, Resident,
                chainBytes(C, Slot, Memo));
    EXPECT_GT(Own.RawCodeSize, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Arches, ArmMath,
                         ::testing::Values(kArchThumbV6M, kArchThumbV7M,
                                           kArchThumbV7EM, kArchThumbV7EMHard,
                                           kArchThumbV8MMain),
                         [](const auto &Info) {
                           std::string Name = archName(Info.param).str();
                           std::replace(Name.begin(), Name.end(), '.', '_');
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

TEST(MathAliases, KernelsForErrnoWrappersOnArmOnly) {
  EXPECT_EQ(helperAlias(kArchThumbV7M, "exp"), "__ieee754_exp");
  EXPECT_EQ(helperAlias(kArchThumbV6M, "logf"), "__ieee754_logf");
  EXPECT_EQ(helperAlias(kArchThumbV6M, "powf"), "jlremote_powf");
  EXPECT_EQ(helperAlias(kArchThumbV7EMHard, "sqrtf"), "__ieee754_sqrtf");
  EXPECT_EQ(helperAlias(kArchThumbV8MMain, "ldexp"), "scalbn");
  EXPECT_EQ(helperAlias(kArchThumbV7M, "sin"), "");
  EXPECT_EQ(helperAlias(kArchX86_64, "exp"), "");
  EXPECT_EQ(helperAlias(0, "exp"), "");
}

TEST(MathAliases, ACallToExpImportsTheKernel) {
  auto L = makeLinker(kArchThumbV7M);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchThumbV7M, R"(
declare double @exp(double)
define double @e(double %x) {
  %r = call double @exp(double %x)
  ret double %r
}
)"))));
  const Image I = build(*L, "e");
  ASSERT_EQ(View(I).slotTargets().size(), 1u);
  EXPECT_EQ(L->symbolOf(View(I).slotTargets()[0]), "__ieee754_exp");
}

TEST(MathAliases, AUserDefinitionOfTheNameStaysTheUsers) {
  auto L = makeLinker(kArchThumbV7M);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchThumbV7M, R"(
define double @exp(double %x) {
  ret double %x
}
)",
                                                  "own_exp"))));
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchThumbV7M, R"(
declare double @exp(double)
define double @e(double %x) {
  %r = call double @exp(double %x)
  ret double %r
}
)"))));
  const Image I = build(*L, "e");
  ASSERT_EQ(View(I).slotTargets().size(), 1u);
  EXPECT_EQ(L->symbolOf(View(I).slotTargets()[0]), "exp");
  const Image Exp = build(*L, "exp");
  EXPECT_LT(Exp.RawCodeSize, 8u); // bx lr, not newlib's kernel
  EXPECT_TRUE(View(Exp).slotTargets().empty());
}

// --- x86-64 ---

TEST(X86Math, LibmNamesAreRuntimeSlotsWithoutImages) {
  auto L = makeLinker(kArchX86_64);
  for (uint32_t I = 0; I < kPosixLibmSlotCount; ++I) {
    const uint32_t Slot = kRuntimeSlotCount + I;
    EXPECT_EQ(cantFail(L->slotFor(kPosixLibmSlotSymbols[I])), Slot);
    EXPECT_EQ(toString(L->buildImage(Slot).takeError()),
              formatv("slot {0} is the runtime's `{1}`: the device has its "
                      "code",
                      Slot, kPosixLibmSlotSymbols[I])
                  .str());
  }
  // Every math name: a runtime slot, or one of our helpers as an image.
  for (const std::string &Symbol : mathSymbols()) {
    const uint32_t Slot = cantFail(L->slotFor(Symbol));
    EXPECT_EQ(Slot < runtimeSlotCount(kArchX86_64), !isHelperName(Symbol))
        << Symbol;
  }
  // ARM keeps its slot table: only jlremote_print is the runtime's.
  auto Arm = makeLinker(kArchThumbV6M);
  EXPECT_EQ(runtimeSlotCount(kArchThumbV6M), uint32_t(kRuntimeSlotCount));
  EXPECT_GE(cantFail(Arm->slotFor("sin")), uint32_t(kRuntimeSlotCount));
}

TEST(X86Math, EveryLibcallLlvmEmitsRunsThroughSlotsOrImages) {
  auto L = makeLinker(kArchX86_64);
  const std::string Ir = mathIr();
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, Ir, "math"))));
  std::vector<uint32_t> Roots;
  for (const std::string &F : definedFunctions(Ir))
    Roots.push_back(cantFail(L->slotFor(F)));
  const Closure C = buildClosure(*L, kArchX86_64, Roots);
  const std::set<std::string> Reached = reachedNames(*L, C);
  for (const char *Name : {"sincos", "sincosf", "tan", "exp2f", "ldexp",
                           "roundeven", "fminimumf", "__powidf2"})
    EXPECT_TRUE(Reached.count(Name))
        << Name << " not among " << join(Reached, " ");

  X86Device Device(*L);
  using D1 = double(double);
  using F1 = float(float);
  using D2 = double(double, double);
  for (double X : {0.0, -0.0, 0.5, -2.75, 1e22, 710.0, -1e-310}) {
    // The slots hold this process's libm: the same bits.
    EXPECT_EQ(std::bit_cast<uint64_t>(Device.function<D1>("i_sin_f64")(X)),
              std::bit_cast<uint64_t>(::sin(X)));
    EXPECT_EQ(std::bit_cast<uint64_t>(Device.function<D1>("i_sincos_f64")(X)),
              std::bit_cast<uint64_t>(::sin(X) + ::cos(X)));
    EXPECT_EQ(std::bit_cast<uint64_t>(Device.function<D1>("c_tan_f64")(X)),
              std::bit_cast<uint64_t>(::tan(X)));
    EXPECT_EQ(std::bit_cast<uint64_t>(Device.function<D1>("i_floor_f64")(X)),
              std::bit_cast<uint64_t>(::floor(X)));
    EXPECT_EQ(std::bit_cast<uint64_t>(Device.function<D2>("i_pow_f64")(X, 1.5)),
              std::bit_cast<uint64_t>(::pow(X, 1.5)));
    const float Y = float(X);
    EXPECT_EQ(std::bit_cast<uint32_t>(Device.function<F1>("i_exp_f32")(Y)),
              std::bit_cast<uint32_t>(::expf(Y)));
    EXPECT_EQ(std::bit_cast<uint32_t>(Device.function<F1>("i_sincos_f32")(Y)),
              std::bit_cast<uint32_t>(::sinf(Y) + ::cosf(Y)));
  }
}

// helpers/math.c, as x86-64 images: against C23's definitions (cases) and
// against this process's C library (glibc 2.35+), bit for bit.
class MathHelpers : public ::testing::Test {
protected:
  MathHelpers() : L(makeLinker(kArchX86_64)), Device(*L) {}
  std::unique_ptr<Linker> L;
  X86Device Device;
  double roundeven(double X) {
    return Device.function<double(double)>("roundeven")(X);
  }
  float roundevenf(float X) {
    return Device.function<float(float)>("roundevenf")(X);
  }
};

uint64_t bits(double X) { return std::bit_cast<uint64_t>(X); }
uint32_t bits(float X) { return std::bit_cast<uint32_t>(X); }

TEST_F(MathHelpers, RoundevenTiesGoToEvenAndZeroKeepsItsSign) {
  const double Cases[][2] = {{0.5, 0.0},
                             {-0.5, -0.0},
                             {1.5, 2.0},
                             {2.5, 2.0},
                             {-2.5, -2.0},
                             {3.5, 4.0},
                             {-0.0, -0.0},
                             {0.0, 0.0},
                             {0.49999999999999994, 0.0},
                             {0.5000000000000001, 1.0},
                             {-1e-310, -0.0},
                             {0.75, 1.0},
                             {-0.75, -1.0},
                             {1.0, 1.0},
                             {4503599627370495.5, 4503599627370496.0},
                             {4503599627370497.0, 4503599627370497.0},
                             {1e300, 1e300},
                             {HUGE_VAL, HUGE_VAL},
                             {-HUGE_VAL, -HUGE_VAL},
                             {1.9999999999999998, 2.0},
                             {-7.5, -8.0}};
  for (auto [X, Expected] : Cases)
    EXPECT_EQ(bits(roundeven(X)), bits(Expected)) << X;
  const float FloatCases[][2] = {
      {0.5f, 0.0f},          {-0.5f, -0.0f},
      {2.5f, 2.0f},          {-3.5f, -4.0f},
      {-0.0f, -0.0f},        {8388607.5f, 8388608.0f},
      {0.49999997f, 0.0f},   {16777215.0f, 16777215.0f},
      {HUGE_VALF, HUGE_VALF}};
  for (auto [X, Expected] : FloatCases)
    EXPECT_EQ(bits(roundevenf(X)), bits(Expected)) << X;
}

TEST_F(MathHelpers, NanComesBackQuiet) {
  const double SignalingNan = std::bit_cast<double>(0x7FF0000000000001ull);
  EXPECT_EQ(bits(roundeven(SignalingNan)), 0x7FF8000000000001ull);
  const double QuietNan = -std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(bits(roundeven(QuietNan)), bits(QuietNan));
  const float SignalingNanF = std::bit_cast<float>(0xFF800001u);
  EXPECT_EQ(bits(roundevenf(SignalingNanF)), 0xFFC00001u);
  auto *Min = Device.function<double(double, double)>("fminimum");
  auto *Max = Device.function<double(double, double)>("fmaximum");
  EXPECT_TRUE(std::isnan(Min(NAN, 1.0)));
  EXPECT_TRUE(std::isnan(Min(-HUGE_VAL, NAN)));
  EXPECT_TRUE(std::isnan(Max(HUGE_VAL, NAN)));
  EXPECT_TRUE(std::isnan(Max(NAN, -0.0)));
  auto *MinF = Device.function<float(float, float)>("fminimumf");
  EXPECT_TRUE(std::isnan(MinF(1.0f, NAN)));
}

TEST_F(MathHelpers, MinimumAndMaximumOrderSignedZeros) {
  auto *Min = Device.function<double(double, double)>("fminimum");
  auto *Max = Device.function<double(double, double)>("fmaximum");
  auto *MaxF = Device.function<float(float, float)>("fmaximumf");
  EXPECT_EQ(bits(Min(0.0, -0.0)), bits(-0.0));
  EXPECT_EQ(bits(Min(-0.0, 0.0)), bits(-0.0));
  EXPECT_EQ(bits(Max(-0.0, 0.0)), bits(0.0));
  EXPECT_EQ(bits(Max(0.0, -0.0)), bits(0.0));
  EXPECT_EQ(bits(MaxF(-0.0f, 0.0f)), bits(0.0f));
  EXPECT_EQ(Min(-HUGE_VAL, -1e308), -HUGE_VAL);
  EXPECT_EQ(Max(-3.0, -2.0), -2.0);
}

TEST_F(MathHelpers, AgreeWithTheCLibraryBitForBit) {
  auto *Min = Device.function<double(double, double)>("fminimum");
  auto *Max = Device.function<double(double, double)>("fmaximum");
  auto *MinF = Device.function<float(float, float)>("fminimumf");
  auto *MaxF = Device.function<float(float, float)>("fmaximumf");
  std::mt19937_64 Random(7);
  // Random bit patterns hit every exponent; scaled values hit the ties.
  auto Sample = [&](int I) {
    const uint64_t R = Random();
    return I % 2 ? std::bit_cast<double>(R)
                 : double(int64_t(R >> 40) - (1 << 23)) / 4.0;
  };
  for (int I = 0; I < 200000; ++I) {
    const double X = Sample(I), Y = Sample(I + 1);
    const float Xf = float(X), Yf = float(Y);
    if (!std::isnan(X)) {
      ASSERT_EQ(bits(roundeven(X)), bits(::roundeven(X))) << X;
      ASSERT_EQ(bits(roundevenf(Xf)), bits(::roundevenf(Xf))) << Xf;
    }
    if (!std::isnan(X) && !std::isnan(Y)) {
      ASSERT_EQ(bits(Min(X, Y)), bits(::fminimum(X, Y))) << X << " " << Y;
      ASSERT_EQ(bits(Max(X, Y)), bits(::fmaximum(X, Y))) << X << " " << Y;
      ASSERT_EQ(bits(MinF(Xf, Yf)), bits(::fminimumf(Xf, Yf)));
      ASSERT_EQ(bits(MaxF(Xf, Yf)), bits(::fmaximumf(Xf, Yf)));
    }
  }
}

} // namespace
