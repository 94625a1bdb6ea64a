#include "compiler/frontend/ast_dump.h"

namespace jlremote::frontend {

namespace {

std::string quote(std::string_view Text, char Delimiter) {
  std::string Out(1, Delimiter);
  for (char C : Text) {
    switch (C) {
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    case '\\':
      Out += "\\\\";
      break;
    default:
      if (C == Delimiter || C == '$') {
        Out += '\\';
        Out += C;
      } else if (static_cast<unsigned char>(C) < 0x20 || C == 0x7F) {
        static const char Hex[] = "0123456789abcdef";
        Out += "\\x";
        Out += Hex[(C >> 4) & 0xF];
        Out += Hex[C & 0xF];
      } else {
        Out += C;
      }
    }
  }
  Out += Delimiter;
  return Out;
}

std::string charSpelling(uint32_t C) {
  std::string Utf8;
  if (C < 0x80) {
    Utf8 += static_cast<char>(C);
  } else if (C < 0x800) {
    Utf8 += static_cast<char>(0xC0 | (C >> 6));
    Utf8 += static_cast<char>(0x80 | (C & 0x3F));
  } else if (C < 0x10000) {
    Utf8 += static_cast<char>(0xE0 | (C >> 12));
    Utf8 += static_cast<char>(0x80 | ((C >> 6) & 0x3F));
    Utf8 += static_cast<char>(0x80 | (C & 0x3F));
  } else {
    Utf8 += static_cast<char>(0xF0 | (C >> 18));
    Utf8 += static_cast<char>(0x80 | ((C >> 12) & 0x3F));
    Utf8 += static_cast<char>(0x80 | ((C >> 6) & 0x3F));
    Utf8 += static_cast<char>(0x80 | (C & 0x3F));
  }
  return quote(Utf8, '\'');
}

class Dumper {
public:
  explicit Dumper(const Source *Src) : Src(Src) {}

  void node(const Node &N, unsigned Indent);
  std::string Out;

private:
  void position(SourceRange R) {
    if (!Src)
      return;
    LineColumn B = Src->lineColumn(R.Begin), E = Src->lineColumn(R.End);
    Out += "@" + std::to_string(B.Line) + ":" + std::to_string(B.Column) + "-" +
           std::to_string(E.Line) + ":" + std::to_string(E.Column);
  }
  void open(const char *Head, const Node &N) {
    Out += '(';
    Out += Head;
    position(N.Range);
  }
  void child(const Node *N, unsigned Indent) {
    Out += ' ';
    if (N)
      node(*N, Indent);
    else
      Out += "nothing";
  }
  void block(const Block &B, unsigned Indent) {
    Out += "(block";
    position(B.Range);
    for (const NodePtr &S : B.Stmts) {
      Out += '\n' + std::string(Indent + 2, ' ');
      node(*S, Indent + 2);
    }
    Out += ')';
  }
  void blockChild(const Block *B, unsigned Indent) {
    Out += '\n' + std::string(Indent + 2, ' ');
    if (B)
      block(*B, Indent + 2);
    else
      Out += "nothing";
  }
  void typeParams(const char *Head, const std::vector<TypeParam> &Params,
                  unsigned Indent) {
    Out += " (";
    Out += Head;
    for (const TypeParam &P : Params) {
      Out += ' ';
      if (!P.UpperBound) {
        Out += P.Name;
        continue;
      }
      Out += "(<: " + P.Name;
      child(P.UpperBound.get(), Indent);
      Out += ')';
    }
    Out += ')';
  }
  const Source *Src;
};

void Dumper::node(const Node &N, unsigned Indent) {
  switch (N.Kind) {
  case NodeKind::IntLiteral:
    Out += static_cast<const IntLiteral &>(N).Spelling;
    position(N.Range);
    return;
  case NodeKind::FloatLiteral:
    Out += static_cast<const FloatLiteral &>(N).Spelling;
    position(N.Range);
    return;
  case NodeKind::BoolLiteral:
    Out += static_cast<const BoolLiteral &>(N).Value ? "true" : "false";
    position(N.Range);
    return;
  case NodeKind::CharLiteral:
    Out += charSpelling(static_cast<const CharLiteral &>(N).Value);
    position(N.Range);
    return;
  case NodeKind::StringLiteral: {
    const auto &S = static_cast<const StringLiteral &>(N);
    if (S.Pieces.size() <= 1 && (S.Pieces.empty() || !S.Pieces[0].Expr)) {
      Out += quote(S.Pieces.empty() ? "" : S.Pieces[0].Text, '"');
      position(N.Range);
      return;
    }
    open("string", N);
    for (const StringLiteral::Piece &P : S.Pieces) {
      if (P.Expr) {
        child(P.Expr.get(), Indent);
      } else {
        Out += ' ';
        Out += quote(P.Text, '"');
      }
    }
    Out += ')';
    return;
  }
  case NodeKind::Identifier:
    Out += static_cast<const Identifier &>(N).Name;
    position(N.Range);
    return;
  case NodeKind::Call: {
    const auto &C = static_cast<const Call &>(N);
    open("call", N);
    child(C.Callee.get(), Indent);
    for (const NodePtr &A : C.Args)
      child(A.get(), Indent);
    break;
  }
  case NodeKind::Comparison: {
    const auto &C = static_cast<const Comparison &>(N);
    open("comparison", N);
    for (size_t I = 0; I < C.Operands.size(); ++I) {
      if (I > 0)
        Out += " " + C.Operators[I - 1];
      child(C.Operands[I].get(), Indent);
    }
    break;
  }
  case NodeKind::Logical: {
    const auto &L = static_cast<const Logical &>(N);
    open(L.Operator.c_str(), N);
    child(L.Lhs.get(), Indent);
    child(L.Rhs.get(), Indent);
    break;
  }
  case NodeKind::Ternary: {
    const auto &T = static_cast<const Ternary &>(N);
    open("?", N);
    child(T.Cond.get(), Indent);
    child(T.Then.get(), Indent);
    child(T.Else.get(), Indent);
    break;
  }
  case NodeKind::Assign: {
    const auto &A = static_cast<const Assign &>(N);
    open(A.Operator.c_str(), N);
    child(A.Lhs.get(), Indent);
    child(A.Rhs.get(), Indent);
    break;
  }
  case NodeKind::Tuple:
  case NodeKind::Vect: {
    const auto &Elements = N.Kind == NodeKind::Tuple
                               ? static_cast<const Tuple &>(N).Elements
                               : static_cast<const Vect &>(N).Elements;
    open(N.Kind == NodeKind::Tuple ? "tuple" : "vect", N);
    for (const NodePtr &E : Elements)
      child(E.get(), Indent);
    break;
  }
  case NodeKind::Index: {
    const auto &I = static_cast<const Index &>(N);
    open("ref", N);
    child(I.Base.get(), Indent);
    for (const NodePtr &A : I.Indices)
      child(A.get(), Indent);
    break;
  }
  case NodeKind::FieldAccess: {
    const auto &F = static_cast<const FieldAccess &>(N);
    open(".", N);
    child(F.Base.get(), Indent);
    Out += " " + F.Field;
    break;
  }
  case NodeKind::Curly: {
    const auto &C = static_cast<const Curly &>(N);
    open("curly", N);
    child(C.Base.get(), Indent);
    for (const NodePtr &A : C.Args)
      child(A.get(), Indent);
    break;
  }
  case NodeKind::TypeAssert: {
    const auto &T = static_cast<const TypeAssert &>(N);
    open("::", N);
    if (T.Value)
      child(T.Value.get(), Indent);
    child(T.Type.get(), Indent);
    break;
  }
  case NodeKind::MacroCall: {
    const auto &M = static_cast<const MacroCall &>(N);
    open("macrocall", N);
    Out += " @" + M.Name;
    for (const NodePtr &A : M.Args)
      child(A.get(), Indent);
    break;
  }
  case NodeKind::Block:
    block(static_cast<const Block &>(N), Indent);
    return;
  case NodeKind::If: {
    const auto &I = static_cast<const If &>(N);
    open("if", N);
    for (size_t B = 0; B < I.Branches.size(); ++B) {
      if (B > 0)
        Out += "\n" + std::string(Indent + 2, ' ') + "elseif";
      child(I.Branches[B].Cond.get(), Indent);
      blockChild(I.Branches[B].Body.get(), Indent);
    }
    if (I.Else) {
      Out += "\n" + std::string(Indent + 2, ' ') + "else";
      blockChild(I.Else.get(), Indent);
    }
    break;
  }
  case NodeKind::While: {
    const auto &W = static_cast<const While &>(N);
    open("while", N);
    child(W.Cond.get(), Indent);
    blockChild(W.Body.get(), Indent);
    break;
  }
  case NodeKind::For: {
    const auto &F = static_cast<const For &>(N);
    open("for", N);
    for (const For::Binding &B : F.Bindings) {
      Out += " (in";
      child(B.Var.get(), Indent);
      child(B.Iter.get(), Indent);
      Out += ')';
    }
    blockChild(F.Body.get(), Indent);
    break;
  }
  case NodeKind::Break:
    open("break", N);
    break;
  case NodeKind::Continue:
    open("continue", N);
    break;
  case NodeKind::Return: {
    open("return", N);
    if (const Node *V = static_cast<const Return &>(N).Value.get())
      child(V, Indent);
    break;
  }
  case NodeKind::Try: {
    const auto &T = static_cast<const Try &>(N);
    open("try", N);
    blockChild(T.Body.get(), Indent);
    if (T.CatchBody) {
      Out += "\n" + std::string(Indent + 2, ' ') + "catch " +
             (T.CatchVar.empty() ? "_" : T.CatchVar);
      blockChild(T.CatchBody.get(), Indent);
    }
    if (T.FinallyBody) {
      Out += "\n" + std::string(Indent + 2, ' ') + "finally";
      blockChild(T.FinallyBody.get(), Indent);
    }
    break;
  }
  case NodeKind::Function: {
    const auto &F = static_cast<const Function &>(N);
    open(F.ShortForm ? "function=" : "function", N);
    child(F.Name.get(), Indent);
    Out += " (params";
    for (const Param &P : F.Params) {
      Out += ' ';
      if (!P.Type) {
        Out += P.Name;
        continue;
      }
      Out += "(::";
      if (!P.Name.empty())
        Out += " " + P.Name;
      child(P.Type.get(), Indent);
      Out += ')';
    }
    Out += ')';
    if (!F.Where.empty())
      typeParams("where", F.Where, Indent);
    if (F.ReturnType) {
      Out += " (returns";
      child(F.ReturnType.get(), Indent);
      Out += ')';
    }
    blockChild(F.Body.get(), Indent);
    break;
  }
  case NodeKind::Struct: {
    const auto &S = static_cast<const Struct &>(N);
    open(S.Mutable ? "mutable-struct" : "struct", N);
    Out += " " + S.Name;
    if (!S.Params.empty())
      typeParams("params", S.Params, Indent);
    if (S.Super) {
      Out += " (<:";
      child(S.Super.get(), Indent);
      Out += ')';
    }
    for (const Struct::Field &F : S.Fields) {
      Out += "\n" + std::string(Indent + 2, ' ');
      if (!F.Type) {
        Out += F.Name;
        continue;
      }
      Out += "(:: " + F.Name;
      child(F.Type.get(), Indent);
      Out += ')';
    }
    break;
  }
  case NodeKind::AbstractType: {
    const auto &A = static_cast<const AbstractType &>(N);
    open("abstract", N);
    Out += " " + A.Name;
    if (!A.Params.empty())
      typeParams("params", A.Params, Indent);
    if (A.Super) {
      Out += " (<:";
      child(A.Super.get(), Indent);
      Out += ')';
    }
    break;
  }
  case NodeKind::Const:
    open("const", N);
    child(static_cast<const Const &>(N).Value.get(), Indent);
    break;
  case NodeKind::ScopeDecl: {
    const auto &D = static_cast<const ScopeDecl &>(N);
    open(D.Global ? "global" : "local", N);
    for (const NodePtr &I : D.Items)
      child(I.get(), Indent);
    break;
  }
  case NodeKind::Error:
    open("error", N);
    break;
  }
  Out += ')';
}

} // namespace

std::string dumpAst(const Node &Root, const Source *Src) {
  Dumper D(Src);
  D.node(Root, 0);
  D.Out += '\n';
  return D.Out;
}

} // namespace jlremote::frontend
