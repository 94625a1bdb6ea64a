// Expected strings are what Julia 1.11 writes; where the rule is not obvious,
// the comment names the file of Julia's base/ that decides it.
#include "julia_print.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace jlremote::host {
namespace {

using Kind = JuliaType::Kind;

const JuliaType I8{Kind::Int8}, I32{Kind::Int32}, I64{Kind::Int64};
const JuliaType U8{Kind::UInt8}, U16{Kind::UInt16}, U32{Kind::UInt32},
    U64{Kind::UInt64};
const JuliaType Bool{Kind::Bool}, F32{Kind::Float32}, F64{Kind::Float64};
const JuliaType Char{Kind::Char}, Nothing{Kind::Nothing}, Str{Kind::String};

// The wire form the device writes (julia_print.h): packed little-endian.
class Wire {
public:
  template <typename T> Wire &add(T Value) {
    auto Bits = std::bit_cast<std::array<uint8_t, sizeof(T)>>(Value);
    Bytes.insert(Bytes.end(), Bits.begin(), Bits.end());
    return *this;
  }
  // Julia's Char: UTF-8 bytes from the most significant byte.
  Wire &chr(std::string_view Utf8) {
    uint32_t Raw = 0;
    for (size_t I = 0; I < Utf8.size(); ++I)
      Raw |= uint32_t(uint8_t(Utf8[I])) << (24 - 8 * I);
    return add(Raw);
  }
  Wire &str(std::string_view Text) {
    add(uint32_t(Text.size()));
    Bytes.insert(Bytes.end(), Text.begin(), Text.end());
    return *this;
  }
  Wire &count(uint32_t N) { return add(N); }
  std::vector<uint8_t> Bytes;
};

std::string text(llvm::Expected<std::string> Result) {
  if (!Result)
    return "error: " + llvm::toString(Result.takeError());
  return *Result;
}

std::string show(const JuliaType &T, const Wire &W, unsigned IntBits = 32) {
  return text(showValue(T, W.Bytes, PrintTarget{IntBits}));
}
std::string print(const JuliaType &T, const Wire &W, unsigned IntBits = 32) {
  return text(printValue(T, W.Bytes, PrintTarget{IntBits}));
}

TEST(JuliaPrint, SignedIntegers) {
  EXPECT_EQ(show(I64, Wire().add(int64_t(42))), "42");
  EXPECT_EQ(show(I32, Wire().add(int32_t(-7))), "-7");
  EXPECT_EQ(print(I32, Wire().add(int32_t(-7))), "-7");
  EXPECT_EQ(show(I8, Wire().add(int8_t(-128))), "-128");
  EXPECT_EQ(show(I32, Wire().add(std::numeric_limits<int32_t>::min())),
            "-2147483648");
  EXPECT_EQ(show(I64, Wire().add(std::numeric_limits<int64_t>::min())),
            "-9223372036854775808");
  EXPECT_EQ(show(I64, Wire().add(std::numeric_limits<int64_t>::max())),
            "9223372036854775807");
}

// base/intfuncs.jl: show(io, n::Unsigned) is "0x" plus 2*sizeof(n) hex
// digits; print(io, n::Unsigned) is decimal.
TEST(JuliaPrint, UnsignedShowHexPrintDecimal) {
  EXPECT_EQ(show(U8, Wire().add(uint8_t(5))), "0x05");
  EXPECT_EQ(print(U8, Wire().add(uint8_t(5))), "5");
  EXPECT_EQ(show(U16, Wire().add(uint16_t(0xBEEF))), "0xbeef");
  EXPECT_EQ(show(U32, Wire().add(uint32_t(1))), "0x00000001");
  EXPECT_EQ(print(U32, Wire().add(uint32_t(4000000000u))), "4000000000");
  EXPECT_EQ(show(U64, Wire().add(~uint64_t(0))), "0xffffffffffffffff");
  EXPECT_EQ(print(U64, Wire().add(~uint64_t(0))), "18446744073709551615");
}

TEST(JuliaPrint, BoolAndNothing) {
  EXPECT_EQ(show(Bool, Wire().add(uint8_t(1))), "true");
  EXPECT_EQ(print(Bool, Wire().add(uint8_t(0))), "false");
  EXPECT_EQ(show(Nothing, Wire()), "nothing");
  EXPECT_EQ(print(Nothing, Wire()), "nothing");
}

TEST(JuliaPrint, Float64SameUnderPrintAndShow) {
  for (auto [Value, Expected] : {std::pair{1.0, "1.0"},
                                 {0.1, "0.1"},
                                 {1e-5, "1.0e-5"},
                                 {1e6, "1.0e6"},
                                 {100000.0, "100000.0"},
                                 {-0.0, "-0.0"},
                                 {5e-324, "5.0e-324"},
                                 {INFINITY, "Inf"},
                                 {-INFINITY, "-Inf"},
                                 {NAN, "NaN"}}) {
    EXPECT_EQ(show(F64, Wire().add(Value)), Expected);
    EXPECT_EQ(print(F64, Wire().add(Value)), Expected);
  }
}

// base/ryu/Ryu.jl: print(io, x::Float32) = show(io, x, forceuntyped=true,
// fromprint=true): no f0 / 32 suffix and an 'e' exponent.
TEST(JuliaPrint, Float32ShowTypedPrintPlain) {
  EXPECT_EQ(show(F32, Wire().add(1.5f)), "1.5f0");
  EXPECT_EQ(print(F32, Wire().add(1.5f)), "1.5");
  EXPECT_EQ(show(F32, Wire().add(1e-5f)), "1.0f-5");
  EXPECT_EQ(print(F32, Wire().add(1e-5f)), "1.0e-5");
  EXPECT_EQ(show(F32, Wire().add(1e6f)), "1.0f6");
  EXPECT_EQ(print(F32, Wire().add(1e6f)), "1.0e6");
  EXPECT_EQ(show(F32, Wire().add(0.0f)), "0.0f0");
  EXPECT_EQ(print(F32, Wire().add(0.0f)), "0.0");
  EXPECT_EQ(show(F32, Wire().add(INFINITY)), "Inf32");
  EXPECT_EQ(print(F32, Wire().add(INFINITY)), "Inf");
  EXPECT_EQ(show(F32, Wire().add(-INFINITY)), "-Inf32");
  EXPECT_EQ(show(F32, Wire().add(NAN)), "NaN32");
  EXPECT_EQ(print(F32, Wire().add(NAN)), "NaN");
}

// base/char.jl, show(io, c::AbstractChar).
TEST(JuliaPrint, Chars) {
  EXPECT_EQ(show(Char, Wire().chr("a")), "'a'");
  EXPECT_EQ(print(Char, Wire().chr("a")), "a");
  EXPECT_EQ(show(Char, Wire().chr("\xC3\xA9")), "'\xC3\xA9'"); // é
  EXPECT_EQ(print(Char, Wire().chr("\xC3\xA9")), "\xC3\xA9");
  EXPECT_EQ(show(Char, Wire().chr("\xF0\x9F\x98\x80")),
            "'\xF0\x9F\x98\x80'"); // U+1F600, category So: printable
  EXPECT_EQ(show(Char, Wire().chr("\n")), "'\\n'");
  EXPECT_EQ(show(Char, Wire().chr("\t")), "'\\t'");
  EXPECT_EQ(show(Char, Wire().add(uint32_t(0))), "'\\0'");
  EXPECT_EQ(show(Char, Wire().chr("\x1B")), "'\\e'");
  EXPECT_EQ(show(Char, Wire().chr("'")), "'\\''");
  EXPECT_EQ(show(Char, Wire().chr("\\")), "'\\\\'");
  EXPECT_EQ(show(Char, Wire().chr("\"")), "'\"'");
  // Unprintable: \x for ASCII, \u with at least 2 hex digits beyond.
  EXPECT_EQ(show(Char, Wire().chr("\x01")), "'\\x01'");
  EXPECT_EQ(show(Char, Wire().chr("\x7F")), "'\\x7f'");
  EXPECT_EQ(show(Char, Wire().chr("\xC2\x85")), "'\\u85'");       // NEL, Cc
  EXPECT_EQ(show(Char, Wire().chr("\xE2\x80\x8B")), "'\\u200b'"); // ZWSP, Cf
  EXPECT_EQ(show(Char, Wire().chr("\xC2\xAD")), "'\\uad'"); // soft hyphen, Cf
  // Malformed: show_invalid writes each byte.
  EXPECT_EQ(show(Char, Wire().chr("\xFF")), "'\\xff'");
  EXPECT_EQ(show(Char, Wire().chr("\xC0\x80")), "'\\xc0\\x80'"); // overlong
}

// base/strings/io.jl: show is print_quoted = escape_string(s, ('"', '$'))
// between quotes; print writes the bytes.
TEST(JuliaPrint, Strings) {
  EXPECT_EQ(print(Str, Wire().str("hi\n")), "hi\n");
  EXPECT_EQ(show(Str, Wire().str("hi\n")), "\"hi\\n\"");
  EXPECT_EQ(show(Str, Wire().str("")), "\"\"");
  EXPECT_EQ(show(Str, Wire().str("a\"b$c\\")), "\"a\\\"b\\$c\\\\\"");
  EXPECT_EQ(show(Str, Wire().str("\x1B[0m\a\r")), "\"\\e[0m\\a\\r\"");
  EXPECT_EQ(show(Str, Wire().str("caf\xC3\xA9")), "\"caf\xC3\xA9\"");
  // escape_nul: "\0" only when no octal digit follows.
  EXPECT_EQ(show(Str, Wire().str(std::string_view("\0a", 2))), "\"\\0a\"");
  EXPECT_EQ(show(Str, Wire().str(std::string_view("\0"
                                                  "1",
                                                  2))),
            "\"\\x001\"");
  // need_full_hex: a \u escape is padded to 4 digits before a hex digit.
  EXPECT_EQ(show(Str, Wire().str("\xC2\x85z")), "\"\\u85z\"");
  EXPECT_EQ(show(Str, Wire().str("\xC2\x85"
                                 "b")),
            "\"\\u0085b\"");
  EXPECT_EQ(show(Str, Wire().str("\x01")), "\"\\x01\"");
  // Invalid UTF-8: each bad byte as \x.
  EXPECT_EQ(show(Str, Wire().str("a\xFF\xE2\x82")), "\"a\\xff\\xe2\\x82\"");
}

// base/show.jl: show(io, t::Tuple) = show_delim_array(io, t, '(', ',', ')',
// true): a 1-tuple keeps its comma. print(io, x) = show(io, x) for anything
// without its own print method (base/strings/io.jl), so elements are shown.
TEST(JuliaPrint, Tuples) {
  const JuliaType IntFloat = JuliaType::tuple({I64, F64});
  EXPECT_EQ(show(IntFloat, Wire().add(int64_t(1)).add(2.0)), "(1, 2.0)");
  EXPECT_EQ(print(IntFloat, Wire().add(int64_t(1)).add(2.0)), "(1, 2.0)");
  EXPECT_EQ(show(JuliaType::tuple({I32}), Wire().add(int32_t(1))), "(1,)");
  EXPECT_EQ(show(JuliaType::tuple({}), Wire()), "()");
  const JuliaType Mixed = JuliaType::tuple({F32, U8, Char, Str});
  const Wire MixedValue = Wire().add(1.5f).add(uint8_t(7)).chr("x").str("s");
  EXPECT_EQ(show(Mixed, MixedValue), "(1.5f0, 0x07, 'x', \"s\")");
  EXPECT_EQ(print(Mixed, MixedValue), "(1.5f0, 0x07, 'x', \"s\")");
  const JuliaType Nested =
      JuliaType::tuple({JuliaType::tuple({I32, I32}), F64});
  EXPECT_EQ(show(Nested, Wire().add(int32_t(1)).add(int32_t(2)).add(3.0)),
            "((1, 2), 3.0)");
}

// base/show.jl, _show_default: show(io, typeof(x)), then the fields with
// :typeinfo reset to Any, so Float32 fields keep their f0.
TEST(JuliaPrint, Structs) {
  const JuliaType Point = JuliaType::structType("Point", {}, {F64, F64});
  const JuliaType PointF64 = JuliaType::structType("Point", {F64}, {F64, F64});
  const JuliaType PointF32 = JuliaType::structType("Point", {F32}, {F32, F32});
  EXPECT_EQ(show(Point, Wire().add(1.0).add(2.0)), "Point(1.0, 2.0)");
  EXPECT_EQ(print(Point, Wire().add(1.0).add(2.0)), "Point(1.0, 2.0)");
  EXPECT_EQ(show(PointF64, Wire().add(1.0).add(2.0)),
            "Point{Float64}(1.0, 2.0)");
  EXPECT_EQ(print(PointF32, Wire().add(1.0f).add(2.5f)),
            "Point{Float32}(1.0f0, 2.5f0)");
  const JuliaType Segment =
      JuliaType::structType("Segment", {}, {Point, PointF32});
  EXPECT_EQ(show(Segment, Wire().add(0.0).add(0.0).add(1.0f).add(-2.0f)),
            "Segment(Point(0.0, 0.0), Point{Float32}(1.0f0, -2.0f0))");
  const JuliaType Pid =
      JuliaType::structType("PID", {F32, I32}, {F32, F32, I32, Bool});
  EXPECT_EQ(
      show(Pid, Wire().add(0.5f).add(1e-5f).add(int32_t(3)).add(uint8_t(1))),
      "PID{Float32, Int32}(0.5f0, 1.0f-5, 3, true)");
  EXPECT_EQ(show(JuliaType::structType("Empty", {}, {}), Wire()), "Empty()");
}

// base/range.jl: show(io, r::UnitRange) = print(io, repr(first(r)), ':',
// repr(last(r))); other ranges put repr(step(r)) between.
TEST(JuliaPrint, Ranges) {
  const JuliaType Unit = JuliaType::unitRange(I32);
  EXPECT_EQ(show(Unit, Wire().add(int32_t(1)).add(int32_t(10))), "1:10");
  EXPECT_EQ(print(Unit, Wire().add(int32_t(1)).add(int32_t(10))), "1:10");
  const JuliaType Step = JuliaType::stepRange(I64, I64);
  EXPECT_EQ(show(Step, Wire().add(int64_t(1)).add(int64_t(2)).add(int64_t(9))),
            "1:2:9");
  // reverse(1:5) is 5:-1:1.
  EXPECT_EQ(show(Step, Wire().add(int64_t(5)).add(int64_t(-1)).add(int64_t(1))),
            "5:-1:1");
  // repr of an unsigned bound is hex.
  EXPECT_EQ(
      show(JuliaType::unitRange(U8), Wire().add(uint8_t(1)).add(uint8_t(5))),
      "0x01:0x05");
}

// base/arrayshow.jl, show_vector/typeinfo_prefix/typeinfo_implicit.
TEST(JuliaPrint, Vectors) {
  const JuliaType VF64 = JuliaType::vector(F64);
  EXPECT_EQ(show(VF64, Wire().count(2).add(1.0).add(2.0)), "[1.0, 2.0]");
  EXPECT_EQ(print(VF64, Wire().count(2).add(1.0).add(2.0)), "[1.0, 2.0]");
  // An empty vector always names its element type.
  EXPECT_EQ(show(VF64, Wire().count(0)), "Float64[]");
  // Float32 elements under :typeinfo Float32: no f0, but the f exponent.
  EXPECT_EQ(show(JuliaType::vector(F32),
                 Wire().count(4).add(1.0f).add(2.5f).add(1e-5f).add(NAN)),
            "Float32[1.0, 2.5, 1.0f-5, NaN]");
  EXPECT_EQ(print(JuliaType::vector(F32), Wire().count(1).add(1.0f)),
            "Float32[1.0]");
  // Bool under :typeinfo Bool shows as 1/0 (base/show.jl).
  EXPECT_EQ(show(JuliaType::vector(Bool),
                 Wire().count(2).add(uint8_t(1)).add(uint8_t(0))),
            "Bool[1, 0]");
  EXPECT_EQ(show(JuliaType::vector(U8),
                 Wire().count(2).add(uint8_t(1)).add(uint8_t(255))),
            "UInt8[0x01, 0xff]");
  EXPECT_EQ(show(JuliaType::vector(Char), Wire().count(2).chr("a").chr("b")),
            "['a', 'b']");
  EXPECT_EQ(show(JuliaType::vector(Str), Wire().count(2).str("a").str("b")),
            "[\"a\", \"b\"]");
  EXPECT_EQ(show(JuliaType::vector(Nothing), Wire().count(2)),
            "[nothing, nothing]");
}

// base/arrayshow.jl, show(io, X::AbstractArray) and _show_nonempty for a
// matrix; the elements arrive column by column.
TEST(JuliaPrint, Matrices) {
  const JuliaType MF64 = JuliaType::matrix(F64);
  EXPECT_EQ(MF64.name(), "Matrix{Float64}");
  const Wire TwoByTwo =
      Wire().count(2).count(2).add(1.0).add(3.0).add(2.0).add(4.0);
  EXPECT_EQ(show(MF64, TwoByTwo), "[1.0 2.0; 3.0 4.0]");
  EXPECT_EQ(print(MF64, TwoByTwo), "[1.0 2.0; 3.0 4.0]");
  // One column: `;;` marks it a matrix; one row needs nothing.
  EXPECT_EQ(show(MF64, Wire().count(2).count(1).add(1.0).add(2.0)),
            "[1.0; 2.0;;]");
  EXPECT_EQ(show(MF64, Wire().count(1).count(2).add(1.0).add(2.0)),
            "[1.0 2.0]");
  // Empty: the type and its sizes.
  EXPECT_EQ(show(MF64, Wire().count(0).count(3)),
            "Matrix{Float64}(undef, 0, 3)");
  EXPECT_EQ(show(JuliaType::matrix(F32),
                 Wire().count(1).count(2).add(1.5f).add(1e-5f)),
            "Float32[1.5 1.0f-5]");
  const Wire Ints = Wire().count(1).count(2).add(int32_t(1)).add(int32_t(-2));
  EXPECT_EQ(show(JuliaType::matrix(I32), Ints, 32), "[1 -2]");
  EXPECT_EQ(show(JuliaType::matrix(I32), Ints, 64), "Int32[1 -2]");
  // Fewer element bytes than rows x columns: an error, not a read past.
  EXPECT_EQ(show(MF64, Wire().count(2).count(2).add(1.0)).rfind("error: ", 0),
            0u);
}

// `Int` is the device's word: Julia's typeinfo_implicit treats only `Int`
// (and Float64, Char, String, singletons) as implicit.
TEST(JuliaPrint, VectorPrefixFollowsDeviceInt) {
  const Wire Int32s = Wire().count(2).add(int32_t(1)).add(int32_t(2));
  EXPECT_EQ(show(JuliaType::vector(I32), Int32s, 32), "[1, 2]");
  EXPECT_EQ(show(JuliaType::vector(I32), Int32s, 64), "Int32[1, 2]");
  const Wire Int64s =
      Wire().count(3).add(int64_t(1)).add(int64_t(2)).add(int64_t(3));
  EXPECT_EQ(show(JuliaType::vector(I64), Int64s, 64), "[1, 2, 3]");
  EXPECT_EQ(show(JuliaType::vector(I64), Int64s, 32), "Int64[1, 2, 3]");
  EXPECT_EQ(show(JuliaType::vector(I32), Wire().count(0), 32), "Int32[]");
}

TEST(JuliaPrint, VectorsOfCompositeElements) {
  const JuliaType PointF64 = JuliaType::structType("Point", {F64}, {F64, F64});
  EXPECT_EQ(
      show(JuliaType::vector(PointF64), Wire().count(1).add(1.0).add(2.0)),
      "Point{Float64}[Point{Float64}(1.0, 2.0)]");
  // A tuple type is implicit when all its fields are; elements of a known
  // tuple type see their field types as :typeinfo (show_delim_array).
  EXPECT_EQ(show(JuliaType::vector(JuliaType::tuple({F32, I32})),
                 Wire().count(1).add(1.5f).add(int32_t(2))),
            "Tuple{Float32, Int32}[(1.5, 2)]");
  EXPECT_EQ(show(JuliaType::vector(JuliaType::tuple({F64, I32})),
                 Wire().count(1).add(1.5).add(int32_t(2))),
            "[(1.5, 2)]");
  // Vector{Vector{Float32}}: the inner vectors' type is known, no prefix.
  EXPECT_EQ(show(JuliaType::vector(JuliaType::vector(F32)),
                 Wire().count(2).count(2).add(1.0f).add(2.0f).count(0)),
            "Vector{Float32}[[1.0, 2.0], []]");
  // Vector{Vector{Float64}} is implicit, so an empty inner one is not known.
  EXPECT_EQ(show(JuliaType::vector(JuliaType::vector(F64)),
                 Wire().count(2).count(1).add(1.0).count(0)),
            "[[1.0], Float64[]]");
  // Fields of a struct inside a vector are shown with :typeinfo Any.
  const JuliaType Holder =
      JuliaType::structType("Holder", {}, {JuliaType::vector(F32)});
  EXPECT_EQ(show(JuliaType::vector(Holder), Wire().count(1).count(1).add(1.0f)),
            "Holder[Holder(Float32[1.0])]");
}

// arrayshow.jl, typeinfo_prefix and typeinfo_implicit: a struct type is
// implicit only when it is a singleton (no fields), so `Point[` even when
// the vector is not empty; `T[]` for every empty vector.
TEST(JuliaPrint, PrefixesOfStructAndTupleVectors) {
  const JuliaType Point = JuliaType::structType("Point", {}, {F64, F64});
  const Wire Two = Wire().count(2).add(1.0).add(2.0).add(3.0).add(4.0);
  EXPECT_EQ(show(JuliaType::vector(Point), Two),
            "Point[Point(1.0, 2.0), Point(3.0, 4.0)]");
  EXPECT_EQ(print(JuliaType::vector(Point), Two),
            "Point[Point(1.0, 2.0), Point(3.0, 4.0)]");
  EXPECT_EQ(show(JuliaType::vector(Point), Wire().count(0)), "Point[]");
  const JuliaType Empty = JuliaType::structType("Empty", {}, {});
  EXPECT_EQ(show(JuliaType::vector(Empty), Wire().count(2)),
            "[Empty(), Empty()]");
  EXPECT_EQ(show(JuliaType::vector(Empty), Wire().count(0)), "Empty[]");
  // A struct's fields are shown with :typeinfo Any (_show_default): the
  // Bool is `true`; inside a known tuple type it is `1` (show(io, ::Bool)).
  const JuliaType Flag = JuliaType::structType("Flag", {}, {Bool, I32});
  EXPECT_EQ(show(JuliaType::vector(Flag),
                 Wire().count(1).add(uint8_t(1)).add(int32_t(-2))),
            "Flag[Flag(true, -2)]");
  EXPECT_EQ(show(JuliaType::vector(JuliaType::tuple({Bool, I32})),
                 Wire().count(1).add(uint8_t(1)).add(int32_t(-2))),
            "Tuple{Bool, Int32}[(1, -2)]");
  // (Int, Float64) is implicit on either word size only with the device's
  // Int; a nested tuple of implicit types too.
  const JuliaType IntF64 = JuliaType::tuple({I64, F64});
  const Wire Pair = Wire().count(1).add(int64_t(1)).add(2.0);
  EXPECT_EQ(show(JuliaType::vector(IntF64), Pair, 64), "[(1, 2.0)]");
  EXPECT_EQ(show(JuliaType::vector(IntF64), Pair, 32),
            "Tuple{Int64, Float64}[(1, 2.0)]");
  EXPECT_EQ(show(JuliaType::vector(
                     JuliaType::tuple({I32, JuliaType::tuple({I32, Char})})),
                 Wire().count(1).add(int32_t(1)).add(int32_t(2)).chr("a")),
            "[(1, (2, 'a'))]");
}

// The elements of a matrix of structs or tuples have a fixed size in the
// wire form, so they are read out of order as numbers are.
TEST(JuliaPrint, MatricesOfStructsAndTuples) {
  const JuliaType Flag = JuliaType::structType("Flag", {}, {Bool, I32});
  const Wire TwoByTwo = Wire()
                            .count(2)
                            .count(2)
                            .add(uint8_t(1))
                            .add(int32_t(1))
                            .add(uint8_t(0))
                            .add(int32_t(2))
                            .add(uint8_t(0))
                            .add(int32_t(3))
                            .add(uint8_t(1))
                            .add(int32_t(4));
  EXPECT_EQ(show(JuliaType::matrix(Flag), TwoByTwo),
            "Flag[Flag(true, 1) Flag(false, 3); Flag(false, 2) Flag(true, 4)]");
  EXPECT_EQ(
      show(JuliaType::matrix(JuliaType::tuple({I32, F64})), Wire()
                                                                .count(2)
                                                                .count(1)
                                                                .add(int32_t(1))
                                                                .add(0.5)
                                                                .add(int32_t(2))
                                                                .add(0.25)),
      "[(1, 0.5); (2, 0.25);;]");
  EXPECT_EQ(show(JuliaType::matrix(Flag), Wire().count(0).count(2)),
            "Matrix{Flag}(undef, 0, 2)");
  // A matrix of vectors has no fixed element size: refused, not misread.
  EXPECT_EQ(show(JuliaType::matrix(JuliaType::vector(F64)),
                 Wire().count(1).count(1).count(0))
                .rfind("error: ", 0),
            0u);
}

// base/show.jl, @show: println(show_unquoted(ex), " = ", repr(value)).
TEST(JuliaPrint, ShowMacroLine) {
  EXPECT_EQ(text(showLine("x", F64, Wire().add(1.5).Bytes, PrintTarget{})),
            "x = 1.5\n");
  EXPECT_EQ(text(showLine("y", F32, Wire().add(1.5f).Bytes, PrintTarget{})),
            "y = 1.5f0\n");
  EXPECT_EQ(text(showLine("s", Str, Wire().str("hi").Bytes, PrintTarget{})),
            "s = \"hi\"\n");
  EXPECT_EQ(
      text(showLine("a + b", I32, Wire().add(int32_t(3)).Bytes, PrintTarget{})),
      "a + b = 3\n");
}

TEST(JuliaPrint, TypeNames) {
  EXPECT_EQ(JuliaType::vector(F64).name(), "Vector{Float64}");
  EXPECT_EQ(JuliaType::tuple({I32, F32}).name(), "Tuple{Int32, Float32}");
  EXPECT_EQ(JuliaType::tuple({}).name(), "Tuple{}");
  EXPECT_EQ(JuliaType::unitRange(I64).name(), "UnitRange{Int64}");
  EXPECT_EQ(JuliaType::stepRange(I32, I32).name(), "StepRange{Int32, Int32}");
  EXPECT_EQ(JuliaType::structType("Point", {}, {F64}).name(), "Point");
  EXPECT_EQ(JuliaType::structType("Point", {JuliaType::vector(F32)}, {}).name(),
            "Point{Vector{Float32}}");
}

// base/show.jl: show(io, p::Ptr) writes the type, " @0x" and the address
// padded to the word's hex digits (Sys.WORD_SIZE >> 2); print falls back to
// show, and a struct shows its Ptr field the same way.
TEST(JuliaPrint, Pointers) {
  const JuliaType PF64 = JuliaType::ptr(F64);
  EXPECT_EQ(PF64.name(), "Ptr{Float64}");
  EXPECT_EQ(show(PF64, Wire().add(uint32_t(0x20001000))),
            "Ptr{Float64} @0x20001000");
  EXPECT_EQ(print(PF64, Wire().add(uint32_t(0x1000))),
            "Ptr{Float64} @0x00001000");
  EXPECT_EQ(show(PF64, Wire().add(uint64_t(0x7ffc1000)), 64),
            "Ptr{Float64} @0x000000007ffc1000");
  const JuliaType Wrapper =
      JuliaType::structType("CustomVector", {I32}, {JuliaType::ptr(I32), I32});
  EXPECT_EQ(show(Wrapper, Wire().add(uint32_t(0x200)).add(int32_t(3))),
            "CustomVector{Int32}(Ptr{Int32} @0x00000200, 3)");
  EXPECT_EQ(show(PF64, Wire().add(uint32_t(1)), 64),
            "error: value of type Ptr{Float64}: needs 8 bytes at offset 0, 4 "
            "left");
}

// A print site's values follow each other: each call takes one off the front.
TEST(JuliaPrint, LeadingValues) {
  const Wire W = Wire().add(1.5).str("hi").add(uint8_t(7));
  llvm::ArrayRef<uint8_t> Bytes = W.Bytes;
  EXPECT_EQ(text(printLeadingValue(F64, Bytes, PrintTarget{})), "1.5");
  EXPECT_EQ(Bytes.size(), 7u);
  EXPECT_EQ(text(showLeadingValue(Str, Bytes, PrintTarget{})), "\"hi\"");
  EXPECT_EQ(text(showLeadingValue(U8, Bytes, PrintTarget{})), "0x07");
  EXPECT_TRUE(Bytes.empty());
  EXPECT_EQ(text(printLeadingValue(I32, Bytes, PrintTarget{})),
            "error: value of type Int32: needs 4 bytes at offset 0, 0 left");
}

TEST(JuliaPrint, WrongByteCountsAreErrors) {
  EXPECT_EQ(show(F64, Wire().add(1.0f)),
            "error: value of type Float64: needs 8 bytes at offset 0, 4 left");
  const JuliaType Point = JuliaType::structType("Point", {}, {F64, F64});
  EXPECT_EQ(show(Point, Wire().add(1.0)),
            "error: value of type Float64: needs 8 bytes at offset 8, 0 left");
  EXPECT_EQ(show(I32, Wire().add(int64_t(1))),
            "error: value of type Int32: 8 bytes received, 4 used");
  EXPECT_EQ(show(Str, Wire().add(uint32_t(10)).add('a')),
            "error: String of 10 bytes at offset 4, 1 bytes left");
  EXPECT_EQ(show(JuliaType::vector(F64), Wire().count(3).add(1.0)),
            "error: value of type Float64: needs 8 bytes at offset 12, 0 left");
}

} // namespace
} // namespace jlremote::host
