#include "compiler/frontend/lexer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace jlremote::frontend {

namespace {

// Reserved words. `abstract`, `primitive`, `type` and `mutable` are keywords
// only in `abstract type`, `primitive type` and `mutable struct` (Julia lets
// `type = 1` name a variable); the lexer decides from the next word.
constexpr std::string_view Keywords[] = {
    "baremodule", "begin",  "break",  "catch",  "const",  "continue", "do",
    "else",       "elseif", "end",    "export", "false",  "finally",  "for",
    "function",   "global", "if",     "import", "in",     "isa",      "let",
    "local",      "macro",  "module", "quote",  "return", "struct",   "true",
    "try",        "using",  "where",  "while"};

// Longest first, so the first match is the longest match.
constexpr std::string_view AsciiOperators[] = {
    ">>>=", "===", "!==", ">>>", "<<=", ">>=", "...", "//=", "==", "!=", "<=",
    ">=",   "&&",  "||",  "+=",  "-=",  "*=",  "/=",  "\\=", "^=", "%=", "&=",
    "|=",   "::",  "->",  "=>",  "<:",  ">:",  "|>",  "<|",  "<<", ">>", "//",
    "..",   "+",   "-",   "*",   "/",   "\\",  "^",   "%",   "&",  "|",  "~",
    "!",    "<",   ">",   "=",   "?",   ":",   "$",   "."};

// The Unicode operators of the subset (spelled as Julia spells them).
constexpr std::string_view UnicodeOperators[] = {
    "≤", "≥", "≠", "÷", "∈", "∉", "⊻", "√", "∛", "≡", "≢", "¬", "÷=", "⊻="};

/// Decodes one UTF-8 code point at Pos; false for malformed input.
bool decodeUtf8(std::string_view S, uint32_t Pos, uint32_t &CodePoint,
                uint32_t &Length) {
  auto Byte = [&](uint32_t I) { return static_cast<unsigned char>(S[I]); };
  unsigned char B0 = Byte(Pos);
  if (B0 < 0x80) {
    CodePoint = B0;
    Length = 1;
    return true;
  }
  if (B0 >= 0xC2 && B0 <= 0xDF)
    Length = 2, CodePoint = B0 & 0x1F;
  else if (B0 >= 0xE0 && B0 <= 0xEF)
    Length = 3, CodePoint = B0 & 0x0F;
  else if (B0 >= 0xF0 && B0 <= 0xF4)
    Length = 4, CodePoint = B0 & 0x07;
  else
    return false;
  if (Pos + Length > S.size())
    return false;
  for (uint32_t I = 1; I < Length; ++I) {
    if ((Byte(Pos + I) & 0xC0) != 0x80)
      return false;
    CodePoint = (CodePoint << 6) | (Byte(Pos + I) & 0x3F);
  }
  static constexpr uint32_t Min[] = {0, 0, 0x80, 0x800, 0x10000};
  return CodePoint >= Min[Length] && CodePoint <= 0x10FFFF &&
         !(CodePoint >= 0xD800 && CodePoint <= 0xDFFF);
}

void appendUtf8(std::string &Out, uint32_t C) {
  if (C < 0x80) {
    Out += static_cast<char>(C);
  } else if (C < 0x800) {
    Out += static_cast<char>(0xC0 | (C >> 6));
    Out += static_cast<char>(0x80 | (C & 0x3F));
  } else if (C < 0x10000) {
    Out += static_cast<char>(0xE0 | (C >> 12));
    Out += static_cast<char>(0x80 | ((C >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (C & 0x3F));
  } else {
    Out += static_cast<char>(0xF0 | (C >> 18));
    Out += static_cast<char>(0x80 | ((C >> 12) & 0x3F));
    Out += static_cast<char>(0x80 | ((C >> 6) & 0x3F));
    Out += static_cast<char>(0x80 | (C & 0x3F));
  }
}

/// Mathematical symbol blocks: operators in Julia, never identifier
/// characters, except the few symbols Julia lets start a name.
bool isMathSymbol(uint32_t C) {
  if (C == 0x2202 || C == 0x2207 || C == 0x221E) // ∂ ∇ ∞
    return false;
  return C == 0xD7 || C == 0xF7 || C == 0xAC || C == 0xB1 ||
         (C >= 0x2190 && C <= 0x21FF) || (C >= 0x2200 && C <= 0x22FF) ||
         (C >= 0x27C0 && C <= 0x27FF) || (C >= 0x2980 && C <= 0x2AFF);
}

/// Non-ASCII characters that are neither letters nor operators.
bool isUnicodePunctuationOrSpace(uint32_t C) {
  return (C >= 0x80 && C <= 0xBF && C != 0xAA && C != 0xB5 && C != 0xBA) ||
         (C >= 0x2000 && C <= 0x206F && C != 0x2032 && C != 0x2033 &&
          C != 0x2034 && C != 0x2057) ||
         (C >= 0x3000 && C <= 0x303F) || C == 0xFEFF;
}

// Julia decides by Unicode category; without a category table we treat every
// non-ASCII code point that is not punctuation, space or a math symbol as a
// letter. That accepts Julia's identifiers (θ, α₁, x′, ∂) and a few more.
bool isIdentifierStart(uint32_t C) {
  if (C < 0x80)
    return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') || C == '_';
  return !isMathSymbol(C) && !isUnicodePunctuationOrSpace(C);
}

bool isIdentifierContinue(uint32_t C) {
  return isIdentifierStart(C) || (C >= '0' && C <= '9') || C == '!';
}

bool isDigitOf(char C, unsigned Radix) {
  switch (Radix) {
  case 2:
    return C == '0' || C == '1';
  case 8:
    return C >= '0' && C <= '7';
  case 10:
    return C >= '0' && C <= '9';
  default:
    return (C >= '0' && C <= '9') || (C >= 'a' && C <= 'f') ||
           (C >= 'A' && C <= 'F');
  }
}

class Lexer {
public:
  Lexer(const Source &Src, SourceRange Range, Diagnostics &Diags)
      : Text(Src.text().substr(0, Range.End)), Pos(Range.Begin), Diags(Diags) {}

  std::vector<Token> run();

private:
  char peekByte(uint32_t Ahead = 0) const {
    return Pos + Ahead < Text.size() ? Text[Pos + Ahead] : '\0';
  }
  bool atEnd() const { return Pos >= Text.size(); }
  /// Code point at Offset, or 0xFFFFFFFF for malformed UTF-8.
  uint32_t codePointAt(uint32_t Offset, uint32_t &Length) const {
    uint32_t C = 0;
    if (Offset >= Text.size()) {
      Length = 0;
      return 0;
    }
    if (!decodeUtf8(Text, Offset, C, Length)) {
      Length = 1;
      return 0xFFFFFFFF;
    }
    return C;
  }
  bool startsWith(std::string_view S) const {
    return Text.substr(Pos).starts_with(S);
  }

  void skipSpaceAndComments();
  void skipBlockComment();
  void lexIdentifier(Token &T);
  bool nextWordIs(std::string_view Word) const;
  void lexNumber(Token &T);
  void lexChar(Token &T);
  void lexString(Token &T);
  bool lexOperator(Token &T);
  /// Decodes the escape at Pos (just after the backslash); appends to Out.
  /// Returns the code point for Char literals.
  uint32_t lexEscape(std::string &Out);
  /// Finds the ')' matching the '(' just before Pos, skipping nested strings.
  uint32_t findClosingParen();
  bool previousAllowsAdjoint(bool SpaceBefore) const;
  void error(uint32_t Begin, uint32_t End, std::string Message) {
    Diags.error({Begin, End}, std::move(Message));
  }

  std::string_view Text;
  uint32_t Pos;
  Diagnostics &Diags;
  std::vector<Token> Tokens;
  bool SawSpace = false;
};

void Lexer::skipBlockComment() {
  uint32_t Start = Pos;
  Pos += 2;
  unsigned Depth = 1;
  while (!atEnd() && Depth > 0) {
    if (startsWith("#=")) {
      ++Depth;
      Pos += 2;
    } else if (startsWith("=#")) {
      --Depth;
      Pos += 2;
    } else {
      ++Pos;
    }
  }
  if (Depth > 0)
    error(Start, Start + 2, "unterminated block comment `#=`");
}

void Lexer::skipSpaceAndComments() {
  while (!atEnd()) {
    char C = peekByte();
    if (C == ' ' || C == '\t' || C == '\r') {
      ++Pos;
    } else if (startsWith("#=")) {
      skipBlockComment();
    } else if (C == '#') {
      while (!atEnd() && peekByte() != '\n')
        ++Pos;
    } else {
      uint32_t Length;
      uint32_t CP = codePointAt(Pos, Length);
      if (CP != 0xA0 && CP != 0xFEFF) // no-break space, byte-order mark
        return;
      Pos += Length;
    }
    SawSpace = true;
  }
}

void Lexer::lexIdentifier(Token &T) {
  uint32_t Start = Pos;
  while (!atEnd()) {
    uint32_t Length;
    uint32_t C = codePointAt(Pos, Length);
    if (C == 0xFFFFFFFF || !isIdentifierContinue(C))
      break;
    // `a!=b` is `a != b`: '!' belongs to a name only if not before '='.
    if (C == '!' && peekByte(1) == '=')
      break;
    Pos += Length;
  }
  T.Text = std::string(Text.substr(Start, Pos - Start));
  bool Contextual =
      ((T.Text == "abstract" || T.Text == "primitive") && nextWordIs("type")) ||
      (T.Text == "mutable" && nextWordIs("struct")) ||
      (T.Text == "type" && !Tokens.empty() &&
       (Tokens.back().isKeyword("abstract") ||
        Tokens.back().isKeyword("primitive")));
  T.Kind = isKeyword(T.Text) || Contextual ? TokenKind::Keyword
                                           : TokenKind::Identifier;
}

bool Lexer::nextWordIs(std::string_view Word) const {
  uint32_t At = Pos;
  while (At < Text.size() && (Text[At] == ' ' || Text[At] == '\t'))
    ++At;
  if (Text.substr(At, Word.size()) != Word)
    return false;
  uint32_t Length;
  uint32_t After = codePointAt(At + static_cast<uint32_t>(Word.size()), Length);
  return Length == 0 || After == 0xFFFFFFFF || !isIdentifierContinue(After);
}

void Lexer::lexNumber(Token &T) {
  uint32_t Start = Pos;
  T.Kind = TokenKind::Integer;
  if (peekByte() == '0' &&
      (peekByte(1) == 'x' || peekByte(1) == 'b' || peekByte(1) == 'o')) {
    T.Radix = peekByte(1) == 'x' ? 16 : peekByte(1) == 'b' ? 2 : 8;
    Pos += 2;
    uint32_t DigitsStart = Pos;
    bool Overflow = false;
    while (isDigitOf(peekByte(), T.Radix) ||
           (peekByte() == '_' && isDigitOf(peekByte(1), T.Radix) &&
            Pos > DigitsStart)) {
      char C = peekByte();
      ++Pos;
      if (C == '_')
        continue;
      unsigned D = C <= '9' ? C - '0' : (C | 0x20) - 'a' + 10;
      if (T.IntValue > (UINT64_MAX - D) / T.Radix)
        Overflow = true;
      T.IntValue = T.IntValue * T.Radix + D;
    }
    T.Text = std::string(Text.substr(Start, Pos - Start));
    if (Pos == DigitsStart)
      error(Start, Pos, "invalid numeric literal `" + T.Text + "`: no digits");
    if (Overflow)
      error(Start, Pos,
            "integer literal `" + T.Text +
                "` does not fit in 64 bits (Int128 and BigInt "
                "are not supported)");
    return;
  }
  auto Digits = [&] {
    while (isDigitOf(peekByte(), 10) ||
           (peekByte() == '_' && isDigitOf(peekByte(1), 10) && Pos > Start &&
            isDigitOf(Text[Pos - 1], 10)))
      ++Pos;
  };
  Digits();
  bool IsFloat = false;
  if (peekByte() == '.' && peekByte(1) != '.') {
    // `1.5`, `1.` and `.5` are floats; `1.x` or `1.+` are not (a dotted
    // operator or field access follows, which the subset rejects later).
    uint32_t Length;
    uint32_t Next = codePointAt(Pos + 1, Length);
    bool NextIsDigit = Next >= '0' && Next <= '9';
    bool NextStartsName = Next != 0xFFFFFFFF && Length > 0 &&
                          isIdentifierStart(Next) &&
                          !((Next == 'e' || Next == 'E' || Next == 'f') &&
                            (isDigitOf(peekByte(2), 10) ||
                             ((peekByte(2) == '-' || peekByte(2) == '+') &&
                              isDigitOf(peekByte(3), 10))));
    bool NextIsOperator =
        std::string_view("+-*/^<>=!&|%\\~").find(static_cast<char>(Next)) !=
            std::string_view::npos &&
        Next < 0x80;
    if (NextIsDigit || (!NextStartsName && !NextIsOperator)) {
      IsFloat = true;
      ++Pos;
      Digits();
    }
  }
  char E = peekByte();
  if ((E == 'e' || E == 'E' || E == 'f') &&
      (isDigitOf(peekByte(1), 10) ||
       ((peekByte(1) == '-' || peekByte(1) == '+') &&
        isDigitOf(peekByte(2), 10)))) {
    IsFloat = true;
    T.IsFloat32 = E == 'f';
    Pos += 2;
    while (isDigitOf(peekByte(), 10))
      ++Pos;
  }
  T.Text = std::string(Text.substr(Start, Pos - Start));
  std::string Clean;
  for (char C : T.Text)
    if (C != '_')
      Clean += C == 'f' ? 'e' : C;
  if (!IsFloat) {
    errno = 0;
    T.IntValue = std::strtoull(Clean.c_str(), nullptr, 10);
    if (errno == ERANGE)
      error(Start, Pos,
            "integer literal `" + T.Text +
                "` does not fit in 64 bits (Int128 and BigInt "
                "are not supported)");
    return;
  }
  T.Kind = TokenKind::Float;
  T.FloatValue = T.IsFloat32
                     ? static_cast<double>(std::strtof(Clean.c_str(), nullptr))
                     : std::strtod(Clean.c_str(), nullptr);
}

uint32_t Lexer::lexEscape(std::string &Out) {
  uint32_t Start = Pos - 1;
  char C = peekByte();
  auto Simple = [&](char Value) {
    ++Pos;
    Out += Value;
    return static_cast<uint32_t>(static_cast<unsigned char>(Value));
  };
  switch (C) {
  case 'n':
    return Simple('\n');
  case 't':
    return Simple('\t');
  case 'r':
    return Simple('\r');
  case 'a':
    return Simple('\a');
  case 'b':
    return Simple('\b');
  case 'f':
    return Simple('\f');
  case 'v':
    return Simple('\v');
  case 'e':
    return Simple('\x1b');
  case '\\':
  case '"':
  case '\'':
  case '$':
    return Simple(C);
  case 'x':
  case 'u':
  case 'U': {
    unsigned MaxDigits = C == 'x' ? 2 : C == 'u' ? 4 : 8;
    ++Pos;
    uint32_t Value = 0;
    unsigned N = 0;
    while (N < MaxDigits && isDigitOf(peekByte(), 16)) {
      char D = peekByte();
      Value = Value * 16 + (D <= '9' ? D - '0' : (D | 0x20) - 'a' + 10);
      ++Pos;
      ++N;
    }
    if (N == 0 || (C != 'x' && (Value > 0x10FFFF ||
                                (Value >= 0xD800 && Value <= 0xDFFF)))) {
      error(Start, Pos,
            "invalid escape sequence `" +
                std::string(Text.substr(Start, Pos - Start)) + "`");
      return 0;
    }
    if (C == 'x')
      Out += static_cast<char>(Value); // a raw byte, as in Julia strings
    else
      appendUtf8(Out, Value);
    return Value;
  }
  default:
    if (C >= '0' && C <= '7') {
      uint32_t Value = 0;
      for (unsigned N = 0; N < 3 && peekByte() >= '0' && peekByte() <= '7'; ++N)
        Value = Value * 8 + (peekByte() - '0'), ++Pos;
      Out += static_cast<char>(Value & 0xFF);
      return Value;
    }
    uint32_t Length;
    codePointAt(Pos, Length);
    Pos += std::max<uint32_t>(Length, atEnd() ? 0 : 1);
    error(Start, Pos,
          "invalid escape sequence `" +
              std::string(Text.substr(Start, Pos - Start)) + "`");
    return 0;
  }
}

bool Lexer::previousAllowsAdjoint(bool SpaceBefore) const {
  if (Tokens.empty() || SpaceBefore)
    return false;
  const Token &P = Tokens.back();
  return P.is(TokenKind::Identifier) || P.is(TokenKind::Integer) ||
         P.is(TokenKind::Float) || P.is(TokenKind::RParen) ||
         P.is(TokenKind::RBracket) || P.is(TokenKind::RBrace) ||
         P.isKeyword("end") || P.is(TokenKind::Char) || P.is(TokenKind::String);
}

void Lexer::lexChar(Token &T) {
  uint32_t Start = Pos;
  ++Pos;
  T.Kind = TokenKind::Char;
  std::string Ignored;
  if (peekByte() == '\'' || atEnd() || peekByte() == '\n') {
    error(Start, Pos, "empty character literal");
    if (peekByte() == '\'')
      ++Pos;
    return;
  }
  if (peekByte() == '\\') {
    ++Pos;
    T.CharValue = lexEscape(Ignored);
  } else {
    uint32_t Length;
    uint32_t C = codePointAt(Pos, Length);
    if (C == 0xFFFFFFFF) {
      error(Pos, Pos + 1, "invalid UTF-8 in character literal");
      C = 0;
    }
    T.CharValue = C;
    Pos += Length;
  }
  if (peekByte() != '\'') {
    error(Start, Pos, "character literal must contain exactly one character");
    while (!atEnd() && peekByte() != '\'' && peekByte() != '\n')
      ++Pos;
    if (peekByte() == '\'')
      ++Pos;
    return;
  }
  ++Pos;
}

uint32_t Lexer::findClosingParen() {
  unsigned Depth = 1;
  while (!atEnd()) {
    char C = peekByte();
    if (C == '(') {
      ++Depth;
    } else if (C == ')') {
      if (--Depth == 0)
        return Pos;
    } else if (C == '"') {
      // A string inside the interpolation: skip it, with its escapes.
      ++Pos;
      while (!atEnd() && peekByte() != '"') {
        if (peekByte() == '\\')
          ++Pos;
        ++Pos;
      }
    } else if (C == '\'' && peekByte(2) == '\'') {
      Pos += 2; // a one-byte Char literal such as ')'
    } else if (C == '\n') {
      break;
    }
    ++Pos;
  }
  return UINT32_MAX;
}

void Lexer::lexString(Token &T) {
  uint32_t Start = Pos;
  T.Kind = TokenKind::String;
  if (startsWith("\"\"\"")) {
    error(Start, Start + 3, "triple-quoted strings are not supported");
    Pos += 3;
    while (!atEnd() && !startsWith("\"\"\""))
      ++Pos;
    Pos = std::min<uint32_t>(Pos + 3, static_cast<uint32_t>(Text.size()));
    return;
  }
  ++Pos;
  StringPart Literal;
  auto FlushLiteral = [&] {
    if (!Literal.Text.empty())
      T.Parts.push_back(std::move(Literal));
    Literal = StringPart();
  };
  while (true) {
    if (atEnd()) {
      error(Start, Start + 1, "unterminated string literal");
      break;
    }
    char C = peekByte();
    if (C == '"') {
      ++Pos;
      break;
    }
    if (C == '\\') {
      ++Pos;
      if (peekByte() == '\n') { // a backslash-newline joins lines
        ++Pos;
        while (peekByte() == ' ' || peekByte() == '\t')
          ++Pos;
        continue;
      }
      lexEscape(Literal.Text);
      continue;
    }
    if (C == '$') {
      uint32_t DollarPos = Pos;
      ++Pos;
      if (peekByte() == '(') {
        ++Pos;
        uint32_t ExprStart = Pos;
        uint32_t Close = findClosingParen();
        if (Close == UINT32_MAX) {
          error(DollarPos, ExprStart, "unterminated `$(` interpolation");
          Pos = ExprStart; // the rest is read as text, to find the `"`
          continue;
        }
        FlushLiteral();
        T.Parts.push_back({true, "", {ExprStart, Close}});
        Pos = Close + 1;
        continue;
      }
      uint32_t Length;
      uint32_t First = codePointAt(Pos, Length);
      if (First == 0xFFFFFFFF || !isIdentifierStart(First)) {
        error(DollarPos, DollarPos + 1,
              "`$` in a string must be followed by a name or `(`; write `\\$` "
              "for a dollar sign");
        continue;
      }
      uint32_t NameStart = Pos;
      while (!atEnd()) {
        uint32_t CP = codePointAt(Pos, Length);
        if (CP == 0xFFFFFFFF || !isIdentifierContinue(CP) || CP == '!')
          break;
        Pos += Length;
      }
      FlushLiteral();
      T.Parts.push_back({true, "", {NameStart, Pos}});
      continue;
    }
    uint32_t Length;
    if (codePointAt(Pos, Length) == 0xFFFFFFFF) {
      error(Pos, Pos + 1, "invalid UTF-8 byte in string literal");
      ++Pos;
      continue;
    }
    Literal.Text.append(Text.substr(Pos, Length));
    Pos += Length;
  }
  FlushLiteral();
}

bool Lexer::lexOperator(Token &T) {
  for (std::string_view Op : UnicodeOperators)
    if (startsWith(Op)) {
      T.Kind = TokenKind::Operator;
      T.Text = std::string(Op);
      // "÷=" / "⊻=" come after "÷" / "⊻" in the table; prefer the longer.
      if (startsWith(std::string(Op) + "="))
        T.Text += "=";
      Pos += static_cast<uint32_t>(T.Text.size());
      return true;
    }
  for (std::string_view Op : AsciiOperators)
    if (startsWith(Op)) {
      T.Kind = TokenKind::Operator;
      T.Text = std::string(Op);
      Pos += static_cast<uint32_t>(Op.size());
      return true;
    }
  return false;
}

std::vector<Token> Lexer::run() {
  SawSpace = true;
  while (true) {
    skipSpaceAndComments();
    Token T;
    T.SpaceBefore = SawSpace;
    SawSpace = false;
    uint32_t Start = Pos;
    if (atEnd()) {
      T.Kind = TokenKind::EndOfFile;
      T.Range = {Pos, Pos};
      Tokens.push_back(std::move(T));
      return std::move(Tokens);
    }
    char C = peekByte();
    uint32_t Length;
    uint32_t CP = codePointAt(Pos, Length);
    bool Emit = true;
    if (C == '\n') {
      T.Kind = TokenKind::Newline;
      ++Pos;
    } else if (CP == 0xFFFFFFFF) {
      error(Pos, Pos + 1,
            "invalid UTF-8 byte 0x" +
                std::string(1, "0123456789abcdef"[(C >> 4) & 0xF]) +
                std::string(1, "0123456789abcdef"[C & 0xF]));
      ++Pos;
      SawSpace = true;
      continue;
    } else if (isIdentifierStart(CP)) {
      lexIdentifier(T);
      if (peekByte() == '"' && T.Kind == TokenKind::Identifier) {
        error(Start, Pos + 1,
              "string macros (`" + T.Text + "\"...\"`) are not supported");
        T = Token();
        T.SpaceBefore = false;
        Start = Pos;
        lexString(T);
      }
    } else if (isDigitOf(C, 10) || (C == '.' && isDigitOf(peekByte(1), 10) &&
                                    !previousAllowsAdjoint(T.SpaceBefore))) {
      lexNumber(T);
    } else if (C == '"') {
      lexString(T);
    } else if (C == '\'') {
      if (previousAllowsAdjoint(T.SpaceBefore)) {
        error(Pos, Pos + 1,
              "the adjoint operator `'` is not supported (write "
              "`transpose(x)` or use `'c'` for a Char)");
        ++Pos;
        Emit = false;
      } else {
        lexChar(T);
      }
    } else if (C == '@') {
      ++Pos;
      uint32_t NameLength;
      uint32_t First = codePointAt(Pos, NameLength);
      if (First == 0xFFFFFFFF || !isIdentifierStart(First)) {
        error(Start, Pos, "expected a macro name after `@`");
        Emit = false;
      } else {
        lexIdentifier(T);
        T.Kind = TokenKind::MacroName;
        // `@Base.inline`: a qualified macro name.
        while (peekByte() == '.' && Pos + 1 < Text.size()) {
          uint32_t NextLength;
          uint32_t Next = codePointAt(Pos + 1, NextLength);
          if (Next == 0xFFFFFFFF || !isIdentifierStart(Next))
            break;
          ++Pos;
          Token Part;
          lexIdentifier(Part);
          T.Text += "." + Part.Text;
        }
      }
    } else if (C == '(' || C == ')' || C == '[' || C == ']' || C == '{' ||
               C == '}' || C == ',' || C == ';') {
      static constexpr std::string_view Chars = "()[]{},;";
      static constexpr TokenKind Kinds[] = {
          TokenKind::LParen,   TokenKind::RParen,   TokenKind::LBracket,
          TokenKind::RBracket, TokenKind::LBrace,   TokenKind::RBrace,
          TokenKind::Comma,    TokenKind::Semicolon};
      T.Kind = Kinds[Chars.find(C)];
      T.Text = std::string(1, C);
      ++Pos;
    } else if (C == '.' && Pos + 1 < Text.size() &&
               (peekByte(1) == '(' ||
                (std::string_view("+-*/^<>=!&|%\\~").find(peekByte(1)) !=
                     std::string_view::npos &&
                 !(peekByte(1) == '.')) ||
                startsWith(".≤") || startsWith(".≥") || startsWith(".≠") ||
                startsWith(".÷"))) {
      // Dotted operators and `f.(x)` broadcast; the token after the dot is
      // kept so parsing continues as if it were the plain operator.
      uint32_t OpLength = 1;
      Token Op;
      Pos += 1;
      if (peekByte() != '(' && lexOperator(Op))
        OpLength += static_cast<uint32_t>(Op.Text.size());
      error(Start, Start + OpLength,
            "broadcasting (`" + std::string(Text.substr(Start, OpLength)) +
                "`) is not supported; write the loop");
      if (peekByte() != '(' && !Op.Text.empty()) {
        T = std::move(Op);
        T.SpaceBefore = Tokens.empty() ? true : false;
      } else {
        Emit = false;
        SawSpace = T.SpaceBefore;
      }
    } else if (lexOperator(T)) {
      // lexed
    } else {
      std::string Spelling(Text.substr(Pos, Length));
      error(Pos, Pos + Length,
            isMathSymbol(CP) ? "operator `" + Spelling + "` is not supported"
                             : "unexpected character `" + Spelling + "`");
      Pos += Length;
      SawSpace = true;
      continue;
    }
    if (!Emit)
      continue;
    // After a newline the next token starts a line: `(a\n(b))` is no call.
    SawSpace = T.Kind == TokenKind::Newline;
    T.Range = {Start, Pos};
    Tokens.push_back(std::move(T));
  }
}

} // namespace

bool isKeyword(std::string_view Word) {
  return std::find(std::begin(Keywords), std::end(Keywords), Word) !=
         std::end(Keywords);
}

const char *tokenKindName(TokenKind Kind) {
  switch (Kind) {
  case TokenKind::Identifier:
    return "identifier";
  case TokenKind::Keyword:
    return "keyword";
  case TokenKind::Integer:
    return "integer";
  case TokenKind::Float:
    return "float";
  case TokenKind::Char:
    return "char";
  case TokenKind::String:
    return "string";
  case TokenKind::Operator:
    return "operator";
  case TokenKind::MacroName:
    return "macro";
  case TokenKind::LParen:
    return "`(`";
  case TokenKind::RParen:
    return "`)`";
  case TokenKind::LBracket:
    return "`[`";
  case TokenKind::RBracket:
    return "`]`";
  case TokenKind::LBrace:
    return "`{`";
  case TokenKind::RBrace:
    return "`}`";
  case TokenKind::Comma:
    return "`,`";
  case TokenKind::Semicolon:
    return "`;`";
  case TokenKind::Newline:
    return "newline";
  case TokenKind::EndOfFile:
    return "end of file";
  }
  return "token";
}

std::vector<Token> lex(const Source &Src, SourceRange Range,
                       Diagnostics &Diags) {
  return Lexer(Src, Range, Diags).run();
}

} // namespace jlremote::frontend
