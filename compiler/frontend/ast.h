// The syntax tree of the Julia subset. Every node carries its source range;
// nodes own their children. Forms follow Julia's own parse (`a + b` is a call
// of `+`, `a < b ≤ c` one comparison node, `f(x) = e` a method definition),
// so later stages can follow Julia's lowering rules.
#ifndef JLREMOTE_COMPILER_FRONTEND_AST_H
#define JLREMOTE_COMPILER_FRONTEND_AST_H

#include "compiler/frontend/source.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace jlremote::frontend {

enum class NodeKind {
  // Expressions
  IntLiteral,
  FloatLiteral,
  BoolLiteral,
  CharLiteral,
  StringLiteral,
  Identifier,
  Call,
  Comparison,
  Logical,
  Ternary,
  Assign,
  Tuple,
  Vect,
  Index,
  FieldAccess,
  Curly,
  TypeAssert,
  MacroCall,
  // Blocks and control flow (expressions too, as in Julia)
  Block,
  If,
  While,
  For,
  Break,
  Continue,
  Return,
  Try,
  // Definitions
  Function,
  Struct,
  AbstractType,
  Const,
  ScopeDecl,
  // Placeholder left where a syntax error was reported.
  Error,
};

struct Node {
  Node(NodeKind Kind, SourceRange Range) : Kind(Kind), Range(Range) {}
  virtual ~Node() = default;
  Node(const Node &) = delete;
  Node &operator=(const Node &) = delete;

  const NodeKind Kind;
  SourceRange Range;
};

using NodePtr = std::unique_ptr<Node>;

/// Checked downcasts in the style of llvm::dyn_cast: each node type names its
/// kind as `static constexpr NodeKind ClassKind`.
template <typename T> T *dynCast(Node *N) {
  return N && N->Kind == T::ClassKind ? static_cast<T *>(N) : nullptr;
}
template <typename T> const T *dynCast(const Node *N) {
  return N && N->Kind == T::ClassKind ? static_cast<const T *>(N) : nullptr;
}

template <NodeKind K> struct NodeOf : Node {
  static constexpr NodeKind ClassKind = K;
  explicit NodeOf(SourceRange Range) : Node(K, Range) {}
};

/// An integer literal. The magnitude and radix are kept because Julia types
/// literals by them (`0xff` is UInt8; decimal literals too big for Int are
/// Int64). A leading `-` folded in by the parser sets Negative.
struct IntLiteral : NodeOf<NodeKind::IntLiteral> {
  using NodeOf::NodeOf;
  std::string Spelling;
  uint64_t Magnitude = 0;
  unsigned Radix = 10;
  bool Negative = false;
};

struct FloatLiteral : NodeOf<NodeKind::FloatLiteral> {
  using NodeOf::NodeOf;
  std::string Spelling;
  double Value = 0;
  bool IsFloat32 = false;
};

struct BoolLiteral : NodeOf<NodeKind::BoolLiteral> {
  using NodeOf::NodeOf;
  bool Value = false;
};

struct CharLiteral : NodeOf<NodeKind::CharLiteral> {
  using NodeOf::NodeOf;
  uint32_t Value = 0;
};

/// A string with its interpolations: each piece is literal text or an
/// expression (exactly one of the two is set).
struct StringLiteral : NodeOf<NodeKind::StringLiteral> {
  using NodeOf::NodeOf;
  struct Piece {
    std::string Text;
    NodePtr Expr;
  };
  std::vector<Piece> Pieces;
};

/// A name, including operator names used as values (`+` in `+(a, b)`).
struct Identifier : NodeOf<NodeKind::Identifier> {
  using NodeOf::NodeOf;
  std::string Name;
};

/// A call; operators are calls of their function (`a + b` is `+(a, b)`,
/// `a:b` is `(:)(a, b)`, `2x` is `*(2, x)`).
struct Call : NodeOf<NodeKind::Call> {
  using NodeOf::NodeOf;
  NodePtr Callee;
  std::vector<NodePtr> Args;
};

/// A chained comparison `a < b ≤ c` (three or more operands; two operands
/// are a plain Call, as in Julia).
struct Comparison : NodeOf<NodeKind::Comparison> {
  using NodeOf::NodeOf;
  std::vector<NodePtr> Operands;
  std::vector<std::string> Operators;
};

/// `&&` or `||` (short-circuit, not calls).
struct Logical : NodeOf<NodeKind::Logical> {
  using NodeOf::NodeOf;
  std::string Operator;
  NodePtr Lhs, Rhs;
};

struct Ternary : NodeOf<NodeKind::Ternary> {
  using NodeOf::NodeOf;
  NodePtr Cond, Then, Else;
};

/// `=` or an updating operator (`+=`, `÷=`, ...; Operator holds it). The left
/// side is a name, `a[i]`, `p.x`, or a Tuple for destructuring.
struct Assign : NodeOf<NodeKind::Assign> {
  using NodeOf::NodeOf;
  std::string Operator;
  NodePtr Lhs, Rhs;
};

struct Tuple : NodeOf<NodeKind::Tuple> {
  using NodeOf::NodeOf;
  std::vector<NodePtr> Elements;
};

/// A vector literal `[a, b, c]`.
struct Vect : NodeOf<NodeKind::Vect> {
  using NodeOf::NodeOf;
  std::vector<NodePtr> Elements;
};

/// `a[i, j]`; `end` inside the brackets is an Identifier named "end" and a
/// bare `:` one named ":".
struct Index : NodeOf<NodeKind::Index> {
  using NodeOf::NodeOf;
  NodePtr Base;
  std::vector<NodePtr> Indices;
};

/// `p.x`, also module-qualified names (`Base.getindex`, `Base.:+`).
struct FieldAccess : NodeOf<NodeKind::FieldAccess> {
  using NodeOf::NodeOf;
  NodePtr Base;
  std::string Field;
  SourceRange FieldRange;
};

/// `Ptr{Int}`, `Point{Float64}`.
struct Curly : NodeOf<NodeKind::Curly> {
  using NodeOf::NodeOf;
  NodePtr Base;
  std::vector<NodePtr> Args;
};

/// `x::T`.
struct TypeAssert : NodeOf<NodeKind::TypeAssert> {
  using NodeOf::NodeOf;
  NodePtr Value, Type;
};

/// `@inbounds e`, `@assert c "msg"`, ... (only the subset's macros parse).
struct MacroCall : NodeOf<NodeKind::MacroCall> {
  using NodeOf::NodeOf;
  std::string Name;
  std::vector<NodePtr> Args;
};

struct Block : NodeOf<NodeKind::Block> {
  using NodeOf::NodeOf;
  std::vector<NodePtr> Stmts;
};

using BlockPtr = std::unique_ptr<Block>;

struct If : NodeOf<NodeKind::If> {
  using NodeOf::NodeOf;
  struct Branch {
    NodePtr Cond;
    BlockPtr Body;
  };
  std::vector<Branch> Branches; // `if`, then each `elseif`
  BlockPtr Else;                // null without `else`
};

struct While : NodeOf<NodeKind::While> {
  using NodeOf::NodeOf;
  NodePtr Cond;
  BlockPtr Body;
};

/// `for i in a:b`, `for i = a:s:b`, `for (i, x) in ...`; several bindings
/// (`for i in 1:n, j in 1:m`) nest, the first outermost.
struct For : NodeOf<NodeKind::For> {
  using NodeOf::NodeOf;
  struct Binding {
    NodePtr Var;
    NodePtr Iter;
  };
  std::vector<Binding> Bindings;
  BlockPtr Body;
};

struct Break : NodeOf<NodeKind::Break> {
  using NodeOf::NodeOf;
};

struct Continue : NodeOf<NodeKind::Continue> {
  using NodeOf::NodeOf;
};

struct Return : NodeOf<NodeKind::Return> {
  using NodeOf::NodeOf;
  NodePtr Value; // null for a bare `return` (returns nothing)
};

struct Try : NodeOf<NodeKind::Try> {
  using NodeOf::NodeOf;
  BlockPtr Body;
  std::string CatchVar; // empty: none
  BlockPtr CatchBody;   // null without `catch`
  BlockPtr FinallyBody; // null without `finally`
};

/// A type parameter `T` or `T<:Real` (of a `where` clause or a struct).
struct TypeParam {
  std::string Name;
  NodePtr UpperBound; // null: Any
  SourceRange Range;
};

/// A method argument `x`, `x::T` or `::T`.
struct Param {
  std::string Name; // empty for `::T`
  NodePtr Type;     // null: Any
  SourceRange Range;
};

/// A method definition, long (`function f(x) ... end`) or short
/// (`f(x) = ...`) form. Name is an Identifier or a FieldAccess chain
/// (`Base.getindex`).
struct Function : NodeOf<NodeKind::Function> {
  using NodeOf::NodeOf;
  NodePtr Name;
  std::vector<Param> Params;
  std::vector<TypeParam> Where;
  NodePtr ReturnType; // null: not annotated
  BlockPtr Body;
  bool ShortForm = false;
};

struct Struct : NodeOf<NodeKind::Struct> {
  using NodeOf::NodeOf;
  struct Field {
    std::string Name;
    NodePtr Type; // null: Any
    SourceRange Range;
  };
  bool Mutable = false;
  std::string Name;
  std::vector<TypeParam> Params;
  NodePtr Super; // null: Any
  std::vector<Field> Fields;
};

struct AbstractType : NodeOf<NodeKind::AbstractType> {
  using NodeOf::NodeOf;
  std::string Name;
  std::vector<TypeParam> Params;
  NodePtr Super;
};

/// `const X = e` (Value is the Assign).
struct Const : NodeOf<NodeKind::Const> {
  using NodeOf::NodeOf;
  NodePtr Value;
};

/// `global x`, `local y = 0` (each item a name or an Assign).
struct ScopeDecl : NodeOf<NodeKind::ScopeDecl> {
  using NodeOf::NodeOf;
  bool Global = false;
  std::vector<NodePtr> Items;
};

struct ErrorNode : NodeOf<NodeKind::Error> {
  using NodeOf::NodeOf;
};

} // namespace jlremote::frontend

#endif
