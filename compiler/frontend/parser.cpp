#include "compiler/frontend/parser.h"

#include "compiler/frontend/lexer.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>

namespace jlremote::frontend {

namespace {

// Deeper nesting than this is reported instead of risking the stack. Each
// level of parentheses takes four guarded frames (about twenty C++ frames),
// so this allows about a hundred levels.
constexpr unsigned MaxDepth = 400;
// After this many errors the rest of the file is not worth reading.
constexpr unsigned MaxErrors = 50;

bool isOneOf(std::string_view S, std::initializer_list<std::string_view> L) {
  return std::find(L.begin(), L.end(), S) != L.end();
}

const std::initializer_list<std::string_view> AssignOperators = {
    "=",  "+=", "-=", "*=", "/=",  "\\=", "÷=",   "%=",
    "^=", "&=", "|=", "⊻=", "<<=", ">>=", ">>>=", "//="};
const std::initializer_list<std::string_view> ComparisonOperators = {
    "<",  ">", "<=", ">=", "==", "===", "!=", "!==", "<:",
    ">:", "≤", "≥",  "≠",  "∈",  "∉",   "≡",  "≢"};
const std::initializer_list<std::string_view> UnaryOperators = {
    "+", "-", "!", "~", "√", "∛", "¬"};
// Left-associative binary levels above the colon, lowest first (Julia
// manual, "Operator Precedence and Associativity"). `^` and the unary
// operators are handled apart.
const std::initializer_list<std::string_view> PipeOperators = {"|>"};
const std::initializer_list<std::string_view> PlusOperators = {"+", "-", "|",
                                                               "⊻"};
const std::initializer_list<std::string_view> TimesOperators = {"*", "/",  "%",
                                                                "&", "\\", "÷"};
const std::initializer_list<std::string_view> RationalOperators = {"//"};
const std::initializer_list<std::string_view> ShiftOperators = {"<<", ">>",
                                                                ">>>"};
// Keywords that end a block.
const std::initializer_list<std::string_view> BlockEnds = {
    "end", "else", "elseif", "catch", "finally"};
// Keywords that open a block closed by `end` (for skipping unsupported ones).
const std::initializer_list<std::string_view> BlockOpeners = {
    "function", "if",  "while",      "for",      "begin",
    "try",      "let", "struct",     "macro",    "module",
    "quote",    "do",  "baremodule", "abstract", "primitive"};
const std::initializer_list<std::string_view> SupportedMacros = {
    "inbounds", "inline", "noinline", "assert", "show"};

class Parser {
public:
  Parser(const Source &Src, Diagnostics &Diags)
      : Src(Src), Diags(Diags), Tokens(lex(Src, Diags)) {}

  BlockPtr parseTopLevel();

private:
  // --- Tokens -------------------------------------------------------------
  const Token &peek();
  const Token &peekAfter(); // the token after peek(), newlines not skipped
  Token take();
  void skipNewlines();
  bool atStatementEnd();
  bool expect(TokenKind Kind, const char *What);
  bool expectKeyword(std::string_view Keyword, SourceRange Opener,
                     const char *Construct);
  SourceRange from(uint32_t Begin) const { return {Begin, LastEnd}; }
  std::string describe(const Token &T) const;

  /// Newlines are statement separators, except inside () [] {} where they
  /// are whitespace; block bodies restore them.
  struct NewlineMode {
    NewlineMode(Parser &P, bool Significant) : P(P) {
      P.NewlinesSignificant.push_back(Significant);
    }
    ~NewlineMode() { P.NewlinesSignificant.pop_back(); }
    Parser &P;
  };

  struct DepthGuard {
    explicit DepthGuard(Parser &P) : P(P) { ++P.Depth; }
    ~DepthGuard() { --P.Depth; }
    bool tooDeep() const { return P.Depth > MaxDepth; }
    Parser &P;
  };

  /// A loop that nests the tree one level per iteration (`a + b + c`,
  /// `a.b.c`) counts each iteration as depth, so the tree's depth, and with
  /// it the recursion of later stages and of destructors, stays bounded.
  struct ChainGuard {
    explicit ChainGuard(Parser &P) : P(P), Saved(P.Depth) {}
    ~ChainGuard() { P.Depth = Saved; }
    bool next() { return ++P.Depth <= MaxDepth; }
    Parser &P;
    unsigned Saved;
  };

  // --- Errors and recovery ------------------------------------------------
  NodePtr error(SourceRange Range, std::string Message);
  NodePtr errorAtPeek(std::string Message);
  NodePtr tooDeep();
  void synchronize();
  bool skipToCloser(TokenKind Close);
  bool startsDefinitionLine();
  void skipBlock(); // past the `end` matching an already consumed opener

  // --- Statements and blocks ----------------------------------------------
  BlockPtr parseBlock();
  NodePtr parseStatement();

  // --- Expressions, lowest precedence first -------------------------------
  NodePtr parseExprWithTuple(); // `a, b = f(x)`: statement level
  NodePtr parseExpr();          // assignment, no bare tuple
  NodePtr parseAssignmentTail(NodePtr Lhs, uint32_t Begin, bool AllowTuple);
  NodePtr parseTernary();
  NodePtr parseLogical(const char *Op);
  NodePtr parseComparison();
  NodePtr parseBinaryLevel(unsigned Level);
  NodePtr parseRange();
  NodePtr parseUnary();
  NodePtr parsePower(NodePtr Base, uint32_t Begin);
  NodePtr parseJuxtaposition();
  NodePtr parseDecl(NodePtr Value, uint32_t Begin);
  NodePtr parsePostfix(NodePtr Base, uint32_t Begin);
  NodePtr parsePrimary();

  NodePtr makeIdentifier(SourceRange Range, std::string Name);
  NodePtr makeCall(SourceRange Range, std::string Op, SourceRange OpRange,
                   std::vector<NodePtr> Args);
  NodePtr makeNumber(const Token &T, bool Negative, uint32_t Begin);
  NodePtr parseString(const Token &T);
  NodePtr parseParenthesized();
  NodePtr parseVect();
  std::vector<NodePtr> parseArgList(TokenKind Close, const char *CloseText,
                                    bool IsIndex);
  NodePtr parseMacroCall();

  // --- Compound forms -----------------------------------------------------
  NodePtr parseIf();
  NodePtr parseWhile();
  NodePtr parseFor();
  NodePtr parseFunction();
  NodePtr parseStruct(bool Mutable, uint32_t Begin);
  NodePtr parseAbstractType();
  NodePtr parseTry();
  NodePtr parseReturn();
  NodePtr parseConst();
  NodePtr parseScopeDecl();
  NodePtr parseBeginBlock();
  NodePtr parseUnsupportedBlock(std::string Message);

  void parseWhere(std::vector<TypeParam> &Out);
  bool toTypeParam(NodePtr E, TypeParam &Out);
  std::vector<TypeParam> parseCurlyTypeParams();
  NodePtr makeFunction(NodePtr Signature, std::vector<TypeParam> Where,
                       BlockPtr Body, bool ShortForm, uint32_t Begin);

  const Source &Src;
  Diagnostics &Diags;
  std::vector<Token> Tokens;
  size_t Pos = 0;
  uint32_t LastEnd = 0;
  std::vector<bool> NewlinesSignificant{true};
  unsigned Depth = 0;
  unsigned InIndex = 0;       // inside a[...]: `end` and bare `:` are values
  unsigned InTernaryThen = 0; // `a ? b : c`: a spaced `:` ends `b`
  bool AllowBareDecl = false; // `f(::Int) = ...`
  bool Aborted = false;       // nesting too deep: no further diagnostics
};

// --- Tokens ---------------------------------------------------------------

const Token &Parser::peek() {
  if (!NewlinesSignificant.back())
    while (Tokens[Pos].is(TokenKind::Newline))
      ++Pos;
  return Tokens[Pos];
}

const Token &Parser::peekAfter() {
  peek();
  return Tokens[std::min(Pos + 1, Tokens.size() - 1)];
}

Token Parser::take() {
  peek();
  Token T = Tokens[Pos];
  if (!T.is(TokenKind::EndOfFile))
    ++Pos;
  LastEnd = T.Range.End;
  return T;
}

void Parser::skipNewlines() {
  while (Tokens[Pos].is(TokenKind::Newline))
    ++Pos;
}

bool Parser::atStatementEnd() {
  const Token &T = peek();
  return T.is(TokenKind::Newline) || T.is(TokenKind::Semicolon) ||
         T.is(TokenKind::EndOfFile) ||
         (T.is(TokenKind::Keyword) && isOneOf(T.Text, BlockEnds));
}

std::string Parser::describe(const Token &T) const {
  switch (T.Kind) {
  case TokenKind::Identifier:
  case TokenKind::Keyword:
  case TokenKind::Operator:
    return "`" + T.Text + "`";
  case TokenKind::MacroName:
    return "`@" + T.Text + "`";
  case TokenKind::Integer:
  case TokenKind::Float:
    return "number `" + T.Text + "`";
  case TokenKind::Char:
    return "character literal";
  case TokenKind::String:
    return "string literal";
  default:
    return tokenKindName(T.Kind);
  }
}

bool Parser::expect(TokenKind Kind, const char *What) {
  if (peek().is(Kind)) {
    take();
    return true;
  }
  errorAtPeek(std::string("expected ") + What + ", found " + describe(peek()));
  return false;
}

bool Parser::expectKeyword(std::string_view Keyword, SourceRange Opener,
                           const char *Construct) {
  if (peek().isKeyword(Keyword)) {
    take();
    return true;
  }
  SourceRange At = peek().Range;
  if (peek().is(TokenKind::EndOfFile))
    At = Opener; // point at what is unclosed, not at the end of the file
  error(At, std::string("expected `") + std::string(Keyword) + "` to close `" +
                Construct + "`, found " + describe(peek()));
  return false;
}

// --- Errors and recovery --------------------------------------------------

NodePtr Parser::error(SourceRange Range, std::string Message) {
  if (Aborted)
    return std::make_unique<ErrorNode>(Range);
  if (Diags.errorCount() < MaxErrors)
    Diags.error(Range, std::move(Message));
  else if (Diags.errorCount() == MaxErrors)
    Diags.error(Range, "too many errors; stopping");
  return std::make_unique<ErrorNode>(Range);
}

NodePtr Parser::errorAtPeek(std::string Message) {
  return error(peek().Range, std::move(Message));
}

NodePtr Parser::tooDeep() {
  NodePtr E = errorAtPeek("expression is nested too deeply");
  // Give up on the file: every unwinding caller would report its missing
  // closer otherwise.
  Aborted = true;
  while (!Tokens[Pos].is(TokenKind::EndOfFile))
    ++Pos;
  return E;
}

void Parser::synchronize() {
  // Skip to the end of the statement, over balanced brackets. A stray closer
  // is skipped too, so this always makes progress towards a separator.
  int Nesting = 0;
  while (true) {
    const Token &T = Tokens[Pos];
    if (T.is(TokenKind::EndOfFile))
      return;
    if (Nesting == 0 &&
        (T.is(TokenKind::Newline) || T.is(TokenKind::Semicolon)))
      return;
    if (T.is(TokenKind::LParen) || T.is(TokenKind::LBracket) ||
        T.is(TokenKind::LBrace))
      ++Nesting;
    else if ((T.is(TokenKind::RParen) || T.is(TokenKind::RBracket) ||
              T.is(TokenKind::RBrace)) &&
             Nesting > 0)
      --Nesting;
    LastEnd = T.Range.End;
    ++Pos;
  }
}

// A definition keyword at the start of a line: after an unclosed bracket,
// recovery resumes here rather than treating the definition as more of the
// bracket's contents.
bool Parser::startsDefinitionLine() {
  const Token &T = peek();
  return Pos > 0 && Tokens[Pos - 1].is(TokenKind::Newline) &&
         T.is(TokenKind::Keyword) &&
         isOneOf(T.Text, {"function", "struct", "mutable", "abstract", "macro",
                          "module", "const", "using", "import"});
}

bool Parser::skipToCloser(TokenKind Close) {
  // Stops at a block keyword too: an unclosed bracket should not swallow the
  // `end` of the function around it.
  int Nesting = 0;
  while (true) {
    const Token &T = peek();
    if (T.is(TokenKind::EndOfFile) || startsDefinitionLine() ||
        (InIndex == 0 && T.is(TokenKind::Keyword) &&
         isOneOf(T.Text, BlockEnds)))
      return false;
    if (Nesting == 0 && T.is(Close))
      return true;
    if (T.is(TokenKind::LParen) || T.is(TokenKind::LBracket) ||
        T.is(TokenKind::LBrace))
      ++Nesting;
    else if (T.is(TokenKind::RParen) || T.is(TokenKind::RBracket) ||
             T.is(TokenKind::RBrace))
      --Nesting;
    if (Nesting < 0)
      return false;
    take();
  }
}

void Parser::skipBlock() {
  unsigned Open = 1;
  while (Open > 0 && !Tokens[Pos].is(TokenKind::EndOfFile)) {
    const Token &T = Tokens[Pos];
    if (T.is(TokenKind::Keyword) && isOneOf(T.Text, BlockOpeners))
      ++Open;
    else if (T.isKeyword("end"))
      --Open;
    LastEnd = T.Range.End;
    ++Pos;
  }
}

// --- Statements and blocks ------------------------------------------------

BlockPtr Parser::parseTopLevel() {
  uint32_t Begin = peek().Range.Begin;
  auto Top = std::make_unique<Block>(SourceRange{Begin, Begin});
  while (true) {
    BlockPtr Part = parseBlock();
    for (NodePtr &S : Part->Stmts)
      Top->Stmts.push_back(std::move(S));
    if (peek().is(TokenKind::EndOfFile))
      break;
    // A block keyword with nothing to close.
    Token Stray = take();
    error(Stray.Range, "unexpected `" + Stray.Text + "` with no open block");
  }
  Top->Range = {Begin, Src.size()};
  return Top;
}

BlockPtr Parser::parseBlock() {
  NewlineMode Mode(*this, true);
  auto Body = std::make_unique<Block>(SourceRange{peek().Range.Begin, 0});
  while (true) {
    const Token &T = peek();
    if (T.is(TokenKind::Newline) || T.is(TokenKind::Semicolon)) {
      take();
      continue;
    }
    if (T.is(TokenKind::EndOfFile) ||
        (T.is(TokenKind::Keyword) && isOneOf(T.Text, BlockEnds)))
      break;
    if (Diags.errorCount() > MaxErrors) {
      // Give up on the rest of the file.
      while (!peek().is(TokenKind::EndOfFile))
        take();
      break;
    }
    size_t StartPos = Pos;
    unsigned ErrorsBefore = Diags.errorCount();
    NodePtr S = parseStatement();
    if (!atStatementEnd() && !startsDefinitionLine()) {
      if (Diags.errorCount() == ErrorsBefore) {
        const Token &Extra = peek();
        if (Extra.isKeyword("do"))
          errorAtPeek("`do` blocks are not supported");
        else
          errorAtPeek("unexpected " + describe(Extra) +
                      " after the end of an expression");
      }
      synchronize();
    }
    if (Pos == StartPos)
      take(); // cannot happen by construction; guarantees progress
    Body->Stmts.push_back(std::move(S));
  }
  // The body spans its statements (not the newline after the header).
  if (!Body->Stmts.empty())
    Body->Range = {Body->Stmts.front()->Range.Begin,
                   Body->Stmts.back()->Range.End};
  else
    Body->Range = {LastEnd, LastEnd};
  return Body;
}

NodePtr Parser::parseStatement() { return parseExprWithTuple(); }

// --- Expressions ----------------------------------------------------------

NodePtr Parser::parseExprWithTuple() {
  DepthGuard Guard(*this);
  if (Guard.tooDeep())
    return tooDeep();
  uint32_t Begin = peek().Range.Begin;
  NodePtr First = parseTernary();
  if (!peek().is(TokenKind::Comma))
    return parseAssignmentTail(std::move(First), Begin, true);
  auto T = std::make_unique<Tuple>(SourceRange{Begin, 0});
  T->Elements.push_back(std::move(First));
  while (peek().is(TokenKind::Comma)) {
    take();
    if (atStatementEnd() || peek().isOperator("="))
      break;
    T->Elements.push_back(parseTernary());
  }
  T->Range = from(Begin);
  return parseAssignmentTail(std::move(T), Begin, true);
}

NodePtr Parser::parseExpr() {
  DepthGuard Guard(*this);
  if (Guard.tooDeep())
    return tooDeep();
  uint32_t Begin = peek().Range.Begin;
  return parseAssignmentTail(parseTernary(), Begin, false);
}

NodePtr Parser::parseAssignmentTail(NodePtr Lhs, uint32_t Begin,
                                    bool AllowTuple) {
  std::vector<TypeParam> Where;
  while (peek().isKeyword("where")) {
    take();
    parseWhere(Where);
  }
  const Token &Op = peek();
  if (!Op.is(TokenKind::Operator) || !isOneOf(Op.Text, AssignOperators)) {
    if (!Where.empty())
      return error(from(Begin),
                   "`where` is only supported on method definitions");
    return Lhs;
  }
  Token OpTok = take();
  skipNewlines();
  NodePtr Rhs = AllowTuple ? parseExprWithTuple() : parseExpr();
  if (OpTok.Text == "=" &&
      (dynCast<Call>(Lhs.get()) || !Where.empty() ||
       (dynCast<TypeAssert>(Lhs.get()) &&
        dynCast<Call>(dynCast<TypeAssert>(Lhs.get())->Value.get())))) {
    auto Body = std::make_unique<Block>(Rhs->Range);
    Body->Stmts.push_back(std::move(Rhs));
    return makeFunction(std::move(Lhs), std::move(Where), std::move(Body), true,
                        Begin);
  }
  auto A = std::make_unique<Assign>(from(Begin));
  A->Operator = OpTok.Text;
  A->Lhs = std::move(Lhs);
  A->Rhs = std::move(Rhs);
  return A;
}

NodePtr Parser::parseTernary() {
  DepthGuard Guard(*this);
  if (Guard.tooDeep())
    return tooDeep();
  uint32_t Begin = peek().Range.Begin;
  NodePtr Cond = parseLogical("||");
  if (peek().isOperator("->")) {
    Token Arrow = take();
    skipNewlines();
    parseTernary();
    return error(Arrow.Range, "anonymous functions (`->`) are not supported");
  }
  if (peek().isOperator("=>")) {
    Token Arrow = take();
    skipNewlines();
    parseTernary();
    return error(Arrow.Range, "pairs (`=>`) are not supported");
  }
  if (!peek().isOperator("?"))
    return Cond;
  Token Question = take();
  if (!Question.SpaceBefore ||
      !(peek().SpaceBefore || peek().is(TokenKind::Newline)))
    error(Question.Range, "the ternary `?` needs spaces around it");
  skipNewlines();
  auto T = std::make_unique<Ternary>(SourceRange{Begin, 0});
  T->Cond = std::move(Cond);
  ++InTernaryThen;
  T->Then = parseTernary();
  --InTernaryThen;
  if (!peek().isOperator(":")) {
    errorAtPeek("expected `:` in the ternary `? :`, found " + describe(peek()));
    T->Else = std::make_unique<ErrorNode>(peek().Range);
  } else {
    take();
    skipNewlines();
    T->Else = parseTernary();
  }
  T->Range = from(Begin);
  return T;
}

// `||` and `&&` are right-associative; built iteratively so a long chain
// does not recurse.
NodePtr Parser::parseLogical(const char *Op) {
  bool IsOr = std::string_view(Op) == "||";
  std::vector<NodePtr> Operands;
  std::vector<uint32_t> Begins;
  ChainGuard Chain(*this);
  while (true) {
    if (!Chain.next())
      return tooDeep();
    Begins.push_back(peek().Range.Begin);
    Operands.push_back(IsOr ? parseLogical("&&") : parseComparison());
    if (!peek().isOperator(Op))
      break;
    take();
    skipNewlines();
  }
  NodePtr Result = std::move(Operands.back());
  for (size_t I = Operands.size() - 1; I-- > 0;) {
    auto L = std::make_unique<Logical>(SourceRange{Begins[I], LastEnd});
    L->Operator = Op;
    L->Lhs = std::move(Operands[I]);
    L->Rhs = std::move(Result);
    Result = std::move(L);
  }
  return Result;
}

NodePtr Parser::parseComparison() {
  uint32_t Begin = peek().Range.Begin;
  std::vector<NodePtr> Operands;
  std::vector<Token> Ops;
  Operands.push_back(parseBinaryLevel(0));
  while (true) {
    const Token &T = peek();
    bool IsComparison =
        (T.is(TokenKind::Operator) && isOneOf(T.Text, ComparisonOperators)) ||
        T.isKeyword("in") || T.isKeyword("isa");
    if (!IsComparison)
      break;
    Ops.push_back(take());
    skipNewlines();
    Operands.push_back(parseBinaryLevel(0));
  }
  if (Ops.empty())
    return std::move(Operands[0]);
  if (Ops.size() == 1)
    return makeCall(from(Begin), Ops[0].Text, Ops[0].Range,
                    std::move(Operands));
  auto C = std::make_unique<Comparison>(from(Begin));
  C->Operands = std::move(Operands);
  for (const Token &Op : Ops)
    C->Operators.push_back(Op.Text);
  return C;
}

// Levels: 0 pipe `|>`, 1 range `:` (apart), 2 plus, 3 times, 4 rational,
// 5 bit shift; above that unary and `^`.
NodePtr Parser::parseBinaryLevel(unsigned Level) {
  static const std::initializer_list<std::string_view> *Levels[] = {
      &PipeOperators,     nullptr,        &PlusOperators, &TimesOperators,
      &RationalOperators, &ShiftOperators};
  if (Level == 1)
    return parseRange();
  if (Level >= std::size(Levels))
    return parseUnary();
  uint32_t Begin = peek().Range.Begin;
  NodePtr Lhs = parseBinaryLevel(Level + 1);
  ChainGuard Chain(*this);
  while (true) {
    const Token &T = peek();
    if (!T.is(TokenKind::Operator) || !isOneOf(T.Text, *Levels[Level]))
      break;
    if (!Chain.next())
      return tooDeep();
    Token Op = take();
    skipNewlines();
    std::vector<NodePtr> Args;
    Args.push_back(std::move(Lhs));
    Args.push_back(parseBinaryLevel(Level + 1));
    Lhs = makeCall(from(Begin), Op.Text, Op.Range, std::move(Args));
  }
  return Lhs;
}

NodePtr Parser::parseRange() {
  uint32_t Begin = peek().Range.Begin;
  std::vector<NodePtr> Parts;
  Parts.push_back(parseBinaryLevel(2));
  Token FirstColon;
  while (peek().isOperator(":") && !(InTernaryThen > 0 && peek().SpaceBefore)) {
    Token Colon = take();
    if (Parts.size() == 1)
      FirstColon = Colon;
    skipNewlines();
    if (Parts.size() == 3) {
      error(Colon.Range, "a range has at most three parts (`a:s:b`)");
      parseBinaryLevel(2);
      continue;
    }
    Parts.push_back(parseBinaryLevel(2));
  }
  if (Parts.size() == 1)
    return std::move(Parts[0]);
  return makeCall(from(Begin), ":", FirstColon.Range, std::move(Parts));
}

NodePtr Parser::parseUnary() {
  DepthGuard Guard(*this);
  if (Guard.tooDeep())
    return tooDeep();
  const Token &T = peek();
  uint32_t Begin = T.Range.Begin;
  if (!T.is(TokenKind::Operator) || !isOneOf(T.Text, UnaryOperators))
    return parsePower(parseJuxtaposition(), Begin);
  Token Op = take();
  const Token &Next = peek();
  bool Adjacent = !Next.SpaceBefore;
  // `-2` is a literal (and `-2x` is `(-2)*x`), but `-2^2` is `-(2^2)`.
  if ((Op.Text == "-" || Op.Text == "+") && Adjacent &&
      (Next.is(TokenKind::Integer) || Next.is(TokenKind::Float)) &&
      !peekAfter().isOperator("^")) {
    Token Number = take();
    NodePtr Literal = makeNumber(Number, Op.Text == "-", Begin);
    const Token &After = peek();
    if (!After.SpaceBefore &&
        (After.is(TokenKind::Identifier) || After.is(TokenKind::LParen))) {
      std::vector<NodePtr> Args;
      Args.push_back(std::move(Literal));
      Args.push_back(parseUnary());
      return makeCall(from(Begin), "*", Number.Range, std::move(Args));
    }
    return parsePower(parseDecl(std::move(Literal), Begin), Begin);
  }
  // `+(a, b)`: the operator called by name.
  if (Adjacent && Next.is(TokenKind::LParen)) {
    Token Open = take();
    std::vector<NodePtr> Args =
        parseArgList(TokenKind::RParen, "`)`", /*IsIndex=*/false);
    if (Args.size() != 1) {
      auto C = std::make_unique<Call>(from(Begin));
      C->Callee = makeIdentifier(Op.Range, Op.Text);
      C->Args = std::move(Args);
      return parsePostfix(std::move(C), Begin);
    }
    // `-(x)` and `-(x)^2` are unary minus of a parenthesized operand.
    NodePtr Operand = parsePower(
        parsePostfix(std::move(Args[0]), Open.Range.Begin), Open.Range.Begin);
    std::vector<NodePtr> One;
    One.push_back(std::move(Operand));
    return makeCall(from(Begin), Op.Text, Op.Range, std::move(One));
  }
  std::vector<NodePtr> Args;
  Args.push_back(parseUnary());
  return makeCall(from(Begin), Op.Text, Op.Range, std::move(Args));
}

NodePtr Parser::parsePower(NodePtr Base, uint32_t Begin) {
  if (!peek().isOperator("^"))
    return Base;
  Token Op = take();
  skipNewlines();
  std::vector<NodePtr> Args;
  Args.push_back(std::move(Base));
  Args.push_back(parseUnary()); // right-associative; `2^-1` allowed
  return makeCall(from(Begin), "^", Op.Range, std::move(Args));
}

NodePtr Parser::parseJuxtaposition() {
  const Token &T = peek();
  uint32_t Begin = T.Range.Begin;
  if (!T.is(TokenKind::Integer) && !T.is(TokenKind::Float))
    return parseDecl(parsePostfix(parsePrimary(), Begin), Begin);
  Token Number = take();
  NodePtr Literal = makeNumber(Number, false, Begin);
  const Token &After = peek();
  // A numeric-literal coefficient: `2x`, `2(x+1)`, `2x^2` == `2*(x^2)`.
  if (!After.SpaceBefore &&
      (After.is(TokenKind::Identifier) || After.is(TokenKind::LParen))) {
    uint32_t RhsBegin = After.Range.Begin;
    NodePtr Rhs = parsePower(parseJuxtaposition(), RhsBegin);
    std::vector<NodePtr> Args;
    Args.push_back(std::move(Literal));
    Args.push_back(std::move(Rhs));
    return makeCall(from(Begin), "*", Number.Range, std::move(Args));
  }
  return parseDecl(std::move(Literal), Begin);
}

NodePtr Parser::parseDecl(NodePtr Value, uint32_t Begin) {
  ChainGuard Chain(*this);
  while (peek().isOperator("::")) {
    if (!Chain.next())
      return tooDeep();
    take();
    uint32_t TypeBegin = peek().Range.Begin;
    auto D = std::make_unique<TypeAssert>(SourceRange{Begin, 0});
    D->Value = std::move(Value);
    D->Type = parsePostfix(parsePrimary(), TypeBegin);
    D->Range = from(Begin);
    Value = std::move(D);
  }
  return Value;
}

NodePtr Parser::parsePostfix(NodePtr Base, uint32_t Begin) {
  ChainGuard Chain(*this);
  while (true) {
    if (!Chain.next())
      return tooDeep();
    const Token &T = peek();
    if (T.SpaceBefore && !T.is(TokenKind::Operator))
      return Base;
    if (T.is(TokenKind::LParen)) {
      take();
      auto C = std::make_unique<Call>(SourceRange{Begin, 0});
      C->Callee = std::move(Base);
      C->Args = parseArgList(TokenKind::RParen, "`)`", false);
      C->Range = from(Begin);
      Base = std::move(C);
    } else if (T.is(TokenKind::LBracket)) {
      take();
      auto I = std::make_unique<Index>(SourceRange{Begin, 0});
      I->Base = std::move(Base);
      I->Indices = parseArgList(TokenKind::RBracket, "`]`", true);
      I->Range = from(Begin);
      Base = std::move(I);
    } else if (T.is(TokenKind::LBrace)) {
      take();
      auto C = std::make_unique<Curly>(SourceRange{Begin, 0});
      C->Base = std::move(Base);
      C->Args = parseArgList(TokenKind::RBrace, "`}`", false);
      C->Range = from(Begin);
      Base = std::move(C);
    } else if (T.isOperator(".")) {
      take();
      const Token &Name = peek();
      auto F = std::make_unique<FieldAccess>(SourceRange{Begin, 0});
      F->Base = std::move(Base);
      if (Name.is(TokenKind::Identifier) && !Name.SpaceBefore) {
        Token N = take();
        F->Field = N.Text;
        F->FieldRange = N.Range;
      } else if (Name.isOperator(":") && !peekAfter().SpaceBefore &&
                 peekAfter().is(TokenKind::Operator)) {
        // `Base.:+`: an operator qualified by its module.
        take();
        Token N = take();
        F->Field = N.Text;
        F->FieldRange = N.Range;
      } else {
        return error(Name.Range, "expected a field name after `.`, found " +
                                     describe(Name));
      }
      F->Range = from(Begin);
      Base = std::move(F);
    } else if (T.isOperator("...")) {
      Token Dots = take();
      error(Dots.Range, "splatting and varargs (`...`) are not supported");
    } else {
      return Base;
    }
  }
}

std::vector<NodePtr> Parser::parseArgList(TokenKind Close,
                                          const char *CloseText, bool IsIndex) {
  NewlineMode Mode(*this, false);
  if (IsIndex)
    ++InIndex;
  unsigned SavedTernary = InTernaryThen;
  InTernaryThen = 0;
  bool SavedBareDecl = AllowBareDecl;
  AllowBareDecl = Close == TokenKind::RParen;
  std::vector<NodePtr> Args;
  unsigned ErrorsBefore = Diags.errorCount();
  bool Reported = false;
  while (!peek().is(Close) && !peek().is(TokenKind::EndOfFile)) {
    if (peek().is(TokenKind::Semicolon)) {
      errorAtPeek("keyword arguments are not supported");
      Reported = true;
      break;
    }
    NodePtr Arg = parseExpr();
    if (auto *A = dynCast<Assign>(Arg.get());
        A && A->Operator == "=" && Close == TokenKind::RParen)
      error(A->Range, "keyword arguments and default values are not "
                      "supported");
    Args.push_back(std::move(Arg));
    if (peek().is(TokenKind::Comma)) {
      take();
      continue;
    }
    if (peek().is(Close))
      break;
    if (peek().isKeyword("for"))
      errorAtPeek("generators and comprehensions are not supported");
    else if (peek().is(TokenKind::Semicolon))
      errorAtPeek("keyword arguments are not supported");
    else if (Diags.errorCount() == ErrorsBefore)
      errorAtPeek(std::string("expected `,` or ") + CloseText + ", found " +
                  describe(peek()));
    Reported = true;
    break;
  }
  if (!Reported)
    expect(Close, CloseText);
  else if (skipToCloser(Close))
    take();
  if (IsIndex)
    --InIndex;
  InTernaryThen = SavedTernary;
  AllowBareDecl = SavedBareDecl;
  return Args;
}

NodePtr Parser::makeIdentifier(SourceRange Range, std::string Name) {
  auto I = std::make_unique<Identifier>(Range);
  I->Name = std::move(Name);
  return I;
}

NodePtr Parser::makeCall(SourceRange Range, std::string Op, SourceRange OpRange,
                         std::vector<NodePtr> Args) {
  auto C = std::make_unique<Call>(Range);
  C->Callee = makeIdentifier(OpRange, std::move(Op));
  C->Args = std::move(Args);
  return C;
}

NodePtr Parser::makeNumber(const Token &T, bool Negative, uint32_t Begin) {
  SourceRange Range{Begin, T.Range.End};
  if (T.is(TokenKind::Integer)) {
    auto I = std::make_unique<IntLiteral>(Range);
    I->Spelling = (Negative ? "-" : "") + T.Text;
    I->Magnitude = T.IntValue;
    I->Radix = T.Radix;
    I->Negative = Negative;
    return I;
  }
  auto F = std::make_unique<FloatLiteral>(Range);
  F->Spelling = (Negative ? "-" : "") + T.Text;
  F->Value = Negative ? -T.FloatValue : T.FloatValue;
  F->IsFloat32 = T.IsFloat32;
  return F;
}

NodePtr Parser::parseString(const Token &T) {
  auto S = std::make_unique<StringLiteral>(T.Range);
  for (const StringPart &Part : T.Parts) {
    StringLiteral::Piece Piece;
    if (!Part.IsExpression) {
      Piece.Text = Part.Text;
      S->Pieces.push_back(std::move(Piece));
      continue;
    }
    // Parse the interpolated expression from its own tokens, with this
    // parser's state (depth) so nesting stays bounded.
    std::vector<Token> Saved = std::move(Tokens);
    size_t SavedPos = Pos;
    uint32_t SavedEnd = LastEnd;
    Tokens = lex(Src, Part.Range, Diags);
    Pos = 0;
    {
      NewlineMode Mode(*this, false);
      if (peek().is(TokenKind::EndOfFile)) {
        Piece.Expr = error(Part.Range, "empty interpolation `$()`");
      } else {
        Piece.Expr = parseExprWithTuple();
        if (!peek().is(TokenKind::EndOfFile))
          errorAtPeek("unexpected " + describe(peek()) +
                      " in string interpolation");
      }
    }
    Tokens = std::move(Saved);
    Pos = SavedPos;
    LastEnd = SavedEnd;
    S->Pieces.push_back(std::move(Piece));
  }
  return S;
}

NodePtr Parser::parseParenthesized() {
  Token Open = take();
  NewlineMode Mode(*this, false);
  unsigned SavedTernary = InTernaryThen;
  InTernaryThen = 0;
  uint32_t Begin = Open.Range.Begin;
  NodePtr Result;
  if (peek().is(TokenKind::RParen)) {
    take();
    Result = std::make_unique<Tuple>(from(Begin)); // `()`
  } else {
    unsigned ErrorsBefore = Diags.errorCount();
    NodePtr First = parseExpr();
    if (peek().is(TokenKind::Comma)) {
      auto T = std::make_unique<Tuple>(SourceRange{Begin, 0});
      T->Elements.push_back(std::move(First));
      while (peek().is(TokenKind::Comma)) {
        take();
        if (peek().is(TokenKind::RParen))
          break;
        T->Elements.push_back(parseExpr());
      }
      expect(TokenKind::RParen, "`)`");
      T->Range = from(Begin);
      Result = std::move(T);
    } else {
      if (peek().is(TokenKind::Semicolon))
        errorAtPeek("`(a; b)` blocks are not supported; use `begin ... end`");
      else if (peek().isKeyword("for"))
        errorAtPeek("generators and comprehensions are not supported");
      else if (!peek().is(TokenKind::RParen) &&
               Diags.errorCount() == ErrorsBefore)
        errorAtPeek("expected `)`, found " + describe(peek()));
      if (skipToCloser(TokenKind::RParen))
        take();
      Result = std::move(First);
    }
  }
  InTernaryThen = SavedTernary;
  return Result;
}

NodePtr Parser::parseVect() {
  uint32_t Begin = take().Range.Begin;
  auto V = std::make_unique<Vect>(SourceRange{Begin, 0});
  NewlineMode Mode(*this, false);
  unsigned SavedTernary = InTernaryThen;
  InTernaryThen = 0;
  while (!peek().is(TokenKind::RBracket) && !peek().is(TokenKind::EndOfFile)) {
    V->Elements.push_back(parseExpr());
    if (peek().is(TokenKind::Comma)) {
      take();
      continue;
    }
    if (peek().is(TokenKind::RBracket))
      break;
    if (peek().isKeyword("for"))
      errorAtPeek("comprehensions are not supported; write the loop");
    else
      errorAtPeek("matrix literals (`[a b; c d]`) are not supported; use "
                  "`zeros` and indexing");
    if (skipToCloser(TokenKind::RBracket))
      take();
    InTernaryThen = SavedTernary;
    V->Range = from(Begin);
    return V;
  }
  expect(TokenKind::RBracket, "`]`");
  InTernaryThen = SavedTernary;
  V->Range = from(Begin);
  return V;
}

NodePtr Parser::parseMacroCall() {
  Token Name = take();
  uint32_t Begin = Name.Range.Begin;
  auto M = std::make_unique<MacroCall>(SourceRange{Begin, 0});
  M->Name = Name.Text;
  if (peek().is(TokenKind::LParen) && !peek().SpaceBefore) {
    take();
    M->Args = parseArgList(TokenKind::RParen, "`)`", false);
  } else {
    // Space-separated arguments up to the end of the statement.
    while (!atStatementEnd() && !peek().is(TokenKind::RParen) &&
           !peek().is(TokenKind::RBracket) && !peek().is(TokenKind::RBrace) &&
           !peek().is(TokenKind::Comma)) {
      size_t Before = Pos;
      M->Args.push_back(parseExpr());
      if (Pos == Before)
        break;
    }
  }
  M->Range = from(Begin);
  if (!isOneOf(Name.Text, SupportedMacros))
    return error(Name.Range, "`@" + Name.Text + "` is not supported");
  if (M->Args.empty())
    return error(Name.Range, "`@" + Name.Text + "` needs an argument");
  return M;
}

NodePtr Parser::parsePrimary() {
  DepthGuard Guard(*this);
  if (Guard.tooDeep())
    return tooDeep();
  const Token &T = peek();
  uint32_t Begin = T.Range.Begin;
  switch (T.Kind) {
  case TokenKind::Integer:
  case TokenKind::Float:
    return makeNumber(take(), false, Begin);
  case TokenKind::Char: {
    Token C = take();
    auto L = std::make_unique<CharLiteral>(C.Range);
    L->Value = C.CharValue;
    return L;
  }
  case TokenKind::String:
    return parseString(take());
  case TokenKind::Identifier: {
    Token I = take();
    return makeIdentifier(I.Range, I.Text);
  }
  case TokenKind::LParen:
    return parseParenthesized();
  case TokenKind::LBracket:
    return parseVect();
  case TokenKind::MacroName:
    return parseMacroCall();
  case TokenKind::Operator: {
    if (T.isOperator(":") && InIndex > 0 &&
        (peekAfter().is(TokenKind::Comma) ||
         peekAfter().is(TokenKind::RBracket))) {
      Token C = take();
      return makeIdentifier(C.Range, ":");
    }
    if (T.isOperator("::") && AllowBareDecl) {
      take();
      auto D = std::make_unique<TypeAssert>(SourceRange{Begin, 0});
      uint32_t TypeBegin = peek().Range.Begin;
      D->Type = parsePostfix(parsePrimary(), TypeBegin);
      D->Range = from(Begin);
      return D;
    }
    if (T.isOperator(":") && !peekAfter().SpaceBefore &&
        (peekAfter().is(TokenKind::Identifier) ||
         peekAfter().is(TokenKind::LParen))) {
      Token C = take();
      return error(C.Range, "quoted symbols and expressions (`:x`) are not "
                            "supported");
    }
    if (T.isOperator("$")) {
      Token D = take();
      return error(D.Range, "`$` interpolation is only supported in strings");
    }
    Token Op = take();
    return error(Op.Range, "unexpected operator `" + Op.Text + "`");
  }
  case TokenKind::Keyword:
    break;
  case TokenKind::EndOfFile:
    // At the end of what came last: `k = 1 +` points just after the `+`.
    return error({LastEnd, LastEnd}, "unexpected end of file");
  case TokenKind::Newline:
    return errorAtPeek("unexpected end of line");
  case TokenKind::RParen:
  case TokenKind::RBracket:
  case TokenKind::RBrace:
    // Left for the enclosing list or statement to recover at.
    return errorAtPeek("unexpected " + describe(T));
  default: {
    Token Bad = take();
    return error(Bad.Range, "unexpected " + describe(Bad));
  }
  }

  const std::string &K = T.Text;
  if (K == "true" || K == "false") {
    Token B = take();
    auto L = std::make_unique<BoolLiteral>(B.Range);
    L->Value = K == "true";
    return L;
  }
  if (K == "end" && InIndex > 0) {
    Token E = take();
    return makeIdentifier(E.Range, "end");
  }
  if (K == "if")
    return parseIf();
  if (K == "while")
    return parseWhile();
  if (K == "for")
    return parseFor();
  if (K == "function")
    return parseFunction();
  if (K == "struct")
    return parseStruct(false, Begin);
  if (K == "mutable") {
    Token Mutable = take();
    if (!peek().isKeyword("struct"))
      return error(Mutable.Range, "expected `struct` after `mutable`");
    return parseStruct(true, Begin);
  }
  if (K == "abstract")
    return parseAbstractType();
  if (K == "try")
    return parseTry();
  if (K == "return")
    return parseReturn();
  if (K == "break" || K == "continue") {
    Token B = take();
    if (K == "break")
      return std::make_unique<Break>(B.Range);
    return std::make_unique<Continue>(B.Range);
  }
  if (K == "begin")
    return parseBeginBlock();
  if (K == "const")
    return parseConst();
  if (K == "global" || K == "local")
    return parseScopeDecl();
  if (K == "macro")
    return parseUnsupportedBlock("`macro` definitions are not supported");
  if (K == "module" || K == "baremodule")
    return parseUnsupportedBlock("`" + K + "` is not supported");
  if (K == "let")
    return parseUnsupportedBlock("`let` blocks are not supported");
  if (K == "quote")
    return parseUnsupportedBlock("`quote` blocks are not supported");
  if (K == "import" || K == "using" || K == "export") {
    Token Kw = take();
    NodePtr E = error(Kw.Range, "`" + Kw.Text + "` is not supported");
    synchronize();
    return E;
  }
  if (K == "primitive") {
    Token Kw = take();
    NodePtr E = error(Kw.Range, "`primitive type` is not supported");
    synchronize();
    return E;
  }
  Token Kw = take();
  return error(Kw.Range, "unexpected keyword `" + Kw.Text + "`");
}

NodePtr Parser::parseUnsupportedBlock(std::string Message) {
  Token Kw = take();
  NodePtr E = error(Kw.Range, std::move(Message));
  skipBlock();
  E->Range = from(Kw.Range.Begin);
  return E;
}

// --- Compound forms -------------------------------------------------------

NodePtr Parser::parseBeginBlock() {
  Token Kw = take();
  BlockPtr Body = parseBlock();
  expectKeyword("end", Kw.Range, "begin");
  Body->Range = from(Kw.Range.Begin);
  return Body;
}

NodePtr Parser::parseIf() {
  Token Kw = take();
  auto I = std::make_unique<If>(SourceRange{Kw.Range.Begin, 0});
  while (true) {
    If::Branch B;
    {
      NewlineMode Mode(*this, true);
      B.Cond = parseExpr();
    }
    B.Body = parseBlock();
    I->Branches.push_back(std::move(B));
    if (peek().isKeyword("elseif")) {
      take();
      continue;
    }
    break;
  }
  if (peek().isKeyword("else")) {
    take();
    I->Else = parseBlock();
  }
  expectKeyword("end", Kw.Range, "if");
  I->Range = from(Kw.Range.Begin);
  return I;
}

NodePtr Parser::parseWhile() {
  Token Kw = take();
  auto W = std::make_unique<While>(SourceRange{Kw.Range.Begin, 0});
  {
    NewlineMode Mode(*this, true);
    W->Cond = parseExpr();
  }
  W->Body = parseBlock();
  expectKeyword("end", Kw.Range, "while");
  W->Range = from(Kw.Range.Begin);
  return W;
}

NodePtr Parser::parseFor() {
  Token Kw = take();
  auto F = std::make_unique<For>(SourceRange{Kw.Range.Begin, 0});
  {
    NewlineMode Mode(*this, true);
    while (true) {
      uint32_t Begin = peek().Range.Begin;
      NodePtr Spec = parseExpr();
      For::Binding B;
      if (auto *A = dynCast<Assign>(Spec.get()); A && A->Operator == "=") {
        B.Var = std::move(A->Lhs);
        B.Iter = std::move(A->Rhs);
      } else if (auto *C = dynCast<Call>(Spec.get());
                 C && C->Args.size() == 2 &&
                 dynCast<Identifier>(C->Callee.get()) &&
                 isOneOf(dynCast<Identifier>(C->Callee.get())->Name,
                         {"in", "∈"})) {
        B.Var = std::move(C->Args[0]);
        B.Iter = std::move(C->Args[1]);
      } else {
        if (!dynCast<ErrorNode>(Spec.get()))
          error(from(Begin), "expected `for x in iterable` or `for x = "
                             "iterable`");
        B.Var = std::make_unique<ErrorNode>(from(Begin));
        B.Iter = std::move(Spec);
      }
      if (!dynCast<Identifier>(B.Var.get()) && !dynCast<Tuple>(B.Var.get()) &&
          !dynCast<ErrorNode>(B.Var.get()))
        error(B.Var->Range, "a loop variable must be a name or a tuple of "
                            "names");
      F->Bindings.push_back(std::move(B));
      if (!peek().is(TokenKind::Comma))
        break;
      take();
      skipNewlines();
    }
  }
  F->Body = parseBlock();
  expectKeyword("end", Kw.Range, "for");
  F->Range = from(Kw.Range.Begin);
  return F;
}

bool Parser::toTypeParam(NodePtr E, TypeParam &Out) {
  Out.Range = E->Range;
  if (auto *I = dynCast<Identifier>(E.get())) {
    Out.Name = I->Name;
    return true;
  }
  if (auto *C = dynCast<Call>(E.get())) {
    auto *Op = dynCast<Identifier>(C->Callee.get());
    if (Op && Op->Name == "<:" && C->Args.size() == 2 &&
        dynCast<Identifier>(C->Args[0].get())) {
      Out.Name = dynCast<Identifier>(C->Args[0].get())->Name;
      Out.UpperBound = std::move(C->Args[1]);
      return true;
    }
  }
  if (!dynCast<ErrorNode>(E.get()))
    error(E->Range, "expected a type parameter `T` or `T<:Bound`");
  return false;
}

void Parser::parseWhere(std::vector<TypeParam> &Out) {
  if (peek().is(TokenKind::LBrace)) {
    take();
    for (NodePtr &E : parseArgList(TokenKind::RBrace, "`}`", false)) {
      TypeParam P;
      if (toTypeParam(std::move(E), P))
        Out.push_back(std::move(P));
    }
    return;
  }
  TypeParam P;
  if (toTypeParam(parseComparison(), P))
    Out.push_back(std::move(P));
}

std::vector<TypeParam> Parser::parseCurlyTypeParams() {
  std::vector<TypeParam> Params;
  if (!peek().is(TokenKind::LBrace) || peek().SpaceBefore)
    return Params;
  take();
  for (NodePtr &E : parseArgList(TokenKind::RBrace, "`}`", false)) {
    TypeParam P;
    if (toTypeParam(std::move(E), P))
      Params.push_back(std::move(P));
  }
  return Params;
}

NodePtr Parser::makeFunction(NodePtr Signature, std::vector<TypeParam> Where,
                             BlockPtr Body, bool ShortForm, uint32_t Begin) {
  auto F = std::make_unique<Function>(SourceRange{Begin, LastEnd});
  F->Where = std::move(Where);
  F->Body = std::move(Body);
  F->ShortForm = ShortForm;
  if (auto *R = dynCast<TypeAssert>(Signature.get()); R && R->Value) {
    F->ReturnType = std::move(R->Type);
    Signature = std::move(R->Value);
  }
  auto *C = dynCast<Call>(Signature.get());
  if (!C) {
    if (!dynCast<ErrorNode>(Signature.get()))
      error(Signature->Range, "expected a method signature such as `f(x::T)`");
    return std::make_unique<ErrorNode>(F->Range);
  }
  const Node *Callee = C->Callee.get();
  while (auto *FA = dynCast<FieldAccess>(Callee))
    Callee = FA->Base.get();
  if (!dynCast<Identifier>(Callee)) {
    if (dynCast<Curly>(C->Callee.get()))
      return error(C->Callee->Range,
                   "parametric constructors (`T{P}(...)`) are not supported");
    return error(C->Callee->Range, "cannot define a method for this name");
  }
  F->Name = std::move(C->Callee);
  for (NodePtr &Arg : C->Args) {
    Param P;
    P.Range = Arg->Range;
    if (auto *I = dynCast<Identifier>(Arg.get())) {
      P.Name = I->Name;
    } else if (auto *D = dynCast<TypeAssert>(Arg.get());
               D && (!D->Value || dynCast<Identifier>(D->Value.get()))) {
      if (D->Value)
        P.Name = dynCast<Identifier>(D->Value.get())->Name;
      P.Type = std::move(D->Type);
    } else {
      // Keyword arguments and defaults were reported by parseArgList.
      if (!dynCast<Assign>(Arg.get()) && !dynCast<ErrorNode>(Arg.get()))
        error(Arg->Range, "expected an argument `x`, `x::T` or `::T`");
      continue;
    }
    F->Params.push_back(std::move(P));
  }
  return F;
}

NodePtr Parser::parseFunction() {
  Token Kw = take();
  NodePtr Signature;
  std::vector<TypeParam> Where;
  {
    NewlineMode Mode(*this, true);
    uint32_t Begin = peek().Range.Begin;
    if (peek().is(TokenKind::Operator) && !peek().isOperator("::")) {
      // `function +(a, b)`: parseUnary reads the operator call form.
      Signature = parseUnary();
    } else {
      Signature = parseDecl(parsePostfix(parsePrimary(), Begin), Begin);
    }
    while (peek().isKeyword("where")) {
      take();
      parseWhere(Where);
    }
    if (dynCast<Identifier>(Signature.get()) && peek().isKeyword("end")) {
      take();
      return error(from(Kw.Range.Begin),
                   "function declarations without methods are not "
                   "supported");
    }
  }
  BlockPtr Body = parseBlock();
  expectKeyword("end", Kw.Range, "function");
  return makeFunction(std::move(Signature), std::move(Where), std::move(Body),
                      false, Kw.Range.Begin);
}

NodePtr Parser::parseStruct(bool Mutable, uint32_t Begin) {
  Token Kw = take(); // `struct`
  auto S = std::make_unique<Struct>(SourceRange{Begin, 0});
  S->Mutable = Mutable;
  {
    NewlineMode Mode(*this, true);
    if (!peek().is(TokenKind::Identifier)) {
      NodePtr E =
          errorAtPeek("expected a struct name, found " + describe(peek()));
      skipBlock();
      return E;
    }
    S->Name = take().Text;
    S->Params = parseCurlyTypeParams();
    if (peek().isOperator("<:")) {
      take();
      uint32_t SuperBegin = peek().Range.Begin;
      S->Super = parsePostfix(parsePrimary(), SuperBegin);
    }
  }
  BlockPtr Body = parseBlock();
  expectKeyword("end", Kw.Range, "struct");
  for (NodePtr &Stmt : Body->Stmts) {
    Struct::Field Field;
    Field.Range = Stmt->Range;
    if (auto *I = dynCast<Identifier>(Stmt.get())) {
      Field.Name = I->Name;
    } else if (auto *D = dynCast<TypeAssert>(Stmt.get());
               D && dynCast<Identifier>(D->Value.get())) {
      Field.Name = dynCast<Identifier>(D->Value.get())->Name;
      Field.Type = std::move(D->Type);
    } else if (dynCast<Function>(Stmt.get())) {
      error(Stmt->Range, "inner constructors are not supported; define an "
                         "outer constructor method");
      continue;
    } else {
      if (!dynCast<ErrorNode>(Stmt.get()))
        error(Stmt->Range, "expected a field `name` or `name::Type`");
      continue;
    }
    S->Fields.push_back(std::move(Field));
  }
  S->Range = from(Begin);
  return S;
}

NodePtr Parser::parseAbstractType() {
  Token Kw = take();
  if (!peek().isKeyword("type")) {
    NodePtr E = errorAtPeek("expected `type` after `abstract`");
    synchronize();
    return E;
  }
  take();
  auto A = std::make_unique<AbstractType>(SourceRange{Kw.Range.Begin, 0});
  NewlineMode Mode(*this, true);
  if (!peek().is(TokenKind::Identifier)) {
    NodePtr E = errorAtPeek("expected a type name, found " + describe(peek()));
    synchronize();
    return E;
  }
  A->Name = take().Text;
  A->Params = parseCurlyTypeParams();
  if (peek().isOperator("<:")) {
    take();
    uint32_t SuperBegin = peek().Range.Begin;
    A->Super = parsePostfix(parsePrimary(), SuperBegin);
  }
  skipNewlines();
  expectKeyword("end", Kw.Range, "abstract type");
  A->Range = from(Kw.Range.Begin);
  return A;
}

NodePtr Parser::parseTry() {
  Token Kw = take();
  auto T = std::make_unique<Try>(SourceRange{Kw.Range.Begin, 0});
  T->Body = parseBlock();
  if (peek().isKeyword("catch")) {
    take();
    NewlineMode Mode(*this, true);
    if (peek().is(TokenKind::Identifier))
      T->CatchVar = take().Text;
    T->CatchBody = parseBlock();
  }
  if (peek().isKeyword("finally")) {
    take();
    T->FinallyBody = parseBlock();
  }
  if (!T->CatchBody && !T->FinallyBody && peek().isKeyword("end"))
    error(Kw.Range, "`try` without `catch` or `finally`");
  expectKeyword("end", Kw.Range, "try");
  T->Range = from(Kw.Range.Begin);
  return T;
}

NodePtr Parser::parseReturn() {
  Token Kw = take();
  auto R = std::make_unique<Return>(Kw.Range);
  NewlineMode Mode(*this, true);
  if (!atStatementEnd() && !peek().is(TokenKind::RParen))
    R->Value = parseExprWithTuple();
  R->Range = from(Kw.Range.Begin);
  return R;
}

NodePtr Parser::parseConst() {
  Token Kw = take();
  NodePtr Value = parseExprWithTuple();
  auto *A = dynCast<Assign>(Value.get());
  if (!A || A->Operator != "=") {
    if (!dynCast<ErrorNode>(Value.get()))
      error(Value->Range, "expected `const name = value`");
    return std::make_unique<ErrorNode>(from(Kw.Range.Begin));
  }
  auto C = std::make_unique<Const>(from(Kw.Range.Begin));
  C->Value = std::move(Value);
  return C;
}

NodePtr Parser::parseScopeDecl() {
  Token Kw = take();
  auto D = std::make_unique<ScopeDecl>(SourceRange{Kw.Range.Begin, 0});
  D->Global = Kw.Text == "global";
  while (true) {
    NodePtr Item = parseExpr();
    auto *A = dynCast<Assign>(Item.get());
    if (!dynCast<Identifier>(Item.get()) &&
        !(A && dynCast<Identifier>(A->Lhs.get())) &&
        !dynCast<ErrorNode>(Item.get()))
      error(Item->Range,
            "expected a name or `name = value` after `" + Kw.Text + "`");
    D->Items.push_back(std::move(Item));
    if (!peek().is(TokenKind::Comma))
      break;
    take();
  }
  D->Range = from(Kw.Range.Begin);
  return D;
}

} // namespace

BlockPtr parseFile(const Source &Src, Diagnostics &Diags) {
  BlockPtr Tree = Parser(Src, Diags).parseTopLevel();
  Diags.sortByPosition();
  return Tree;
}

} // namespace jlremote::frontend
