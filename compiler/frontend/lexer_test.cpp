#include "compiler/frontend/lexer.h"

#include <gtest/gtest.h>

namespace jlremote::frontend {
namespace {

struct Lexed {
  std::vector<Token> Tokens;
  std::string Errors;
};

Lexed lexText(const std::string &Text) {
  Source Src("t.jl", Text);
  Diagnostics Diags(Src);
  Lexed L;
  L.Tokens = lex(Src, Diags);
  L.Errors = Diags.renderAll();
  return L;
}

/// Tokens as "kind:text" joined by spaces (newlines as "NL"), for compact
/// expectations.
std::string summary(const std::string &Text) {
  Lexed L = lexText(Text);
  std::string Out;
  for (const Token &T : L.Tokens) {
    if (T.is(TokenKind::EndOfFile))
      break;
    if (!Out.empty())
      Out += ' ';
    switch (T.Kind) {
    case TokenKind::Identifier:
      Out += "id:" + T.Text;
      break;
    case TokenKind::Keyword:
      Out += "kw:" + T.Text;
      break;
    case TokenKind::Operator:
      Out += "op:" + T.Text;
      break;
    case TokenKind::Integer:
      Out += "int:" + std::to_string(T.IntValue);
      break;
    case TokenKind::Float:
      Out += std::string(T.IsFloat32 ? "f32:" : "f64:") + T.Text;
      break;
    case TokenKind::Char:
      Out += "char:" + std::to_string(T.CharValue);
      break;
    case TokenKind::String:
      Out += "str";
      break;
    case TokenKind::MacroName:
      Out += "@" + T.Text;
      break;
    case TokenKind::Newline:
      Out += "NL";
      break;
    default:
      Out += T.Text;
    }
  }
  return Out;
}

TEST(SourceTest, LinesAndCharacterColumns) {
  Source Src("s.jl", "ab\r\nθx = 1\n\nlast");
  EXPECT_EQ(Src.lineColumn(0).Line, 1u);
  EXPECT_EQ(Src.lineColumn(4).Line, 2u);
  EXPECT_EQ(Src.lineColumn(4).Column, 1u);
  EXPECT_EQ(Src.lineColumn(6).Column, 2u); // after the two bytes of θ
  EXPECT_EQ(Src.lineColumn(7).Column, 3u);
  EXPECT_EQ(Src.lineText(1), "ab"); // without the \r
  EXPECT_EQ(Src.lineText(2), "θx = 1");
  EXPECT_EQ(Src.lineText(3), "");
  EXPECT_EQ(Src.lineText(4), "last");
  EXPECT_EQ(Src.lineColumn(Src.size()).Line, 4u);
  EXPECT_EQ(Src.lineColumn(Src.size()).Column, 5u);
  EXPECT_EQ(Src.lineColumn(1000).Column, 5u); // clamped
}

TEST(DiagnosticsTest, RenderClampsAndMarksTheRange) {
  Source Src("d.jl", "α = βγ + 1\n");
  Diagnostics Diags(Src);
  Diags.error({5, 9}, "`βγ` is not defined");
  Diags.warning({500, 600}, "past the end");
  EXPECT_EQ(Diags.errorCount(), 1u);
  EXPECT_EQ(Diags.renderAll(), "d.jl:1:5: error: `βγ` is not defined\n"
                               "α = βγ + 1\n"
                               "    ^~\n"
                               "d.jl:2:1: warning: past the end\n"
                               "\n"
                               "^\n");
}

TEST(LexerTest, UnicodeIdentifiers) {
  EXPECT_EQ(summary("θ α₁ x′ ∂f push! _tmp"),
            "id:θ id:α₁ id:x′ id:∂f id:push! id:_tmp");
  // `a!=b` is `a != b`, not the name `a!`.
  EXPECT_EQ(summary("a!=b"), "id:a op:!= id:b");
}

TEST(LexerTest, KeywordsAndTrueFalse) {
  EXPECT_EQ(summary("function end if elseif else while for in true"),
            "kw:function kw:end kw:if kw:elseif kw:else kw:while kw:for "
            "kw:in kw:true");
}

TEST(LexerTest, ContextualKeywords) {
  EXPECT_EQ(summary("abstract type T end"), "kw:abstract kw:type id:T kw:end");
  EXPECT_EQ(summary("mutable struct S"), "kw:mutable kw:struct id:S");
  // Elsewhere they are names, as in Julia.
  EXPECT_EQ(summary("type = mutable + abstract"),
            "id:type op:= id:mutable op:+ id:abstract");
}

TEST(LexerTest, IntegerLiterals) {
  EXPECT_EQ(summary("42 1_000 0x1F 0b101 0o17"),
            "int:42 int:1000 int:31 int:5 int:15");
  Lexed L = lexText("0xff");
  EXPECT_EQ(L.Tokens[0].Radix, 16u);
  EXPECT_EQ(L.Tokens[0].Text, "0xff");
}

TEST(LexerTest, FloatLiterals) {
  EXPECT_EQ(summary("1.0 1e-5 .5 1. 2.5E3"),
            "f64:1.0 f64:1e-5 f64:.5 f64:1. f64:2.5E3");
  EXPECT_EQ(summary("1f0 1.5f-3"), "f32:1f0 f32:1.5f-3");
  Lexed L = lexText("1.5f-3 1e-5 .5");
  EXPECT_EQ(L.Tokens[0].FloatValue, static_cast<double>(1.5e-3f));
  EXPECT_EQ(L.Tokens[1].FloatValue, 1e-5);
  EXPECT_EQ(L.Tokens[2].FloatValue, 0.5);
}

TEST(LexerTest, NumbersBeforeRangesAndNames) {
  EXPECT_EQ(summary("1:n"), "int:1 op:: id:n");
  EXPECT_EQ(summary("2x"), "int:2 id:x");
  EXPECT_EQ(summary("[1.]"), "[ f64:1. ]");
}

TEST(LexerTest, UnicodeOperators) {
  EXPECT_EQ(summary("a ≤ b ≥ c ≠ d ÷ e ∈ f ⊻ g √h"),
            "id:a op:≤ id:b op:≥ id:c op:≠ id:d op:÷ id:e op:∈ id:f op:⊻ "
            "id:g op:√ id:h");
  EXPECT_EQ(summary("x ÷= 2"), "id:x op:÷= int:2");
}

TEST(LexerTest, UnicodeOperatorsOutsideTheSubsetAreNamed) {
  EXPECT_EQ(lexText("a ⊗ b").Errors,
            "t.jl:1:3: error: operator `⊗` is not supported\n"
            "a ⊗ b\n"
            "  ^\n");
}

TEST(LexerTest, AsciiOperatorsLongestMatch) {
  EXPECT_EQ(summary("a >>>= b :: c -> d ... === !== <: ->"),
            "id:a op:>>>= id:b op::: id:c op:-> id:d op:... op:=== op:!== "
            "op:<: op:->");
}

TEST(LexerTest, CommentsAndNewlines) {
  EXPECT_EQ(summary("a # comment\nb #= block #= nested =# still =# c"),
            "id:a NL id:b id:c");
  Lexed L = lexText("#= never closed");
  EXPECT_EQ(L.Errors, "t.jl:1:1: error: unterminated block comment `#=`\n"
                      "#= never closed\n"
                      "^~\n");
}

TEST(LexerTest, SpaceBeforeIsRecorded) {
  Lexed L = lexText("f(x) f (x)");
  EXPECT_FALSE(L.Tokens[1].SpaceBefore);
  EXPECT_TRUE(L.Tokens[5].SpaceBefore);
}

TEST(LexerTest, CharLiterals) {
  EXPECT_EQ(summary("'a' 'θ' '\\n' '\\u03b8' '\\''"),
            "char:97 char:952 char:10 char:952 char:39");
}

TEST(LexerTest, AdjointIsOutOfTheSubset) {
  Lexed L = lexText("x'");
  EXPECT_EQ(L.Errors, "t.jl:1:2: error: the adjoint operator `'` is not "
                      "supported (write `transpose(x)` or use `'c'` for a "
                      "Char)\n"
                      "x'\n"
                      " ^\n");
  EXPECT_EQ(summary("f('c')"), "id:f ( char:99 )");
}

TEST(LexerTest, StringsWithEscapesAndInterpolation) {
  Lexed L = lexText(R"x("a\tb\$ $x and $(f(y, ")")) end")x");
  ASSERT_EQ(L.Errors, "");
  const Token &S = L.Tokens[0];
  ASSERT_EQ(S.Kind, TokenKind::String);
  ASSERT_EQ(S.Parts.size(), 5u);
  EXPECT_EQ(S.Parts[0].Text, "a\tb$ ");
  EXPECT_TRUE(S.Parts[1].IsExpression);
  EXPECT_EQ(S.Parts[2].Text, " and ");
  EXPECT_TRUE(S.Parts[3].IsExpression);
  std::string Source = R"x("a\tb\$ $x and $(f(y, ")")) end")x";
  EXPECT_EQ(Source.substr(S.Parts[1].Range.Begin,
                          S.Parts[1].Range.End - S.Parts[1].Range.Begin),
            "x");
  EXPECT_EQ(Source.substr(S.Parts[3].Range.Begin,
                          S.Parts[3].Range.End - S.Parts[3].Range.Begin),
            R"x(f(y, ")"))x");
  EXPECT_EQ(S.Parts[4].Text, " end");
}

TEST(LexerTest, UnterminatedInterpolationIsOneError) {
  Lexed L = lexText("t = \"a$(a\"\nb");
  EXPECT_EQ(L.Errors, "t.jl:1:7: error: unterminated `$(` interpolation\n"
                      "t = \"a$(a\"\n"
                      "      ^~\n");
  EXPECT_EQ(L.Tokens[3].Kind, TokenKind::Newline);
}

TEST(LexerTest, StringErrors) {
  EXPECT_EQ(lexText("\"abc").Errors,
            "t.jl:1:1: error: unterminated string literal\n\"abc\n^\n");
  EXPECT_EQ(lexText("\"a\\qb\"").Errors,
            "t.jl:1:3: error: invalid escape sequence `\\q`\n"
            "\"a\\qb\"\n"
            "  ^~\n");
}

TEST(LexerTest, BroadcastingIsOutOfTheSubset) {
  Lexed L = lexText("a .+ b");
  EXPECT_EQ(L.Errors, "t.jl:1:3: error: broadcasting (`.+`) is not "
                      "supported; write the loop\n"
                      "a .+ b\n"
                      "  ^~\n");
  EXPECT_EQ(lexText("f.(x)").Errors,
            "t.jl:1:2: error: broadcasting (`.`) is not supported; write the "
            "loop\n"
            "f.(x)\n"
            " ^\n");
  EXPECT_EQ(summary("p.x"), "id:p op:. id:x");
}

TEST(LexerTest, ColumnsCountCharactersNotBytes) {
  Lexed L = lexText("θ = 1 $");
  EXPECT_EQ(L.Errors, "");
  EXPECT_EQ(lexText("θ = ¿").Errors,
            "t.jl:1:5: error: unexpected character `¿`\n"
            "θ = ¿\n"
            "    ^\n");
}

TEST(LexerTest, InvalidUtf8IsADiagnostic) {
  Lexed L = lexText(std::string("a \xff b"));
  EXPECT_EQ(L.Errors.substr(0, 40), "t.jl:1:3: error: invalid UTF-8 byte 0xff");
  EXPECT_EQ(L.Tokens.size(), 3u); // a, b, end of file
}

TEST(LexerTest, MacroNames) {
  EXPECT_EQ(summary("@inbounds @assert x"), "@inbounds @assert id:x");
}

} // namespace
} // namespace jlremote::frontend
