// Print sites as the compiler describes them, formatted from the bytes the
// device sends. Expected texts are what Julia 1.11 writes for the same
// statements (julia_print_test.cpp covers each value rule in detail).
#include "print_sites.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>

namespace jlremote::host {
namespace {

using lower::JType;
using lower::PrintFormat;
using lower::PrintPiece;
using lower::TypeNode;

const JType F64{lower::Float64Bit}, F32{lower::Float32Bit},
    I32{lower::Int32Bit}, I64{lower::Int64Bit}, Chr{lower::CharBit},
    Bool{lower::BoolBit}, Nothing{lower::NothingBit};

PrintPiece lit(std::string Text) { return {PrintPiece::Literal, Text, {}}; }
PrintPiece print(JType T) { return {PrintPiece::Print, "", T}; }
PrintPiece show(JType T) { return {PrintPiece::Show, "", T}; }

class Wire {
public:
  template <typename T> Wire &add(T Value) {
    auto Bits = std::bit_cast<std::array<uint8_t, sizeof(T)>>(Value);
    Bytes.insert(Bytes.end(), Bits.begin(), Bits.end());
    return *this;
  }
  std::vector<uint8_t> Bytes;
};

std::string text(llvm::Expected<std::string> R) {
  return R ? *R : "error: " + llvm::toString(R.takeError());
}

PrintSites sites(std::vector<PrintFormat> Formats, unsigned IntBits = 32,
                 std::vector<lower::ThrowSite> Throws = {}) {
  auto S = PrintSites::create(Formats, Throws, PrintTarget{IntBits});
  EXPECT_TRUE(bool(S)) << llvm::toString(S.takeError());
  return std::move(*S);
}

TEST(PrintSites, NumbersPrintedAndShown) {
  // 0: println("x = ", x, ", y = ", y)   1: @show y   2: print(n, c, b,
  // nothing)
  const PrintSites S =
      sites({{{lit("x = "), print(F64), lit(", y = "), print(F32), lit("\n")}},
             {{lit("y = "), show(F32), lit("\n")}},
             {{print(I32), print(Chr), print(Bool), print(Nothing)}}});
  EXPECT_EQ(text(S.format(0, Wire().add(0.1).add(1.5f).Bytes)),
            "x = 0.1, y = 1.5\n");
  EXPECT_EQ(text(S.format(1, Wire().add(1.5f).Bytes)), "y = 1.5f0\n");
  EXPECT_EQ(text(S.format(1, Wire().add(1e-5f).Bytes)), "y = 1.0f-5\n");
  EXPECT_EQ(text(S.format(2, Wire()
                                 .add(int32_t(-7))
                                 .add(uint32_t('x') << 24)
                                 .add(uint8_t(1))
                                 .Bytes)),
            "-7xtruenothing");
}

TEST(PrintSites, Composites) {
  const TypeNode *Point = TypeNode::get(TypeNode::Kind::Struct, "Point", {F64},
                                        {F64, F64}, {"x", "y"});
  const TypeNode *Pair =
      TypeNode::get(TypeNode::Kind::Tuple, "", {}, {F32, F32});
  const TypeNode *Unit =
      TypeNode::get(TypeNode::Kind::UnitRange, "", {I32}, {I32, I32});
  const TypeNode *Step =
      TypeNode::get(TypeNode::Kind::StepRange, "", {I32, I32}, {I32, I32, I32});
  const TypeNode *Vec = TypeNode::get(TypeNode::Kind::Vector, "", {I32}, {});
  const TypeNode *Ptr = TypeNode::get(TypeNode::Kind::Ptr, "", {F64}, {});
  const PrintSites S = sites({
      {{print(lower::typeOf(Point)), lit("\n")}},
      {{lit("r = "), show(lower::typeOf(Pair)), lit("\n")}},
      {{print(lower::typeOf(Unit)), lit(" "), print(lower::typeOf(Step))}},
      {{show(lower::typeOf(Vec))}},
      {{show(lower::typeOf(Ptr))}},
  });
  EXPECT_EQ(text(S.format(0, Wire().add(1.0).add(2.0).Bytes)),
            "Point{Float64}(1.0, 2.0)\n");
  EXPECT_EQ(text(S.format(1, Wire().add(2.0f).add(1.0f).Bytes)),
            "r = (2.0f0, 1.0f0)\n");
  EXPECT_EQ(text(S.format(2, Wire()
                                 .add(int32_t(1))
                                 .add(int32_t(5))
                                 .add(int32_t(5))
                                 .add(int32_t(-1))
                                 .add(int32_t(1))
                                 .Bytes)),
            "1:5 5:-1:1");
  EXPECT_EQ(text(S.format(3, Wire()
                                 .add(uint32_t(3))
                                 .add(int32_t(1))
                                 .add(int32_t(4))
                                 .add(int32_t(9))
                                 .Bytes)),
            "[1, 4, 9]");
  EXPECT_EQ(text(S.format(4, Wire().add(uint32_t(0x20001000)).Bytes)),
            "Ptr{Float64} @0x20001000");
}

// Int is the device's word: a Vector{Int32} needs its prefix on the 64-bit
// POSIX device only.
TEST(PrintSites, DeviceWordDecidesVectorPrefix) {
  const TypeNode *Vec = TypeNode::get(TypeNode::Kind::Vector, "", {I32}, {});
  const std::vector<PrintFormat> F = {{{show(lower::typeOf(Vec))}}};
  const auto Bytes = Wire().add(uint32_t(1)).add(int32_t(2)).Bytes;
  EXPECT_EQ(text(sites(F, 32).format(0, Bytes)), "[2]");
  EXPECT_EQ(text(sites(F, 64).format(0, Bytes)), "Int32[2]");
}

TEST(PrintSites, BadBytesAreErrorsNamingTheSite) {
  const PrintSites S = sites({{{lit("a")}}, {{print(F64), print(I64)}}});
  EXPECT_EQ(text(S.format(0, {})), "a");
  EXPECT_EQ(text(S.format(2, Wire().add(1.0).Bytes)),
            "error: print format 2 with 8 bytes of values: the program has 2 "
            "print formats");
  EXPECT_EQ(text(S.format(1, Wire().add(1.0).add(int32_t(1)).Bytes)),
            "error: print format 1 with 12 bytes of values: value of type "
            "Int64: needs 8 bytes at offset 0, 4 left");
  EXPECT_EQ(text(S.format(1, Wire().add(1.0).add(int64_t(1)).add('x').Bytes)),
            "error: print format 1 with 17 bytes of values: 1 bytes left over");
}

TEST(PrintSites, NonConcreteTypesAreRefused) {
  auto S = PrintSites::create(
      {{{print(JType(lower::Float64Bit | lower::Int64Bit))}}}, {},
      PrintTarget{});
  ASSERT_FALSE(bool(S));
  EXPECT_EQ(llvm::toString(S.takeError()),
            "print format 0: values of type Union{Float64, Int64} cannot be "
            "printed (not concrete)");
}

// Throw sites as the compiler describes Base's exceptions and a user's:
// Message is showerror's text, Shown show's (Julia 1.11's, for the same
// values).
std::vector<lower::ThrowSite> throwSites() {
  const std::string Sqrt =
      "sqrt was called with a negative real argument but will only return a "
      "complex result if called with a complex argument. Try "
      "sqrt(Complex(x)).";
  const PrintFormat OutOfMemory{{lit("OutOfMemoryError()")}};
  const PrintFormat MyError{
      {lit("MyError("), show(I32), lit(", "), show(F64), lit(")")}};
  return {
      {9, "OutOfMemoryError", OutOfMemory, OutOfMemory},
      // a[i] on a Vector{Float64}: the array itself is not sent.
      {2,
       "BoundsError",
       {{lit("BoundsError: attempt to access "), print(I32),
         lit("-element Vector{Float64} at index ["), show(I32), lit("]")}},
       {}},
      {6,
       "DomainError",
       {{lit("DomainError with "), print(F64), lit(":\n" + Sqrt)}},
       {{lit("DomainError("), show(F64), lit(", \"" + Sqrt + "\")")}}},
      {64, "MyError", MyError, MyError},
  };
}

TEST(PrintSites, ThrowSitesFormatTheirPayload) {
  const PrintSites S = sites({}, 32, throwSites());
  EXPECT_EQ(text(S.message(0, {})), "OutOfMemoryError()");
  EXPECT_EQ(text(S.shown(0, {})), "OutOfMemoryError()");
  const auto Bounds = Wire().add(int32_t(3)).add(int32_t(4)).Bytes;
  EXPECT_EQ(text(S.message(1, Bounds)),
            "BoundsError: attempt to access 3-element Vector{Float64} at "
            "index [4]");
  EXPECT_EQ(text(S.shown(1, Bounds)), "BoundsError(...)");
  const auto Domain = Wire().add(-1.0).Bytes;
  EXPECT_EQ(text(S.message(2, Domain)),
            "DomainError with -1.0:\nsqrt was called with a negative real "
            "argument but will only return a complex result if called with a "
            "complex argument. Try sqrt(Complex(x)).");
  EXPECT_EQ(text(S.shown(2, Domain)),
            "DomainError(-1.0, \"sqrt was called with a negative real "
            "argument but will only return a complex result if called with a "
            "complex argument. Try sqrt(Complex(x)).\")");
  const auto Mine = Wire().add(int32_t(7)).add(2.5).Bytes;
  EXPECT_EQ(text(S.message(3, Mine)), "MyError(7, 2.5)");
  EXPECT_EQ(text(S.shown(3, Mine)), "MyError(7, 2.5)");
}

TEST(PrintSites, ThrowSiteErrorsNameTheSite) {
  const PrintSites S = sites({}, 32, throwSites());
  EXPECT_EQ(text(S.message(4, {})),
            "error: throw site 4 with 0 bytes of payload: the program has 4 "
            "throw sites");
  EXPECT_EQ(text(S.message(1, Wire().add(int32_t(3)).Bytes)),
            "error: throw site 1 (BoundsError) with 4 bytes of payload: value "
            "of type Int32: needs 4 bytes at offset 0, 0 left");
  EXPECT_EQ(text(S.message(0, Wire().add(uint8_t(1)).Bytes)),
            "error: throw site 0 (OutOfMemoryError) with 1 bytes of payload: 1 "
            "bytes left over");
}

// println("caught ", e) and showerror(stdout, e): the object from its site
// on is the value, {UInt32 site, UInt32 size, payload}.
TEST(PrintSites, CaughtExceptionsArePrintPieces) {
  const PrintPiece Shown{PrintPiece::Exception, "", {}};
  const PrintPiece Message{PrintPiece::ExceptionMessage, "", {}};
  const PrintSites S =
      sites({{{lit("caught "), Shown, lit("\n")}},
             {{Message}},
             {{lit("["), Message, lit("] ["), Message, lit("]")}}},
            32, throwSites());
  const auto Mine = Wire()
                        .add(uint32_t(3))
                        .add(uint32_t(12))
                        .add(int32_t(-1))
                        .add(0.125)
                        .Bytes;
  EXPECT_EQ(text(S.format(0, Mine)), "caught MyError(-1, 0.125)\n");
  EXPECT_EQ(text(S.format(1, Mine)), "MyError(-1, 0.125)");
  const auto Bounds = Wire()
                          .add(uint32_t(1))
                          .add(uint32_t(8))
                          .add(int32_t(2))
                          .add(int32_t(0))
                          .Bytes;
  EXPECT_EQ(text(S.format(0, Bounds)), "caught BoundsError(...)\n");
  EXPECT_EQ(text(S.format(1, Bounds)),
            "BoundsError: attempt to access 2-element Vector{Float64} at "
            "index [0]");
  auto Two = Wire().add(uint32_t(0)).add(uint32_t(0)).Bytes;
  Two.insert(Two.end(), Bounds.begin(), Bounds.end());
  EXPECT_EQ(text(S.format(2, Two)),
            "[OutOfMemoryError()] [BoundsError: attempt to access 2-element "
            "Vector{Float64} at index [0]]");
  EXPECT_EQ(text(S.format(1, Wire().add(uint32_t(3)).Bytes)),
            "error: print format 1 with 4 bytes of values: an exception needs "
            "8 bytes of site and size, 4 left");
  EXPECT_EQ(text(S.format(1, Wire().add(uint32_t(3)).add(uint32_t(12)).Bytes)),
            "error: print format 1 with 8 bytes of values: an exception from "
            "throw site 3 with a 12-byte payload, 0 bytes left");
}

} // namespace
} // namespace jlremote::host
