#include "compiler/frontend/ast_dump.h"
#include "compiler/frontend/parser.h"

#include <gtest/gtest.h>

namespace jlremote::frontend {
namespace {

struct Parsed {
  std::string Dump;   // statements of the top level, one per line
  std::string Errors; // rendered diagnostics
};

Parsed parseText(const std::string &Text) {
  Source Src("t.jl", Text);
  Diagnostics Diags(Src);
  BlockPtr Tree = parseFile(Src, Diags);
  Parsed P;
  for (const NodePtr &S : Tree->Stmts)
    P.Dump += dumpAst(*S);
  P.Errors = Diags.renderAll();
  return P;
}

/// The dump of a text that must parse without diagnostics.
std::string dump(const std::string &Text) {
  Parsed P = parseText(Text);
  EXPECT_EQ(P.Errors, "") << "for: " << Text;
  return P.Dump;
}

std::string errors(const std::string &Text) { return parseText(Text).Errors; }

// --- Precedence and associativity (Julia manual, "Operator Precedence") ---

TEST(ParserTest, ArithmeticPrecedence) {
  EXPECT_EQ(dump("a + b * c"), "(call + a (call * b c))\n");
  EXPECT_EQ(dump("a - b - c"), "(call - (call - a b) c)\n");
  EXPECT_EQ(dump("a / b * c"), "(call * (call / a b) c)\n");
  EXPECT_EQ(dump("a * b // c"), "(call * a (call // b c))\n");
  EXPECT_EQ(dump("a * b << c"), "(call * a (call << b c))\n");
  EXPECT_EQ(dump("a ÷ b % c"), "(call % (call ÷ a b) c)\n");
  EXPECT_EQ(dump("a | b & c ⊻ d"), "(call ⊻ (call | a (call & b c)) d)\n");
}

TEST(ParserTest, PowerIsRightAssociativeAndAboveUnaryMinus) {
  EXPECT_EQ(dump("a ^ b ^ c"), "(call ^ a (call ^ b c))\n");
  EXPECT_EQ(dump("-2^2"), "(call - (call ^ 2 2))\n");
  EXPECT_EQ(dump("-x^2"), "(call - (call ^ x 2))\n");
  EXPECT_EQ(dump("2^-1"), "(call ^ 2 -1)\n");
  EXPECT_EQ(dump("-a * b"), "(call * (call - a) b)\n");
  EXPECT_EQ(dump("-2"), "-2\n");
  EXPECT_EQ(dump("- 2"), "(call - 2)\n");
  EXPECT_EQ(dump("!a && b"), "(&& (call ! a) b)\n");
  EXPECT_EQ(dump("√x + 1"), "(call + (call √ x) 1)\n");
}

TEST(ParserTest, NumericLiteralCoefficients) {
  EXPECT_EQ(dump("2x"), "(call * 2 x)\n");
  EXPECT_EQ(dump("2x^2"), "(call * 2 (call ^ x 2))\n");
  EXPECT_EQ(dump("2(x + 1)"), "(call * 2 (call + x 1))\n");
  EXPECT_EQ(dump("-2x"), "(call * -2 x)\n");
  EXPECT_EQ(dump("1.5θ + 2x*y"),
            "(call + (call * 1.5 θ) (call * (call * 2 x) y))\n");
  EXPECT_EQ(dump("4f0a"), "(call * 4f0 a)\n");
  EXPECT_EQ(errors("2 x"),
            "t.jl:1:3: error: unexpected `x` after the end of an expression\n"
            "2 x\n"
            "  ^\n");
}

TEST(ParserTest, ComparisonsChainAndLogicalOperators) {
  EXPECT_EQ(dump("a < b"), "(call < a b)\n");
  EXPECT_EQ(dump("a < b ≤ c"), "(comparison a < b ≤ c)\n");
  EXPECT_EQ(dump("a + 1 == b * 2"), "(call == (call + a 1) (call * b 2))\n");
  EXPECT_EQ(dump("a || b && c"), "(|| a (&& b c))\n");
  EXPECT_EQ(dump("a && b && c"), "(&& a (&& b c))\n");
  EXPECT_EQ(dump("a || b || c"), "(|| a (|| b c))\n");
  EXPECT_EQ(dump("x ∈ 1:n"), "(call ∈ x (call : 1 n))\n");
  EXPECT_EQ(dump("x isa Int"), "(call isa x Int)\n");
  EXPECT_EQ(dump("a ≠ b"), "(call ≠ a b)\n");
}

TEST(ParserTest, RangesAndTernary) {
  EXPECT_EQ(dump("1:n"), "(call : 1 n)\n");
  EXPECT_EQ(dump("a:s:b"), "(call : a s b)\n");
  EXPECT_EQ(dump("1:n-1"), "(call : 1 (call - n 1))\n");
  EXPECT_EQ(dump("x > 0 ? x : -x"), "(? (call > x 0) x (call - x))\n");
  EXPECT_EQ(dump("a ? b : c ? d : e"), "(? a b (? c d e))\n");
  EXPECT_EQ(dump("c ? 1:2 : 3"), "(? c (call : 1 2) 3)\n");
}

TEST(ParserTest, AssignmentAndUpdatingOperators) {
  EXPECT_EQ(dump("a = b = 1"), "(= a (= b 1))\n");
  EXPECT_EQ(dump("s += 1 / i"), "(+= s (call / 1 i))\n");
  EXPECT_EQ(dump("x ÷= 2; y ^= 3; z -= 1; w *= 2; v /= 4"),
            "(÷= x 2)\n(^= y 3)\n(-= z 1)\n(*= w 2)\n(/= v 4)\n");
  EXPECT_EQ(dump("a, b = f(x)"), "(= (tuple a b) (call f x))\n");
  EXPECT_EQ(dump("a, b = b, a"), "(= (tuple a b) (tuple b a))\n");
  EXPECT_EQ(dump("a[i, j] = p.x"), "(= (ref a i j) (. p x))\n");
}

TEST(ParserTest, PostfixForms) {
  EXPECT_EQ(dump("f(x, g(y))[i].z"), "(. (ref (call f x (call g y)) i) z)\n");
  EXPECT_EQ(dump("Ptr{UInt32}(0x40000000)"),
            "(call (curly Ptr UInt32) 0x40000000)\n");
  EXPECT_EQ(dump("x::Float64 + 1"), "(call + (:: x Float64) 1)\n");
  EXPECT_EQ(dump("a[end, :]"), "(ref a end :)\n");
  EXPECT_EQ(dump("a[end - 1]"), "(ref a (call - end 1))\n");
  EXPECT_EQ(dump("Base.:+"), "(. Base +)\n");
  EXPECT_EQ(dump("+(1, 2)"), "(call + 1 2)\n");
}

TEST(ParserTest, TuplesAndVectors) {
  EXPECT_EQ(dump("(1, 2.0)"), "(tuple 1 2.0)\n");
  EXPECT_EQ(dump("(1,)"), "(tuple 1)\n");
  EXPECT_EQ(dump("()"), "(tuple)\n");
  EXPECT_EQ(dump("(x)"), "x\n");
  EXPECT_EQ(dump("[1.0, 2.0]"), "(vect 1.0 2.0)\n");
  EXPECT_EQ(dump("return a, b"), "(return (tuple a b))\n");
}

TEST(ParserTest, Literals) {
  EXPECT_EQ(dump("[0xff, 1_000, 1e-5, .5, 1., 1.5f-3, true, 'c', '\\n']"),
            "(vect 0xff 1_000 1e-5 .5 1. 1.5f-3 true 'c' '\\n')\n");
  EXPECT_EQ(dump(R"x("a $x b $(f(y) + 1)\n")x"),
            "(string \"a \" x \" b \" (call + (call f y) 1) \"\\n\")\n");
  EXPECT_EQ(dump(R"x("plain \$5")x"), "\"plain \\$5\"\n");
}

// --- Newlines -------------------------------------------------------------

TEST(ParserTest, NewlineRules) {
  // A binary operator at the end of a line continues the expression.
  EXPECT_EQ(dump("a = b +\n  c"), "(= a (call + b c))\n");
  // At the start of a line it does not (two statements).
  EXPECT_EQ(dump("a = b\n-c"), "(= a b)\n(call - c)\n");
  // Inside brackets newlines are whitespace.
  EXPECT_EQ(dump("f(a,\n  b)\n[1,\n 2]"), "(call f a b)\n(vect 1 2)\n");
  EXPECT_EQ(dump("x = (a\n + b)"), "(= x (call + a b))\n");
  EXPECT_EQ(dump("a; b"), "a\nb\n");
}

// --- Definitions and control flow -------------------------------------------

TEST(ParserTest, FunctionForms) {
  EXPECT_EQ(dump("f(x) = 2x"),
            "(function= f (params x)\n  (block\n    (call * 2 x)))\n");
  EXPECT_EQ(dump("f(x::T, ::Int)::T where {T<:Real, S} = x"),
            "(function= f (params (:: x T) (:: Int)) (where (<: T Real) S) "
            "(returns T)\n  (block\n    x))\n");
  EXPECT_EQ(dump("function g(a::Vector{Float64}, n) where T\n  return\nend"),
            "(function g (params (:: a (curly Vector Float64)) n) (where T)\n"
            "  (block\n    (return)))\n");
  EXPECT_EQ(dump("function +(a::P, b::P)\n  P(a.x + b.x)\nend"),
            "(function + (params (:: a P) (:: b P))\n  (block\n"
            "    (call P (call + (. a x) (. b x)))))\n");
  EXPECT_EQ(dump("Base.length(v::V) = v.n"),
            "(function= (. Base length) (params (:: v V))\n  (block\n"
            "    (. v n)))\n");
}

TEST(ParserTest, Structs) {
  EXPECT_EQ(dump("struct P{T<:Real} <: AbstractP\n  x::T\n  y\nend"),
            "(struct P (params (<: T Real)) (<: AbstractP)\n  (:: x T)\n"
            "  y)\n");
  EXPECT_EQ(dump("mutable struct C; n::Int; end"),
            "(mutable-struct C\n  (:: n Int))\n");
  EXPECT_EQ(dump("abstract type Shape <: Any end"),
            "(abstract Shape (<: Any))\n");
}

TEST(ParserTest, ControlFlow) {
  EXPECT_EQ(dump("if a\n  1\nelseif b\n  2\nelse\n  3\nend"),
            "(if a\n  (block\n    1)\n  elseif b\n  (block\n    2)\n  else\n"
            "  (block\n    3))\n");
  EXPECT_EQ(dump("while i >= 1; i -= 1; end"),
            "(while (call >= i 1)\n  (block\n    (-= i 1)))\n");
  EXPECT_EQ(dump("for i = 1:2:n\n break\nend"),
            "(for (in i (call : 1 2 n))\n  (block\n    (break)))\n");
  EXPECT_EQ(dump("for x in reverse(1:n), (i, y) ∈ z; continue; end"),
            "(for (in x (call reverse (call : 1 n))) (in (tuple i y) z)\n"
            "  (block\n    (continue)))\n");
  EXPECT_EQ(dump("try\n f()\ncatch e\n g(e)\nfinally\n h()\nend"),
            "(try\n  (block\n    (call f))\n  catch e\n  (block\n"
            "    (call g e))\n  finally\n  (block\n    (call h)))\n");
  EXPECT_EQ(dump("try f() catch; end"),
            "(try\n  (block\n    (call f))\n  catch _\n  (block))\n");
  EXPECT_EQ(dump("begin\n a\n b\nend"), "(block\n  a\n  b)\n");
  EXPECT_EQ(dump("const K = 3"), "(const (= K 3))\n");
  EXPECT_EQ(dump("global x, y = 1"), "(global x (= y 1))\n");
  EXPECT_EQ(dump("throw(DomainError(x))"),
            "(call throw (call DomainError x))\n");
}

TEST(ParserTest, Macros) {
  EXPECT_EQ(dump("@inbounds a[i] = b[i]"),
            "(macrocall @inbounds (= (ref a i) (ref b i)))\n");
  EXPECT_EQ(dump("@assert x > 0 \"x must be positive\""),
            "(macrocall @assert (call > x 0) \"x must be positive\")\n");
  EXPECT_EQ(dump("@assert(x > 0, \"m\")"),
            "(macrocall @assert (call > x 0) \"m\")\n");
  EXPECT_EQ(dump("@show a + b"), "(macrocall @show (call + a b))\n");
  EXPECT_EQ(dump("@inline f(x) = x"),
            "(macrocall @inline (function= f (params x)\n  (block\n    x)))\n");
}

TEST(ParserTest, RangesInTheDumpWithPositions) {
  Source Src("t.jl", "θ = 2x\n");
  Diagnostics Diags(Src);
  BlockPtr Tree = parseFile(Src, Diags);
  ASSERT_EQ(Tree->Stmts.size(), 1u);
  EXPECT_EQ(dumpAst(*Tree->Stmts[0], &Src),
            "(=@1:1-1:7 θ@1:1-1:2 (call@1:5-1:7 *@1:5-1:6 2@1:5-1:6 "
            "x@1:6-1:7))\n");
}

TEST(ParserTest, EveryNodeHasItsRange) {
  Source Src("t.jl", "function f(x)\n  return x + 1\nend\n");
  Diagnostics Diags(Src);
  BlockPtr Tree = parseFile(Src, Diags);
  ASSERT_EQ(Tree->Stmts.size(), 1u);
  EXPECT_EQ(dumpAst(*Tree->Stmts[0], &Src),
            "(function@1:1-3:4 f@1:10-1:11 (params x)\n"
            "  (block@2:3-2:15\n"
            "    (return@2:3-2:15 (call@2:10-2:15 +@2:12-2:13 x@2:10-2:11 "
            "1@2:14-2:15))))\n");
}

// --- Diagnostics ----------------------------------------------------------

TEST(ParserTest, UnsupportedConstructsAreNamed) {
  EXPECT_EQ(errors("macro m(x)\n  x\nend"),
            "t.jl:1:1: error: `macro` definitions are not supported\n"
            "macro m(x)\n"
            "^~~~~\n");
  EXPECT_EQ(errors("@async f()"), "t.jl:1:1: error: `@async` is not supported\n"
                                  "@async f()\n"
                                  "^~~~~~\n");
  EXPECT_EQ(errors("using Printf"),
            "t.jl:1:1: error: `using` is not supported\nusing Printf\n^~~~~\n");
  EXPECT_EQ(
      errors("let x = 1\n x\nend"),
      "t.jl:1:1: error: `let` blocks are not supported\nlet x = 1\n^~~\n");
  EXPECT_EQ(errors("f = x -> x + 1"),
            "t.jl:1:7: error: anonymous functions (`->`) are not supported\n"
            "f = x -> x + 1\n"
            "      ^~\n");
  EXPECT_EQ(errors("g(x; k = 1)"),
            "t.jl:1:4: error: keyword arguments are not supported\n"
            "g(x; k = 1)\n"
            "   ^\n");
  EXPECT_EQ(errors("f(x...) = 1"),
            "t.jl:1:4: error: splatting and varargs (`...`) are not "
            "supported\nf(x...) = 1\n   ^~~\n");
  EXPECT_EQ(errors("struct S\n  S() = new()\nend"),
            "t.jl:2:3: error: inner constructors are not supported; define "
            "an outer constructor method\n"
            "  S() = new()\n"
            "  ^~~~~~~~~~~\n");
}

TEST(ParserTest, SyntaxErrorsPointAtTheProblem) {
  EXPECT_EQ(errors("x = (1 + 2"),
            "t.jl:1:11: error: expected `)`, found end of file\n"
            "x = (1 + 2\n"
            "          ^\n");
  EXPECT_EQ(errors("function f(x)\n  x + 1\n"),
            "t.jl:1:1: error: expected `end` to close `function`, found end "
            "of file\n"
            "function f(x)\n"
            "^~~~~~~~\n");
  EXPECT_EQ(errors("a = 1 2"),
            "t.jl:1:7: error: unexpected number `2` after the end of an "
            "expression\n"
            "a = 1 2\n"
            "      ^\n");
  EXPECT_EQ(errors("α₁ = β +"), "t.jl:1:9: error: unexpected end of file\n"
                                "α₁ = β +\n"
                                "        ^\n");
  EXPECT_EQ(errors("x = a ?b : c"),
            "t.jl:1:7: error: the ternary `?` needs spaces around it\n"
            "x = a ?b : c\n"
            "      ^\n");
}

TEST(ParserTest, RecoversToReportSeveralErrors) {
  Parsed P = parseText("a = )\nb = 1\nc = (]\nfunction f()\n  @time g()\n"
                       "  return 1\nend\nd = 2\n");
  EXPECT_EQ(P.Errors, "t.jl:1:5: error: unexpected `)`\n"
                      "a = )\n"
                      "    ^\n"
                      "t.jl:3:6: error: unexpected `]`\n"
                      "c = (]\n"
                      "     ^\n"
                      "t.jl:5:3: error: `@time` is not supported\n"
                      "  @time g()\n"
                      "  ^~~~~\n");
  // The statements after each error are still there.
  EXPECT_NE(P.Dump.find("(= b 1)"), std::string::npos);
  EXPECT_NE(P.Dump.find("(return 1)"), std::string::npos);
  EXPECT_NE(P.Dump.find("(= d 2)"), std::string::npos);
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string Deep(10000, '(');
  Parsed P = parseText(Deep);
  // About sixty levels of parentheses fit; the error is the only one.
  EXPECT_EQ(P.Errors.substr(0, 17), "t.jl:1:67: error:");
  EXPECT_EQ(P.Errors.substr(17, 33), " expression is nested too deeply\n");
  EXPECT_EQ(P.Errors.find("error", 30), std::string::npos);
  std::string Chain = "x = a";
  for (int I = 0; I < 5000; ++I)
    Chain += " + a";
  EXPECT_NE(parseText(Chain).Errors.find("nested too deeply"),
            std::string::npos);
}

} // namespace
} // namespace jlremote::frontend
