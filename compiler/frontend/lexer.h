// Julia tokens for the subset. Newlines are tokens (they end statements);
// spaces and comments are not, but each token records whether they came
// before it, because Julia's grammar looks at that (`f(x)` vs `f (x)`,
// `x'` vs `'x'`, ternary `a ? b : c`).
#ifndef JLREMOTE_COMPILER_FRONTEND_LEXER_H
#define JLREMOTE_COMPILER_FRONTEND_LEXER_H

#include "compiler/frontend/diagnostics.h"
#include "compiler/frontend/source.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jlremote::frontend {

enum class TokenKind {
  Identifier,
  Keyword,
  Integer,
  Float,
  Char,
  String,
  Operator,
  MacroName, // `@name`; Text is the name without '@'
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Semicolon,
  Newline,
  EndOfFile,
};

/// One piece of a string literal: decoded text, or an interpolated
/// expression (`$name` or `$(expr)`) given by the source range of the
/// expression, which the parser lexes and parses in turn.
struct StringPart {
  bool IsExpression = false;
  std::string Text;
  SourceRange Range;
};

struct Token {
  TokenKind Kind = TokenKind::EndOfFile;
  SourceRange Range;
  /// Whitespace or a comment directly before this token.
  bool SpaceBefore = false;
  /// Spelling: identifier, keyword, operator, number; macro name.
  std::string Text;
  /// Integer: value (unsigned magnitude) and radix (10, 16, 8, 2).
  uint64_t IntValue = 0;
  unsigned Radix = 10;
  /// Float: value; Float32 when written with an `f` exponent (`1f0`).
  double FloatValue = 0;
  bool IsFloat32 = false;
  /// Char: code point.
  uint32_t CharValue = 0;
  /// String: its parts in order.
  std::vector<StringPart> Parts;

  bool is(TokenKind K) const { return Kind == K; }
  bool isOperator(std::string_view Op) const {
    return Kind == TokenKind::Operator && Text == Op;
  }
  bool isKeyword(std::string_view Kw) const {
    return Kind == TokenKind::Keyword && Text == Kw;
  }
};

/// Lexes Range of Src (the whole file, or an interpolated expression inside
/// a string). Always ends with an EndOfFile token; lexical errors are
/// reported to Diags and the offending characters skipped.
std::vector<Token> lex(const Source &Src, SourceRange Range,
                       Diagnostics &Diags);
inline std::vector<Token> lex(const Source &Src, Diagnostics &Diags) {
  return lex(Src, {0, Src.size()}, Diags);
}

bool isKeyword(std::string_view Word);
const char *tokenKindName(TokenKind Kind);

} // namespace jlremote::frontend

#endif
