#include "call_abi.h"

#include "image_format.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

#include <bit>

namespace jlremote::host {
namespace {

using Words = std::vector<uint64_t>;

class CallAbi : public ::testing::Test {
protected:
  const llvm::Function &function(llvm::StringRef Ir) {
    llvm::SMDiagnostic Diag;
    Module = llvm::parseAssemblyString(Ir, Diag, Context);
    EXPECT_TRUE(Module) << Diag.getMessage().str();
    return *Module->begin();
  }

  CallFrame place(uint8_t Arch, llvm::StringRef Ir,
                  std::vector<std::string> Args) {
    auto Frame = placeArguments(Arch, function(Ir), Args);
    EXPECT_TRUE(bool(Frame)) << llvm::toString(Frame.takeError());
    return Frame ? *Frame : CallFrame{};
  }

  std::string placeError(uint8_t Arch, llvm::StringRef Ir,
                         std::vector<std::string> Args) {
    auto Frame = placeArguments(Arch, function(Ir), Args);
    EXPECT_FALSE(bool(Frame));
    return Frame ? "" : llvm::toString(Frame.takeError());
  }

  std::string result(uint8_t Arch, llvm::StringRef Ir, uint64_t Gp0,
                     uint64_t Gp1, uint64_t Fp0) {
    auto Text = formatResult(Arch, function(Ir), Gp0, Gp1, Fp0);
    EXPECT_TRUE(bool(Text)) << llvm::toString(Text.takeError());
    return Text ? *Text : "";
  }

  llvm::LLVMContext Context;
  std::unique_ptr<llvm::Module> Module;
};

constexpr uint64_t bits(float F) { return std::bit_cast<uint32_t>(F); }
constexpr uint64_t bits(double D) { return std::bit_cast<uint64_t>(D); }

TEST_F(CallAbi, ArmSoftFloatPairsAndStack) {
  // a -> r0, b -> r2:r3 (r1 skipped for the even pair), c -> stack word 0,
  // d -> stack words 2-3 (word 1 pads to 8 bytes).
  const CallFrame F =
      place(kArchThumbV7M,
            "define void @f(i32 %a, i64 %b, i32 %c, double %d) { ret void }",
            {"7", "0x100000002", "-1", "1.5"});
  EXPECT_EQ(F.Gp, (Words{7, 0, 2, 1}));
  EXPECT_TRUE(F.Fp.empty());
  EXPECT_EQ(F.Stack,
            (Words{0xFFFFFFFF, 0, bits(1.5) & 0xFFFFFFFF, bits(1.5) >> 32}));
}

TEST_F(CallAbi, ArmSoftFloatFloatsAreIntegerBits) {
  const CallFrame F = place(
      kArchThumbV6M, "define float @f(float %x, double %y) { ret float %x }",
      {"1.5", "0.25"});
  EXPECT_EQ(F.Gp,
            (Words{bits(1.5f), 0, bits(0.25) & 0xFFFFFFFF, bits(0.25) >> 32}));
}

TEST_F(CallAbi, ArmSixtyFourBitAfterThreeWordsGoesToStack) {
  // r0-r2 taken, no even pair left: the i64 goes to the stack and r3 stays
  // unused (no back-filling of core registers).
  const CallFrame F = place(
      kArchThumbV7M,
      "define void @f(i32 %a, i32 %b, i32 %c, i64 %d, i32 %e) { ret void }",
      {"1", "2", "3", "4", "5"});
  EXPECT_EQ(F.Gp, (Words{1, 2, 3, 0}));
  EXPECT_EQ(F.Stack, (Words{4, 0, 5}));
}

TEST_F(CallAbi, NarrowIntegersFollowExtensionAttributes) {
  const CallFrame F = place(
      kArchThumbV7M,
      "define void @f(i8 signext %a, i8 zeroext %b, i16 %c, i1 zeroext %d) "
      "{ ret void }",
      {"-1", "-1", "65535", "true"});
  EXPECT_EQ(F.Gp, (Words{0xFFFFFFFF, 0xFF, 0xFFFFFFFF, 1}));
}

TEST_F(CallAbi, ArmHardFloatBackFills) {
  // a -> s0, b -> d1 (s2:s3), c back-fills s1.
  const CallFrame F =
      place(kArchThumbV7EMHard,
            "define void @f(float %a, double %b, float %c, i32 %n) "
            "{ ret void }",
            {"1.0", "2.0", "3.0", "4"});
  EXPECT_EQ(F.Gp, (Words{4}));
  EXPECT_EQ(F.Fp, (Words{bits(1.0f), bits(3.0f), bits(2.0) & 0xFFFFFFFF,
                         bits(2.0) >> 32}));
  EXPECT_TRUE(F.Stack.empty());
}

TEST_F(CallAbi, ArmHardFloatStackClosesRegisters) {
  // Seven doubles fill s0-s13, x takes s14; y needs a pair and finds none,
  // so it goes to the stack and z may not back-fill s15 any more.
  const CallFrame F = place(
      kArchThumbV7EMHard,
      "define void @f(double %d0, double %d1, double %d2, double %d3, "
      "double %d4, double %d5, double %d6, float %x, double %y, float %z) "
      "{ ret void }",
      {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"});
  ASSERT_EQ(F.Fp.size(), 15u);
  EXPECT_EQ(F.Fp[12], bits(6.0) & 0xFFFFFFFF);
  EXPECT_EQ(F.Fp[14], bits(7.0f));
  EXPECT_EQ(F.Stack,
            (Words{bits(8.0) & 0xFFFFFFFF, bits(8.0) >> 32, bits(9.0f)}));
}

TEST_F(CallAbi, SysV64RegistersThenStack) {
  const CallFrame F =
      place(kArchX86_64,
            "define void @f(i64 %a, i32 %b, i8 %c, i64 %d, i64 %e, i64 %f, "
            "double %x, i16 zeroext %g, float %y) { ret void }",
            {"1", "-2", "-3", "4", "5", "6", "0.5", "65535", "2.5"});
  EXPECT_EQ(F.Gp, (Words{1, uint64_t(-2), uint64_t(-3), 4, 5, 6}));
  EXPECT_EQ(F.Fp, (Words{bits(0.5), bits(2.5f)}));
  EXPECT_EQ(F.Stack, (Words{65535}));
}

TEST_F(CallAbi, SysV64NinthDoubleOnStack) {
  const CallFrame F = place(
      kArchX86_64,
      "define void @f(double %a, double %b, double %c, double %d, double %e, "
      "double %f, double %g, double %h, double %i) { ret void }",
      {"1", "2", "3", "4", "5", "6", "7", "8", "9"});
  EXPECT_EQ(F.Fp.size(), 8u);
  EXPECT_EQ(F.Stack, (Words{bits(9.0)}));
}

TEST_F(CallAbi, ErrorsNameTheParameter) {
  EXPECT_EQ(placeError(kArchThumbV7M,
                       "define i32 @f(i32 %n, ptr %p) { ret i32 0 }",
                       {"1", "2"}),
            "parameter 2 of f (p) has type ptr: only i1, i8, i16, i32, i64, "
            "float and double arguments can be passed");
  EXPECT_EQ(placeError(kArchThumbV7M, "define i32 @fib(i32 %n) { ret i32 0 }",
                       {"1", "2"}),
            "fib takes 1 argument, 2 given");
  EXPECT_EQ(placeError(kArchThumbV7M, "define i32 @f(i8 %small) { ret i32 0 }",
                       {"300"}),
            "argument 1 of f (small::i8): 300 does not fit in 8 bits "
            "(-128..255)");
  EXPECT_EQ(
      placeError(kArchThumbV7M, "define i32 @f(i32 %n) { ret i32 0 }", {"3.5"}),
      "argument 1 of f (n::i32): '3.5' is not an integer");
  EXPECT_EQ(placeError(kArchThumbV7M, "define i32 @f(double %x) { ret i32 0 }",
                       {"x"}),
            "argument 1 of f (x::double): 'x' is not a Float64");
  EXPECT_EQ(placeError(
                kArchThumbV7M,
                "define { i32, i32 } @f() { ret { i32, i32 } zeroinitializer }",
                {}),
            "f returns { i32, i32 }: only i1-i64, float, double and void "
            "results can be printed");
}

TEST_F(CallAbi, DecodesArmResults) {
  EXPECT_EQ(
      result(kArchThumbV7M, "define i32 @f() { ret i32 0 }", 0xFFFFFFFB, 0, 0),
      "-5");
  EXPECT_EQ(result(kArchThumbV7M, "define zeroext i32 @f() { ret i32 0 }",
                   0xFFFFFFFB, 0, 0),
            "4294967291");
  EXPECT_EQ(result(kArchThumbV7M, "define signext i8 @f() { ret i8 0 }",
                   0xFFFFFF80, 0, 0),
            "-128");
  EXPECT_EQ(result(kArchThumbV7M, "define i64 @f() { ret i64 0 }", 2, 1, 0),
            "4294967298");
  EXPECT_EQ(result(kArchThumbV7M, "define double @f() { ret double 0.0 }",
                   bits(0.1) & 0xFFFFFFFF, bits(0.1) >> 32, 0),
            "0.1");
  EXPECT_EQ(result(kArchThumbV7M, "define float @f() { ret float 0.0 }",
                   bits(1.5f), 0, 0),
            "1.5f0");
  EXPECT_EQ(result(kArchThumbV7EMHard, "define float @f() { ret float 0.0 }", 0,
                   0, bits(2.5f)),
            "2.5f0");
  EXPECT_EQ(result(kArchThumbV7M, "define void @f() { ret void }", 1, 2, 3),
            "nothing");
  EXPECT_EQ(
      result(kArchThumbV7M, "define zeroext i1 @f() { ret i1 0 }", 1, 0, 0),
      "true");
}

TEST_F(CallAbi, DecodesSysV64Results) {
  EXPECT_EQ(
      result(kArchX86_64, "define i64 @f() { ret i64 0 }", uint64_t(-42), 0, 0),
      "-42");
  EXPECT_EQ(result(kArchX86_64, "define i32 @f() { ret i32 0 }", 0xDEAD00000007,
                   0, 0),
            "7");
  EXPECT_EQ(result(kArchX86_64, "define double @f() { ret double 0.0 }", 0, 0,
                   bits(1e-5)),
            "1.0e-5");
}

} // namespace
} // namespace jlremote::host
