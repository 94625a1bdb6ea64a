// Inference and emission share one walker over the syntax tree (Lowerer):
// in inference mode it only computes types, joining each variable's
// assignments and each specialisation's returns until nothing changes; in
// emission mode it reads those final types, emits IR and reports problems
// (reporting only then, so that no fixpoint round repeats a diagnostic).
#include "compiler/lower/lower.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <set>

using namespace llvm;
using namespace jlremote::frontend;

namespace jlremote::lower {
namespace {

struct TypeInfo {
  uint32_t Bit;
  const char *Name;
  unsigned Bits;
  bool Signed, Float;
};

constexpr TypeInfo Types[] = {
    {BoolBit, "Bool", 1, false, false},
    {Int8Bit, "Int8", 8, true, false},
    {Int16Bit, "Int16", 16, true, false},
    {Int32Bit, "Int32", 32, true, false},
    {Int64Bit, "Int64", 64, true, false},
    {UInt8Bit, "UInt8", 8, false, false},
    {UInt16Bit, "UInt16", 16, false, false},
    {UInt32Bit, "UInt32", 32, false, false},
    {UInt64Bit, "UInt64", 64, false, false},
    {Float32Bit, "Float32", 32, true, true},
    {Float64Bit, "Float64", 64, true, true},
    {CharBit, "Char", 32, false, false},
    {NothingBit, "Nothing", 0, false, false},
};

constexpr uint32_t SignedMask = Int8Bit | Int16Bit | Int32Bit | Int64Bit;
constexpr uint32_t UnsignedMask = UInt8Bit | UInt16Bit | UInt32Bit | UInt64Bit;
constexpr uint32_t IntMask = SignedMask | UnsignedMask;
constexpr uint32_t FloatMask = Float32Bit | Float64Bit;
constexpr uint32_t AnyMask =
    BoolBit | IntMask | FloatMask | NothingBit | CharBit;

const TypeInfo &info(JType T) {
  for (const TypeInfo &I : Types)
    if (I.Bit == T.Mask)
      return I;
  return Types[std::size(Types) - 1];
}

bool isInt(JType T) { return T.isConcrete() && (T.Mask & IntMask); }
bool isFloat(JType T) { return T.isConcrete() && (T.Mask & FloatMask); }
bool isNumber(JType T) { return isInt(T) || isFloat(T); }
bool isSigned(JType T) { return T.Mask & SignedMask; }
JType bits(uint32_t Mask) { return JType(Mask); }
const JType ErrorT{ErrorBit}, BoolT{BoolBit}, NothingT{NothingBit},
    Float64T{Float64Bit}, Float32T{Float32Bit};

// promote_type for two numbers other than Bool: floats win (the wider one),
// then the wider integer, and between equal widths the unsigned one.
JType promote(JType A, JType B) {
  if (A == B)
    return A;
  if (isFloat(A) || isFloat(B)) {
    if (isFloat(A) && isFloat(B))
      return info(A).Bits > info(B).Bits ? A : B;
    return isFloat(A) ? A : B;
  }
  if (info(A).Bits != info(B).Bits)
    return info(A).Bits > info(B).Bits ? A : B;
  return isSigned(A) ? B : A;
}

std::optional<JType> typeByName(StringRef Name, JType IntT) {
  for (const TypeInfo &I : Types)
    if (Name == I.Name)
      return bits(I.Bit);
  if (Name == "Int")
    return IntT;
  if (Name == "UInt")
    return bits(IntT == bits(Int32Bit) ? UInt32Bit : UInt64Bit);
  return std::nullopt;
}

} // namespace

JType JType::join(const JType &O) const {
  JType R(Mask | O.Mask, Nodes);
  for (const TypeNode *N : O.Nodes)
    R.Nodes.push_back(N);
  std::sort(R.Nodes.begin(), R.Nodes.end());
  R.Nodes.erase(std::unique(R.Nodes.begin(), R.Nodes.end()), R.Nodes.end());
  return R;
}

const TypeNode *TypeNode::get(Kind K, std::string Name,
                              std::vector<JType> Parameters,
                              std::vector<JType> Fields,
                              std::vector<std::string> FieldNames,
                              bool Mutable) {
  // Interned for the life of the process: a type is its node's address.
  static std::deque<TypeNode> Pool;
  for (const TypeNode &N : Pool)
    if (N.TheKind == K && N.Name == Name && N.Parameters == Parameters &&
        N.Fields == Fields && N.FieldNames == FieldNames &&
        N.Mutable == Mutable)
      return &N;
  Pool.push_back(TypeNode{K, std::move(Name), std::move(Parameters),
                          std::move(Fields), std::move(FieldNames), Mutable});
  return &Pool.back();
}

namespace {

std::string nodeName(const TypeNode &N) {
  auto List = [](const std::vector<JType> &Ts) {
    std::string S;
    for (size_t K = 0; K < Ts.size(); ++K)
      S += (K ? ", " : "") + typeName(Ts[K]);
    return S;
  };
  switch (N.TheKind) {
  case TypeNode::Kind::Tuple:
    return "Tuple{" + List(N.Fields) + "}";
  case TypeNode::Kind::Struct:
    return N.Parameters.empty() ? N.Name
                                : N.Name + "{" + List(N.Parameters) + "}";
  case TypeNode::Kind::Ptr:
    return "Ptr{" + List(N.Parameters) + "}";
  case TypeNode::Kind::UnitRange:
    return "UnitRange{" + List(N.Parameters) + "}";
  case TypeNode::Kind::StepRange:
    return "StepRange{" + List(N.Parameters) + "}";
  case TypeNode::Kind::Vector:
    return "Vector{" + List(N.Parameters) + "}";
  }
  return "?";
}

} // namespace

std::string typeName(const JType &T) {
  if (T.isError())
    return "<error>";
  std::vector<std::string> Names;
  for (const TypeInfo &I : Types)
    if (T.Mask & I.Bit)
      Names.push_back(I.Name);
  for (const TypeNode *N : T.Nodes)
    Names.push_back(nodeName(*N));
  if (Names.size() == 1)
    return Names[0];
  std::sort(Names.begin(), Names.end());
  std::string S = "Union{";
  for (size_t K = 0; K < Names.size(); ++K)
    S += (K ? ", " : "") + Names[K];
  return S + "}";
}

namespace {

std::string signature(StringRef Name, const std::vector<JType> &Args) {
  std::string S = Name.str() + "(";
  for (size_t K = 0; K < Args.size(); ++K)
    S += (K ? ", ::" : "::") + typeName(Args[K]);
  return S + ")";
}

struct Method {
  std::string Name;
  std::vector<std::string> ParamNames;
  std::vector<JType> ParamTypes; // sets of admissible concrete types
  std::vector<const Node *> Body;
  SourceRange Range;
  bool TopLevel = false;
  // The variables local to each loop body (Julia's scope rules: a name
  // assigned in a loop is local to it unless an enclosing scope has it;
  // a `for` variable is always new).
  std::map<const Node *, std::vector<std::string>> LoopLocals;
  std::set<std::string> Locals; // the function scope's variables
};

struct Spec {
  Method *M;
  std::vector<JType> Args;
  std::string Symbol;
  JType Ret;
  std::map<std::string, JType> Vars;
  std::set<std::string> ErrorVars; // assigned an erroneous value
  std::vector<std::string> Callees;
  llvm::Function *F = nullptr;
};

// A value during lowering: its type and, when emitting, its IR value (null
// for `nothing`, errors and inference).
struct TV {
  JType T;
  Value *V = nullptr;
};

} // namespace

struct ModuleBuilder::Impl {
  Impl(const Block &Program, const compiler::TargetSpec &Target,
       LLVMContext &Ctx, Diagnostics &Diags)
      : Ctx(Ctx), Diags(Diags),
        IntT(Triple(Target.Triple).isArch32Bit() ? Int32Bit : Int64Bit) {
    Mod = std::make_unique<Module>("jlremote", Ctx);
    Mod->setTargetTriple(Target.Triple);
    // Line tables only: positions for profiles, traps and stepping.
    Mod->addModuleFlag(Module::Warning, "Debug Info Version",
                       DEBUG_METADATA_VERSION);
    Mod->addModuleFlag(Module::Warning, "Dwarf Version", 4);
    DIB = std::make_unique<DIBuilder>(*Mod);
    File = DIB->createFile(Diags.source().name(), ".");
    DIB->createCompileUnit(dwarf::DW_LANG_Julia, File, "jlremote", true, "", 0,
                           "", DICompileUnit::LineTablesOnly);
    collect(Program);
  }

  void collect(const Block &Program);
  std::optional<JType> annotation(const Node *T);
  Spec *getSpec(Method *M, const std::vector<JType> &Args);
  // The most specific applicable method, or null with Error set.
  Method *dispatch(StringRef Name, const std::vector<JType> &Args,
                   std::string &Error);
  void inferAll();
  LoweredModule build();

  Type *llvmType(JType T) {
    const TypeInfo &I = info(T);
    if (T == NothingT)
      return Type::getVoidTy(Ctx);
    if (I.Float)
      return I.Bits == 32 ? Type::getFloatTy(Ctx) : Type::getDoubleTy(Ctx);
    return Type::getIntNTy(Ctx, I.Bits);
  }

  LLVMContext &Ctx;
  std::unique_ptr<DIBuilder> DIB;
  DIFile *File = nullptr;
  Diagnostics &Diags;
  JType IntT;
  std::unique_ptr<Module> Mod;
  std::map<std::string, std::vector<Method>> Methods;
  std::optional<Method> TopLevel;
  std::deque<Spec> Specs;
  std::map<std::pair<const Method *, std::vector<JType>>, Spec *> SpecByKey;
  std::set<std::string> Symbols;
};

namespace {

// Names assigned directly in N's scope; the loops nested in N are collected
// instead of walked.
void assignedIn(const Node *N, std::set<std::string> &Names,
                std::vector<const Node *> &Loops) {
  if (!N)
    return;
  auto Walk = [&](const Node *C) { assignedIn(C, Names, Loops); };
  switch (N->Kind) {
  case NodeKind::While:
  case NodeKind::For:
    Loops.push_back(N);
    return;
  case NodeKind::Assign: {
    auto *A = static_cast<const Assign *>(N);
    if (auto *Id = dynCast<Identifier>(A->Lhs.get()))
      Names.insert(Id->Name);
    return Walk(A->Rhs.get());
  }
  case NodeKind::Call:
    for (const NodePtr &A : static_cast<const Call *>(N)->Args)
      Walk(A.get());
    return;
  case NodeKind::Comparison:
    for (const NodePtr &A : static_cast<const Comparison *>(N)->Operands)
      Walk(A.get());
    return;
  case NodeKind::Logical:
    Walk(static_cast<const Logical *>(N)->Lhs.get());
    return Walk(static_cast<const Logical *>(N)->Rhs.get());
  case NodeKind::Ternary: {
    auto *T = static_cast<const Ternary *>(N);
    Walk(T->Cond.get());
    Walk(T->Then.get());
    return Walk(T->Else.get());
  }
  case NodeKind::Block:
    for (const NodePtr &C : static_cast<const Block *>(N)->Stmts)
      Walk(C.get());
    return;
  case NodeKind::If: {
    auto *I = static_cast<const If *>(N);
    for (const If::Branch &Br : I->Branches) {
      Walk(Br.Cond.get());
      Walk(Br.Body.get());
    }
    return Walk(I->Else.get());
  }
  case NodeKind::Return:
    return Walk(static_cast<const Return *>(N)->Value.get());
  case NodeKind::MacroCall:
    for (const NodePtr &A : static_cast<const MacroCall *>(N)->Args)
      Walk(A.get());
    return;
  default:
    return;
  }
}

void scopeLoop(const Node *L, std::set<std::string> Visible, Method &M) {
  std::set<std::string> Assigned;
  std::vector<const Node *> Inner;
  std::vector<std::string> Locals;
  if (auto *W = dynCast<While>(L)) {
    assignedIn(W->Body.get(), Assigned, Inner);
  } else {
    auto *F = static_cast<const For *>(L);
    for (const For::Binding &Bd : F->Bindings)
      if (auto *Id = dynCast<Identifier>(Bd.Var.get()))
        Locals.push_back(Id->Name);
    assignedIn(F->Body.get(), Assigned, Inner);
  }
  for (const std::string &N : Assigned)
    if (!Visible.count(N) &&
        std::find(Locals.begin(), Locals.end(), N) == Locals.end())
      Locals.push_back(N);
  Visible.insert(Locals.begin(), Locals.end());
  M.LoopLocals[L] = Locals;
  for (const Node *C : Inner)
    scopeLoop(C, Visible, M);
}

void scopeMethod(Method &M) {
  std::set<std::string> Visible(M.ParamNames.begin(), M.ParamNames.end());
  std::vector<const Node *> Loops;
  for (const Node *N : M.Body)
    assignedIn(N, Visible, Loops);
  for (const Node *L : Loops)
    scopeLoop(L, Visible, M);
  M.Locals = std::move(Visible);
}

const char *unsupportedName(NodeKind K) {
  switch (K) {
  case NodeKind::CharLiteral:
    return "`Char` values";
  case NodeKind::StringLiteral:
    return "strings";
  case NodeKind::Tuple:
    return "tuples";
  case NodeKind::Vect:
    return "arrays";
  case NodeKind::Index:
    return "indexing";
  case NodeKind::FieldAccess:
    return "field access";
  case NodeKind::Curly:
    return "parametric types";
  case NodeKind::TypeAssert:
    return "type assertions";
  case NodeKind::Try:
    return "`try`";
  case NodeKind::Function:
    return "nested function definitions";
  case NodeKind::Struct:
    return "`struct` definitions";
  case NodeKind::AbstractType:
    return "abstract types";
  case NodeKind::Const:
    return "`const` declarations";
  case NodeKind::ScopeDecl:
    return "`global`/`local` declarations";
  default:
    return "this construct";
  }
}

const frontend::Function *asFunction(const Node *N) {
  if (auto *F = dynCast<frontend::Function>(N))
    return F;
  // `@inline` and `@noinline` only advise LLVM's inliner.
  if (auto *MC = dynCast<MacroCall>(N))
    if ((MC->Name == "inline" || MC->Name == "noinline") &&
        MC->Args.size() == 1)
      return dynCast<frontend::Function>(MC->Args[0].get());
  return nullptr;
}

// One walk over one specialisation's body, in inference or emission mode.
class Lowerer {
public:
  Lowerer(ModuleBuilder::Impl &I, Spec &S, bool Emit)
      : I(I), S(S), Emit(Emit), B(I.Ctx) {}

  void infer();
  void emit();

private:
  TV eval(const Node *N, bool Want);
  TV evalNode(const Node *N, bool Want);
  TV evalBlock(const std::vector<const Node *> &Stmts, bool Want);
  TV evalIdentifier(const Identifier *Id);
  TV evalIntLiteral(const IntLiteral *L);
  TV evalCall(const Call *C);
  TV evalUnsafeTrunc(const Call *C);
  TV callFunction(StringRef Name, std::vector<TV> Args, SourceRange Range,
                  const Call *Syntax = nullptr);
  std::optional<TV> builtin(StringRef Name, std::vector<TV> &Args,
                            SourceRange Range, const Call *Syntax);
  TV arith(StringRef Op, TV A, TV Bv, SourceRange Range, const Call *Syntax);
  TV compare(StringRef Op, TV A, TV Bv, SourceRange Range);
  TV convertChecked(TV X, JType To, SourceRange Range);
  TV evalComparison(const Comparison *C);
  TV evalLogical(const Logical *L, bool Want);
  TV evalIf(const If *N, bool Want);
  TV evalTernary(const Ternary *N, bool Want);
  TV evalWhile(const While *N);
  TV evalFor(const For *N, size_t Binding);
  TV evalAssign(const Assign *A);
  TV evalReturn(const Return *R);
  TV assignVar(const std::string &Name, TV Value, SourceRange Range);
  TV condition(const Node *N);

  struct Incoming {
    BasicBlock *BB;
    TV V;
  };
  // Branches on a condition; one that failed to lower (already diagnosed)
  // goes to the false side, so the IR stays well formed.
  void branchOn(const TV &C, BasicBlock *IfTrue, BasicBlock *IfFalse) {
    if (C.V)
      B.CreateCondBr(C.V, IfTrue, IfFalse);
    else
      B.CreateBr(IfFalse);
  }
  // One arm of a join (if, ?:, &&, ||) reaches Merge with V: recorded as
  // is while inferring; while emitting, an arm that has not returned
  // branches to Merge and becomes an incoming edge of its phi.
  void arriveAt(std::vector<Incoming> &In, TV V, BasicBlock *Merge) {
    if (!Emit)
      In.push_back({nullptr, V});
    else if (!terminated()) {
      In.push_back({B.GetInsertBlock(), V});
      B.CreateBr(Merge);
    }
  }
  TV merge(std::vector<Incoming> &In, SourceRange Range, bool Want,
           const char *What);

  TV error(SourceRange Range, const std::string &Message) {
    if (Emit)
      I.Diags.error(Range, Message);
    return {ErrorT};
  }
  TV unsupported(SourceRange Range, const std::string &What) {
    return error(Range, What + " are not supported yet");
  }
  bool terminated() { return B.GetInsertBlock()->getTerminator() != nullptr; }
  BasicBlock *newBlock(const char *Name) {
    return BasicBlock::Create(I.Ctx, Name, F);
  }
  // Code after a `return`/`break`/`continue` goes to a block without
  // predecessors.
  void startDeadBlock() { B.SetInsertPoint(newBlock("dead")); }
  Value *cast(Value *V, JType From, JType To);
  TV castTV(TV X, JType To) {
    return {To, Emit ? cast(X.V, X.T, To) : nullptr};
  }
  void trapIf(Value *Cond);
  Value *constant(JType T, double FloatValue, uint64_t IntValue);
  void emitReturn(TV V);

  ModuleBuilder::Impl &I;
  Spec &S;
  bool Emit;
  IRBuilder<> B;
  llvm::Function *F = nullptr;
  std::map<std::string, AllocaInst *> Slots;
  std::set<std::string> ReportedVars;
  // Innermost last: a loop-local name → its unique name in S.Vars.
  std::vector<std::map<std::string, std::string>> Scopes;
  std::string resolve(const std::string &Name) const {
    for (auto It = Scopes.rbegin(); It != Scopes.rend(); ++It) {
      auto Found = It->find(Name);
      if (Found != It->end())
        return Found->second;
    }
    return Name;
  }
  void pushScope(const Node *Loop) {
    std::map<std::string, std::string> Scope;
    for (const std::string &Name : S.M->LoopLocals[Loop])
      Scope[Name] = Name + "@" + std::to_string(Loop->Range.Begin);
    Scopes.push_back(std::move(Scope));
  }
  static std::string displayName(const std::string &Name) {
    return Name.substr(0, Name.find('@'));
  }
  struct Loop {
    BasicBlock *Continue, *Break;
  };
  std::vector<Loop> Loops;
};

void Lowerer::infer() {
  // Variables keep their joined types across rounds, so one walk per round
  // sees the types loop back edges bring.
  for (size_t K = 0; K < S.Args.size(); ++K)
    S.Vars[S.M->ParamNames[K]] = S.Vars[S.M->ParamNames[K]].join(S.Args[K]);
  TV Last = evalBlock(S.M->Body, !S.M->TopLevel);
  S.Ret = S.M->TopLevel ? NothingT : S.Ret.join(Last.T);
}

void Lowerer::emit() {
  F = S.F;
  B.SetInsertPoint(BasicBlock::Create(I.Ctx, "entry", F));
  // Zeroed, so that a path reading a variable before any assignment (an
  // UndefVarError in Julia) reads a defined value, not undef.
  for (auto &[Name, T] : S.Vars)
    if (T.isConcrete() && T != NothingT) {
      Slots[Name] = B.CreateAlloca(I.llvmType(T), nullptr, displayName(Name));
      B.CreateStore(Constant::getNullValue(I.llvmType(T)), Slots[Name]);
    }
  for (size_t K = 0; K < S.Args.size(); ++K)
    if (AllocaInst *Slot = Slots[S.M->ParamNames[K]])
      if (S.Vars[S.M->ParamNames[K]] == S.Args[K])
        B.CreateStore(F->getArg(K), Slot);
  TV Last = evalBlock(S.M->Body, !S.M->TopLevel);
  if (!terminated()) {
    if (pred_empty(B.GetInsertBlock()) &&
        B.GetInsertBlock() != &F->getEntryBlock())
      B.CreateUnreachable();
    else
      emitReturn(S.M->TopLevel ? TV{NothingT} : Last);
  }
  for (BasicBlock &BB : *F)
    if (!BB.getTerminator()) {
      B.SetInsertPoint(&BB);
      B.CreateUnreachable();
    }
  removeUnreachableBlocks(*F);
}

void Lowerer::emitReturn(TV V) {
  if (!Emit)
    return;
  if (S.Ret.isConcrete() && V.T == S.Ret) {
    if (S.Ret == NothingT)
      B.CreateRetVoid();
    else
      B.CreateRet(V.V);
  } else {
    // Only after a reported error (the return type or this value).
    B.CreateUnreachable();
  }
}

TV Lowerer::evalBlock(const std::vector<const Node *> &Stmts, bool Want) {
  TV Last{NothingT};
  for (size_t K = 0; K < Stmts.size(); ++K)
    Last = eval(Stmts[K], Want && K + 1 == Stmts.size());
  return Last;
}

static std::vector<const Node *> stmts(const Block *Blk) {
  std::vector<const Node *> R;
  if (Blk)
    for (const NodePtr &N : Blk->Stmts)
      R.push_back(N.get());
  return R;
}

TV Lowerer::eval(const Node *N, bool Want) {
  if (!Emit)
    return evalNode(N, Want);
  // Each instruction carries the position of the innermost expression that
  // made it: children restore their parent's location when done.
  DebugLoc Outer = B.getCurrentDebugLocation();
  LineColumn LC = I.Diags.source().lineColumn(N->Range.Begin);
  B.SetCurrentDebugLocation(
      DILocation::get(I.Ctx, LC.Line, LC.Column, F->getSubprogram()));
  TV R = evalNode(N, Want);
  B.SetCurrentDebugLocation(Outer);
  return R;
}

TV Lowerer::evalNode(const Node *N, bool Want) {
  switch (N->Kind) {
  case NodeKind::IntLiteral:
    return evalIntLiteral(static_cast<const IntLiteral *>(N));
  case NodeKind::FloatLiteral: {
    auto *L = static_cast<const FloatLiteral *>(N);
    if (!L->IsFloat32)
      return {Float64T,
              Emit ? ConstantFP::get(B.getDoubleTy(), L->Value) : nullptr};
    // Parse the spelling as a float: rounding through double could round
    // twice.
    std::string Sp;
    for (char C : L->Spelling)
      if (C != '_')
        Sp += (C == 'f') ? 'e' : C;
    char *End = nullptr;
    float V = std::strtof(Sp.c_str(), &End);
    if (End != Sp.c_str() + Sp.size())
      V = static_cast<float>(L->Value);
    return {Float32T, Emit ? ConstantFP::get(B.getFloatTy(), V) : nullptr};
  }
  case NodeKind::BoolLiteral:
    return {BoolT, Emit ? B.getInt1(static_cast<const BoolLiteral *>(N)->Value)
                        : nullptr};
  case NodeKind::Identifier:
    return evalIdentifier(static_cast<const Identifier *>(N));
  case NodeKind::Call:
    return evalCall(static_cast<const Call *>(N));
  case NodeKind::Comparison:
    return evalComparison(static_cast<const Comparison *>(N));
  case NodeKind::Logical:
    return evalLogical(static_cast<const Logical *>(N), Want);
  case NodeKind::Ternary:
    return evalTernary(static_cast<const Ternary *>(N), Want);
  case NodeKind::Assign:
    return evalAssign(static_cast<const Assign *>(N));
  case NodeKind::Block:
    return evalBlock(stmts(static_cast<const Block *>(N)), Want);
  case NodeKind::If:
    return evalIf(static_cast<const If *>(N), Want);
  case NodeKind::While:
    return evalWhile(static_cast<const While *>(N));
  case NodeKind::For: {
    auto *Fr = static_cast<const For *>(N);
    return Fr->Bindings.empty() ? TV{NothingT} : evalFor(Fr, 0);
  }
  case NodeKind::Break:
  case NodeKind::Continue: {
    bool IsBreak = N->Kind == NodeKind::Break;
    if (Loops.empty())
      return error(N->Range, IsBreak ? "`break` outside a loop"
                                     : "`continue` outside a loop");
    if (Emit) {
      B.CreateBr(IsBreak ? Loops.back().Break : Loops.back().Continue);
      startDeadBlock();
    }
    return {JType{}};
  }
  case NodeKind::Return:
    return evalReturn(static_cast<const Return *>(N));
  case NodeKind::MacroCall: {
    auto *MC = static_cast<const MacroCall *>(N);
    if ((MC->Name == "inbounds" || MC->Name == "inline" ||
         MC->Name == "noinline") &&
        MC->Args.size() == 1)
      return eval(MC->Args[0].get(), Want);
    return error(N->Range, "`@" + MC->Name + "` is not supported yet");
  }
  case NodeKind::Error:
    return {ErrorT}; // reported by the parser
  default:
    return unsupported(N->Range, unsupportedName(N->Kind));
  }
}

TV Lowerer::evalIntLiteral(const IntLiteral *L) {
  uint64_t Mag = L->Magnitude;
  JType T;
  if (L->Radix == 10) {
    // A decimal literal is Int, or Int64 when too big for a 32-bit Int.
    if (Mag <=
        static_cast<uint64_t>(I.IntT == bits(Int32Bit) ? INT32_MAX : INT64_MAX))
      T = I.IntT;
    else if (Mag <= INT64_MAX)
      T = bits(Int64Bit);
    else
      return error(L->Range, "integer literals wider than 64 bits are not "
                             "supported yet");
  } else {
    // Hex, octal and binary literals are unsigned, sized by their digits
    // (leading zeros count) and by their value.
    unsigned PerDigit = L->Radix == 16 ? 4 : L->Radix == 8 ? 3 : 1;
    unsigned Digits = 0;
    for (size_t K = 2; K < L->Spelling.size(); ++K)
      Digits += isxdigit(static_cast<unsigned char>(L->Spelling[K])) != 0;
    size_t Pos = L->Spelling.find('0');
    if (Pos != std::string::npos && Pos > 0) // a folded `-` precedes 0x
      Digits -= static_cast<unsigned>(Pos);
    unsigned Needed = std::max<unsigned>(
        Digits ? (Digits - 1) * PerDigit + 1 : 1, 64 - countl_zero(Mag));
    T = bits(Needed <= 8    ? UInt8Bit
             : Needed <= 16 ? UInt16Bit
             : Needed <= 32 ? UInt32Bit
                            : UInt64Bit);
    if (Needed > 64)
      return error(L->Range, "integer literals wider than 64 bits are not "
                             "supported yet");
  }
  uint64_t V = L->Negative ? 0 - Mag : Mag;
  return {T, Emit ? ConstantInt::get(I.llvmType(T), V) : nullptr};
}

TV Lowerer::evalIdentifier(const Identifier *Id) {
  const std::string Name = resolve(Id->Name);
  auto Var = S.Vars.find(Name);
  if (Var != S.Vars.end()) {
    JType T = Var->second;
    if (!Emit)
      return {T.isConcrete() || T.isBottom() ? T : ErrorT};
    if (T.isBottom() && !S.ErrorVars.count(Name))
      return error(Id->Range, "`" + Id->Name +
                                  "` is used before it is "
                                  "assigned (UndefVarError)");
    if (!T.isConcrete())
      return {ErrorT}; // reported at its assignment
    if (T == NothingT)
      return {T};
    return {T, B.CreateLoad(I.llvmType(T), Slots[Name], Id->Name)};
  }
  if (Name == "nothing")
    return {NothingT};
  if (Name == "Inf" || Name == "Inf64" || Name == "NaN" || Name == "NaN64" ||
      Name == "Inf32" || Name == "NaN32") {
    JType T = Name.find("32") != std::string::npos ? Float32T : Float64T;
    double V = Name[0] == 'I' ? HUGE_VAL : std::nan("");
    return {T, Emit ? ConstantFP::get(I.llvmType(T), V) : nullptr};
  }
  // Inference sees a variable before the walk reaches its first assignment
  // (a loop's back edge); emission knows every assignment.
  if (!Emit && (Name != Id->Name || S.M->Locals.count(Name)))
    return {JType{}};
  return error(Id->Range,
               "`" + Id->Name + "` is not defined or not supported yet");
}

TV Lowerer::condition(const Node *N) {
  TV C = eval(N, true);
  if (C.T.isError() || C.T.isBottom() || C.T == BoolT)
    return C;
  return error(N->Range,
               "non-boolean (" + typeName(C.T) + ") used in boolean context");
}

TV Lowerer::merge(std::vector<Incoming> &In, SourceRange Range, bool Want,
                  const char *What) {
  if (!Want)
    return {NothingT};
  JType T;
  for (Incoming &X : In)
    T = T.join(X.V.T);
  if (T.isBottom() || T.isError())
    return {T};
  if (!T.isConcrete())
    return error(Range, std::string("the value of this ") + What + " is " +
                            typeName(T) +
                            ": type-unstable code is not supported yet");
  if (!Emit || T == NothingT)
    return {T};
  PHINode *Phi = B.CreatePHI(I.llvmType(T), In.size());
  // A value-less incoming comes from dead code after a `return`/`break`.
  for (Incoming &X : In)
    Phi->addIncoming(X.V.V ? X.V.V : PoisonValue::get(Phi->getType()), X.BB);
  return {T, Phi};
}

TV Lowerer::evalIf(const If *N, bool Want) {
  std::vector<Incoming> In;
  BasicBlock *Merge = Emit ? newBlock("if.end") : nullptr;
  bool HasElse = N->Else != nullptr;
  for (const If::Branch &Br : N->Branches) {
    TV C = condition(Br.Cond.get());
    BasicBlock *Then = nullptr, *Next = nullptr;
    if (Emit) {
      Then = newBlock("if.then");
      Next = newBlock("if.next");
      branchOn(C, Then, Next);
      B.SetInsertPoint(Then);
    }
    TV V = evalBlock(stmts(Br.Body.get()), Want);
    arriveAt(In, V, Merge);
    if (Emit)
      B.SetInsertPoint(Next);
  }
  TV V = HasElse ? evalBlock(stmts(N->Else.get()), Want) : TV{NothingT};
  arriveAt(In, V, Merge);
  if (Emit)
    B.SetInsertPoint(Merge);
  return merge(In, N->Range, Want, "`if`");
}

TV Lowerer::evalTernary(const Ternary *N, bool Want) {
  std::vector<Incoming> In;
  TV C = condition(N->Cond.get());
  BasicBlock *Then = nullptr, *Else = nullptr, *Merge = nullptr;
  if (Emit) {
    Then = newBlock("tern.then");
    Else = newBlock("tern.else");
    Merge = newBlock("tern.end");
    branchOn(C, Then, Else);
    B.SetInsertPoint(Then);
  }
  for (const Node *Arm : {N->Then.get(), N->Else.get()}) {
    arriveAt(In, eval(Arm, Want), Merge);
    if (Emit)
      B.SetInsertPoint(Arm == N->Then.get() ? Else : Merge);
  }
  return merge(In, N->Range, Want, "`?:`");
}

TV Lowerer::evalLogical(const Logical *L, bool Want) {
  bool IsAnd = L->Operator == "&&";
  TV A = condition(L->Lhs.get());
  std::vector<Incoming> In;
  BasicBlock *Rhs = nullptr, *Merge = nullptr;
  if (Emit) {
    Rhs = newBlock("sc.rhs");
    Merge = newBlock("sc.end");
    if (A.V) {
      In.push_back({B.GetInsertBlock(), {BoolT, B.getInt1(!IsAnd)}});
      B.CreateCondBr(A.V, IsAnd ? Rhs : Merge, IsAnd ? Merge : Rhs);
    } else {
      B.CreateUnreachable();
    }
    B.SetInsertPoint(Rhs);
  } else {
    In.push_back({nullptr, {BoolT}});
  }
  TV V = eval(L->Rhs.get(), Want);
  if (Want && !V.T.isBottom() && !V.T.isError() && V.T != BoolT)
    V = error(L->Rhs->Range, "`" + L->Operator +
                                 "` with a right operand of type " +
                                 typeName(V.T) + " is not supported yet");
  arriveAt(In, V, Merge);
  if (Emit)
    B.SetInsertPoint(Merge);
  if (!Want)
    return {NothingT};
  if (Emit && !V.T.isBottom() && !V.V)
    return {ErrorT};
  return merge(In, L->Range, Want, "`&&`/`||`");
}

TV Lowerer::evalComparison(const Comparison *C) {
  // `a < b < c` is `a < b && b < c` with b evaluated once.
  std::vector<Incoming> In;
  BasicBlock *Merge = Emit ? newBlock("cmp.end") : nullptr;
  TV Lhs = eval(C->Operands[0].get(), true);
  for (size_t K = 0; K < C->Operators.size(); ++K) {
    TV Rhs = eval(C->Operands[K + 1].get(), true);
    TV R = callFunction(C->Operators[K], {Lhs, Rhs}, C->Range);
    if (!R.T.isError() && !R.T.isBottom() && R.T != BoolT)
      R = error(C->Range,
                "non-boolean (" + typeName(R.T) + ") used in boolean context");
    if (!Emit) {
      if (R.T.isError())
        return R;
    } else if (!R.V) {
      B.CreateBr(Merge);
      startDeadBlock();
      return {ErrorT};
    } else if (K + 1 < C->Operators.size()) {
      BasicBlock *Next = newBlock("cmp.next");
      In.push_back({B.GetInsertBlock(), {BoolT, B.getFalse()}});
      B.CreateCondBr(R.V, Next, Merge);
      B.SetInsertPoint(Next);
    } else {
      In.push_back({B.GetInsertBlock(), R});
      B.CreateBr(Merge);
    }
    Lhs = Rhs;
  }
  if (!Emit)
    return {BoolT};
  B.SetInsertPoint(Merge);
  return merge(In, C->Range, true, "comparison");
}

TV Lowerer::evalWhile(const While *N) {
  BasicBlock *Cond = nullptr, *Body = nullptr, *Exit = nullptr;
  if (Emit) {
    Cond = newBlock("while.cond");
    Body = newBlock("while.body");
    Exit = newBlock("while.end");
    B.CreateBr(Cond);
    B.SetInsertPoint(Cond);
  }
  TV C = condition(N->Cond.get());
  if (Emit) {
    branchOn(C, Body, Exit);
    B.SetInsertPoint(Body);
  }
  Loops.push_back({Cond, Exit});
  pushScope(N);
  evalBlock(stmts(N->Body.get()), false);
  Scopes.pop_back();
  Loops.pop_back();
  if (Emit) {
    if (!terminated())
      B.CreateBr(Cond);
    B.SetInsertPoint(Exit);
  }
  return {NothingT};
}

TV Lowerer::evalFor(const For *N, size_t Binding) {
  const For::Binding &Bd = N->Bindings[Binding];
  auto *Var = dynCast<Identifier>(Bd.Var.get());
  if (!Var)
    return unsupported(Bd.Var->Range, "destructuring `for` variables");
  auto *Range = dynCast<Call>(Bd.Iter.get());
  bool Reversed = false; // reverse(a:b) is b:-1:a
  if (auto *Rev = Range ? dynCast<Identifier>(Range->Callee.get()) : nullptr;
      Rev && Rev->Name == "reverse" && Range->Args.size() == 1) {
    Range = dynCast<Call>(Range->Args[0].get());
    Reversed = true;
  }
  auto *Colon = Range ? dynCast<Identifier>(Range->Callee.get()) : nullptr;
  if (!Colon || Colon->Name != ":" ||
      (Range->Args.size() != 2 && (Reversed || Range->Args.size() != 3)))
    return error(Bd.Iter->Range,
                 "iterating over anything but `a:b`, `a:s:b` or "
                 "`reverse(a:b)` is not supported yet");
  std::vector<TV> Parts;
  JType T;
  bool Unknown = false; // inference has not reached a part's type yet
  for (const NodePtr &A : Range->Args) {
    TV P = eval(A.get(), true);
    if (P.T.isError())
      return {ErrorT};
    if (P.T.isBottom())
      Unknown = true;
    else if (!isInt(P.T))
      return error(A->Range,
                   "ranges of " + typeName(P.T) + " are not supported yet");
    else
      T = T.isBottom() ? P.T : promote(T, P.T);
    Parts.push_back(P);
  }
  if (Unknown)
    T = JType{};
  else if (Reversed && !isSigned(T))
    return unsupported(Bd.Iter->Range, "reversed unsigned ranges");
  // The range is evaluated outside the loop's scope, the variable inside.
  if (Binding == 0)
    pushScope(N);
  auto PopScope = [&] {
    if (Binding == 0)
      Scopes.pop_back();
  };
  std::string VarName = resolve(Var->Name);
  if (!Emit) {
    assignVar(VarName, {T}, Var->Range);
    Loops.push_back({nullptr, nullptr});
    if (Binding + 1 < N->Bindings.size())
      evalFor(N, Binding + 1);
    else
      evalBlock(stmts(N->Body.get()), false);
    Loops.pop_back();
    PopScope();
    return {NothingT};
  }
  if (T.isBottom()) {
    PopScope();
    return {ErrorT};
  }
  for (TV &P : Parts)
    P.V = cast(P.V, P.T, T);
  Value *Start = Parts.front().V, *Stop = Parts.back().V;
  bool Signed = isSigned(T);
  bool HasStep = Parts.size() == 3 || Reversed;
  Value *Step = Parts.size() == 3 ? Parts[1].V : constant(T, 0, 1);
  if (Reversed) {
    std::swap(Start, Stop);
    Step = constant(T, 0, ~0ull);
  }
  Value *NonEmpty, *Last;
  auto Le = [&](Value *X, Value *Y) {
    return Signed ? B.CreateICmpSLE(X, Y) : B.CreateICmpULE(X, Y);
  };
  if (!HasStep) {
    NonEmpty = Le(Start, Stop);
    Last = Stop;
  } else {
    // StepRange's last element: stop moved back to the start's grid, the
    // distance taken unsigned so that it cannot overflow.
    Value *Zero = ConstantInt::get(Step->getType(), 0);
    trapIf(B.CreateICmpEQ(Step, Zero)); // ArgumentError: step cannot be zero
    Value *Up = Signed ? B.CreateICmpSGT(Step, Zero) : B.getTrue();
    NonEmpty = B.CreateSelect(Up, Le(Start, Stop), Le(Stop, Start));
    Value *Dist =
        B.CreateSelect(Up, B.CreateSub(Stop, Start), B.CreateSub(Start, Stop));
    Value *AbsStep = B.CreateSelect(Up, Step, B.CreateNeg(Step));
    Value *Rem = B.CreateURem(Dist, AbsStep);
    Last = B.CreateSelect(Up, B.CreateSub(Stop, Rem), B.CreateAdd(Stop, Rem));
  }
  // A hidden counter: assigning the loop variable in the body does not
  // change the iteration, as in Julia.
  IRBuilder<> EntryB(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *Counter = EntryB.CreateAlloca(I.llvmType(T), nullptr, "iter");
  BasicBlock *Body = newBlock("for.body"), *Latch = newBlock("for.latch"),
             *Exit = newBlock("for.end");
  B.CreateStore(Start, Counter);
  B.CreateCondBr(NonEmpty, Body, Exit);
  B.SetInsertPoint(Body);
  assignVar(VarName, {T, B.CreateLoad(I.llvmType(T), Counter)}, Var->Range);
  Loops.push_back({Latch, Exit});
  if (Binding + 1 < N->Bindings.size())
    evalFor(N, Binding + 1);
  else
    evalBlock(stmts(N->Body.get()), false);
  Loops.pop_back();
  if (!terminated())
    B.CreateBr(Latch);
  B.SetInsertPoint(Latch);
  Value *Cur = B.CreateLoad(I.llvmType(T), Counter);
  BasicBlock *Inc = newBlock("for.inc");
  B.CreateCondBr(B.CreateICmpEQ(Cur, Last), Exit, Inc);
  B.SetInsertPoint(Inc);
  B.CreateStore(B.CreateAdd(Cur, Step), Counter);
  B.CreateBr(Body);
  B.SetInsertPoint(Exit);
  PopScope();
  return {NothingT};
}

TV Lowerer::assignVar(const std::string &Name, TV Value, SourceRange Range) {
  if (!Emit) {
    // An erroneous value leaves the type alone: a variable whose own union
    // made its update erroneous must still be reported as that union.
    JType &T = S.Vars[Name];
    if (!Value.T.isError())
      T = T.join(Value.T);
    else
      S.ErrorVars.insert(Name);
    return Value;
  }
  JType T = S.Vars[Name];
  if (T.isError() || Value.T.isError())
    return {ErrorT};
  if (!T.isConcrete()) {
    if (ReportedVars.insert(Name).second)
      error(Range, "variable `" + displayName(Name) + "` is " + typeName(T) +
                       ": type-unstable code is not supported yet");
    return {ErrorT};
  }
  if (Value.V && Value.T == T)
    B.CreateStore(Value.V, Slots[Name]);
  return Value;
}

TV Lowerer::evalAssign(const Assign *A) {
  auto *Id = dynCast<Identifier>(A->Lhs.get());
  if (!Id)
    return unsupported(
        A->Lhs->Range,
        A->Lhs->Kind == NodeKind::Tuple ? "destructuring assignments"
        : A->Lhs->Kind == NodeKind::TypeAssert
            ? "typed variable declarations (`x::T = ...`)"
            : std::string("assignments to ") + unsupportedName(A->Lhs->Kind));
  TV Rhs = eval(A->Rhs.get(), true);
  if (A->Operator != "=") {
    TV Cur = evalIdentifier(Id);
    Rhs = callFunction(A->Operator.substr(0, A->Operator.size() - 1),
                       {Cur, Rhs}, A->Range);
  }
  return assignVar(resolve(Id->Name), Rhs, Id->Range);
}

TV Lowerer::evalReturn(const Return *R) {
  if (S.M->TopLevel)
    return error(R->Range, "`return` at top level is not supported yet");
  TV V = R->Value ? eval(R->Value.get(), true) : TV{NothingT};
  if (!Emit)
    S.Ret = S.Ret.join(V.T);
  else {
    if (!terminated())
      emitReturn(V);
    startDeadBlock();
  }
  return {JType{}};
}

TV Lowerer::evalCall(const Call *C) {
  auto *Callee = dynCast<Identifier>(C->Callee.get());
  if (!Callee)
    return unsupported(C->Callee->Range, std::string("calls of ") +
                                             unsupportedName(C->Callee->Kind));
  if (Callee->Name == ":")
    return unsupported(C->Range, "ranges outside `for`");
  if (Callee->Name == "unsafe_trunc" && C->Args.size() == 2)
    return evalUnsafeTrunc(C);
  // floor(T, x) and friends: round, then convert exactly (InexactError).
  if ((Callee->Name == "floor" || Callee->Name == "ceil" ||
       Callee->Name == "trunc" || Callee->Name == "round") &&
      C->Args.size() == 2)
    if (auto *TId = dynCast<Identifier>(C->Args[0].get()))
      if (std::optional<JType> To = typeByName(TId->Name, I.IntT)) {
        TV X = eval(C->Args[1].get(), true);
        TV Rounded = callFunction(Callee->Name, {X}, C->Range);
        if (Rounded.T.isError() || Rounded.T.isBottom())
          return Rounded;
        return convertChecked(Rounded, *To, C->Range);
      }
  std::vector<TV> Args;
  for (const NodePtr &A : C->Args)
    Args.push_back(eval(A.get(), true));
  return callFunction(Callee->Name, std::move(Args), C->Range, C);
}

// `unsafe_trunc(T, x)`: no InexactError; out-of-range floats saturate (Julia
// leaves the value unspecified), integers wrap.
TV Lowerer::evalUnsafeTrunc(const Call *C) {
  auto *TId = dynCast<Identifier>(C->Args[0].get());
  std::optional<JType> To =
      TId ? typeByName(TId->Name, I.IntT) : std::optional<JType>();
  if (!To || !isInt(*To))
    return unsupported(C->Args[0]->Range, "`unsafe_trunc` to this type");
  TV X = eval(C->Args[1].get(), true);
  if (X.T.isError() || X.T.isBottom())
    return X;
  if (!isNumber(X.T))
    return error(C->Range, "no method matching unsafe_trunc(::Type{" +
                               typeName(*To) + "}, ::" + typeName(X.T) + ")");
  if (!Emit)
    return {*To};
  if (isInt(X.T))
    return {*To, cast(X.V, X.T, *To)};
  return {*To, B.CreateIntrinsic(isSigned(*To) ? Intrinsic::fptosi_sat
                                               : Intrinsic::fptoui_sat,
                                 {I.llvmType(*To), X.V->getType()}, {X.V})};
}

TV Lowerer::callFunction(StringRef Name, std::vector<TV> Args,
                         SourceRange Range, const Call *Syntax) {
  std::vector<JType> Types;
  for (TV &A : Args) {
    if (A.T.isError())
      return {ErrorT};
    if (A.T.isBottom())
      return {Emit ? ErrorT : JType{}};
    Types.push_back(A.T);
  }
  std::string Why;
  if (Method *M = I.dispatch(Name, Types, Why)) {
    Spec *Callee = I.getSpec(M, Types);
    if (!Emit)
      return {Callee->Ret.isConcrete() || Callee->Ret.isBottom() ? Callee->Ret
                                                                 : ErrorT};
    if (std::find(S.Callees.begin(), S.Callees.end(), Callee->Symbol) ==
        S.Callees.end())
      S.Callees.push_back(Callee->Symbol);
    if (!Callee->Ret.isConcrete() || !Callee->F)
      return {ErrorT}; // reported at the callee
    std::vector<Value *> Vals;
    for (TV &A : Args)
      if (A.T == NothingT)
        return error(Range, "passing `nothing` is not supported yet");
      else
        Vals.push_back(A.V);
    return {Callee->Ret, B.CreateCall(Callee->F, Vals)};
  }
  bool HasMethods = I.Methods.count(Name.str()) != 0;
  if (!HasMethods || Why.find("ambiguous") == std::string::npos)
    if (std::optional<TV> R = builtin(Name, Args, Range, Syntax))
      return *R;
  if (HasMethods)
    return error(Range, Why);
  return error(Range,
               "`" + Name.str() + "` is not defined or not supported yet");
}

Value *Lowerer::cast(Value *V, JType From, JType To) {
  if (From == To)
    return V;
  Type *Ty = I.llvmType(To);
  const TypeInfo &FI = info(From), &TI = info(To);
  if (FI.Float && TI.Float)
    return TI.Bits > FI.Bits ? B.CreateFPExt(V, Ty) : B.CreateFPTrunc(V, Ty);
  if (TI.Float)
    return FI.Signed ? B.CreateSIToFP(V, Ty) : B.CreateUIToFP(V, Ty);
  if (FI.Float)
    return TI.Signed ? B.CreateFPToSI(V, Ty) : B.CreateFPToUI(V, Ty);
  return FI.Signed ? B.CreateSExtOrTrunc(V, Ty) : B.CreateZExtOrTrunc(V, Ty);
}

void Lowerer::trapIf(Value *Cond) {
  BasicBlock *Trap = newBlock("trap"), *Cont = newBlock("cont");
  B.CreateCondBr(Cond, Trap, Cont);
  B.SetInsertPoint(Trap);
  B.CreateIntrinsic(Intrinsic::trap, {}, {});
  B.CreateUnreachable();
  B.SetInsertPoint(Cont);
}

Value *Lowerer::constant(JType T, double FloatValue, uint64_t IntValue) {
  if (isFloat(T))
    return ConstantFP::get(I.llvmType(T), FloatValue);
  return ConstantInt::get(I.llvmType(T), IntValue);
}

// Conversions by constructor (`Int32(x)`, `Float64(x)`): exact or an
// InexactError, which traps until exceptions exist.
TV Lowerer::convertChecked(TV X, JType To, SourceRange Range) {
  if (X.T == To)
    return X;
  if (To == BoolT || X.T == BoolT || !isNumber(X.T))
    return error(Range, "conversion from " + typeName(X.T) + " to " +
                            typeName(To) + " is not supported yet");
  if (!Emit)
    return {To};
  const TypeInfo &FI = info(X.T), &TI = info(To);
  if (TI.Float)
    return {To, cast(X.V, X.T, To)};
  if (FI.Float) {
    double Lo = TI.Signed ? -std::ldexp(1.0, TI.Bits - 1) : 0.0;
    double Hi = std::ldexp(1.0, TI.Signed ? TI.Bits - 1 : TI.Bits);
    Value *InRange =
        B.CreateAnd(B.CreateFCmpOGE(X.V, ConstantFP::get(X.V->getType(), Lo)),
                    B.CreateFCmpOLT(X.V, ConstantFP::get(X.V->getType(), Hi)));
    Value *Whole =
        B.CreateFCmpOEQ(B.CreateUnaryIntrinsic(Intrinsic::trunc, X.V), X.V);
    trapIf(B.CreateNot(B.CreateAnd(InRange, Whole)));
    return {To, cast(X.V, X.T, To)};
  }
  Value *R = cast(X.V, X.T, To);
  Value *Ok = B.CreateICmpEQ(cast(R, To, X.T), X.V);
  if (FI.Signed && !TI.Signed)
    Ok = B.CreateAnd(Ok, B.CreateICmpSGE(X.V, constant(X.T, 0, 0)));
  if (!FI.Signed && TI.Signed)
    Ok = B.CreateAnd(Ok, B.CreateICmpSGE(R, constant(To, 0, 0)));
  trapIf(B.CreateNot(Ok));
  return {To, R};
}

std::optional<TV> Lowerer::builtin(StringRef Name, std::vector<TV> &Args,
                                   SourceRange Range, const Call *Syntax) {
  auto NoMethod = [&] {
    std::vector<JType> Ts;
    for (TV &A : Args)
      Ts.push_back(A.T);
    return error(Range, "no method matching " + signature(Name, Ts));
  };
  if (std::optional<JType> To = typeByName(Name, I.IntT)) {
    if (Args.size() != 1 || *To == NothingT)
      return NoMethod();
    return convertChecked(Args[0], *To, Range);
  }
  static const std::set<std::string> Binary = {
      "+",   "-", "*", "/", "÷", "div", "%",   "rem",
      "mod", "^", "&", "|", "⊻", "xor", "min", "max"};
  static const std::set<std::string> Comparisons = {
      "==", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥"};
  if (Comparisons.count(Name.str())) {
    if (Args.size() != 2)
      return NoMethod();
    return compare(Name, Args[0], Args[1], Range);
  }
  if (Binary.count(Name.str()) && Args.size() == 2)
    return arith(Name, Args[0], Args[1], Range, Syntax);
  static const std::set<std::string> Unary = {
      "!", "~", "-", "+", "sqrt", "abs", "floor", "ceil", "trunc", "round"};
  if (Args.size() != 1 || !Unary.count(Name.str()))
    return Binary.count(Name.str()) || Unary.count(Name.str())
               ? std::optional<TV>(NoMethod())
               : std::nullopt;
  TV X = Args[0];
  if (Name == "!") {
    if (X.T != BoolT)
      return NoMethod();
    return TV{BoolT, Emit ? B.CreateNot(X.V) : nullptr};
  }
  if (Name == "~") {
    if (!isInt(X.T) && X.T != BoolT)
      return NoMethod();
    return TV{X.T, Emit ? B.CreateNot(X.V) : nullptr};
  }
  if (Name == "-" || Name == "+") {
    if (X.T == BoolT) // -true is -1, +true is 1 (Int)
      X = castTV(X, I.IntT);
    if (!isNumber(X.T))
      return NoMethod();
    if (!Emit || Name == "+")
      return TV{X.T, X.V};
    return TV{X.T, isFloat(X.T) ? B.CreateFNeg(X.V) : B.CreateNeg(X.V)};
  }
  if (Name == "sqrt" || Name == "abs" || Name == "floor" || Name == "ceil" ||
      Name == "trunc" || Name == "round") {
    if (!isNumber(X.T))
      return NoMethod();
    if (isInt(X.T)) {
      if (Name == "sqrt") { // sqrt of an integer is a Float64
        X = convertChecked(X, Float64T, Range);
      } else if (Name == "abs") {
        if (!Emit || !isSigned(X.T))
          return X;
        // Wraps at typemin, as Julia's abs does.
        return TV{X.T, B.CreateSelect(B.CreateICmpSLT(X.V, constant(X.T, 0, 0)),
                                      B.CreateNeg(X.V), X.V)};
      } else {
        return X; // rounding an integer is the identity
      }
    }
    if (!Emit)
      return TV{X.T};
    if (Name == "sqrt") // DomainError for negative arguments
      trapIf(B.CreateFCmpOLT(X.V, constant(X.T, 0, 0)));
    Intrinsic::ID Id = Name == "sqrt"    ? Intrinsic::sqrt
                       : Name == "abs"   ? Intrinsic::fabs
                       : Name == "floor" ? Intrinsic::floor
                       : Name == "ceil"  ? Intrinsic::ceil
                       : Name == "trunc" ? Intrinsic::trunc
                                         : Intrinsic::roundeven;
    return TV{X.T, B.CreateUnaryIntrinsic(Id, X.V)};
  }
  return std::nullopt;
}

TV Lowerer::arith(StringRef Op, TV A, TV Bv, SourceRange Range,
                  const Call *Syntax) {
  if (A.T == BoolT && Bv.T == BoolT) {
    // Julia's Bool methods: `*` is `&`, `+ - /` go through Int and Float64.
    if (Op == "&" || Op == "|" || Op == "⊻" || Op == "xor" || Op == "*")
      return {BoolT, !Emit                      ? nullptr
                     : Op == "|"                ? B.CreateOr(A.V, Bv.V)
                     : Op == "⊻" || Op == "xor" ? B.CreateXor(A.V, Bv.V)
                                                : B.CreateAnd(A.V, Bv.V)};
    if (Op == "+" || Op == "-")
      return arith(Op, castTV(A, I.IntT), castTV(Bv, I.IntT), Range, Syntax);
    if (Op == "/")
      return arith(Op, castTV(A, Float64T), castTV(Bv, Float64T), Range,
                   Syntax);
    return unsupported(Range, "`" + Op.str() + "` on `Bool` values");
  }
  if (A.T == BoolT || Bv.T == BoolT) {
    // A Bool promotes to the other number's type, except in `*` with a
    // float (`false * NaN` is 0.0 in Julia) and `^`.
    JType Other = A.T == BoolT ? Bv.T : A.T;
    if (!isNumber(Other))
      return error(Range, "no method matching " +
                              signature(Op, std::vector<JType>{A.T, Bv.T}));
    if ((Op == "*" && isFloat(Other)) || Op == "^")
      return unsupported(Range, "`" + Op.str() + "` of `Bool` and " +
                                    typeName(Other) + " values");
    return arith(Op, castTV(A, Other), castTV(Bv, Other), Range, Syntax);
  }
  if (!isNumber(A.T) || !isNumber(Bv.T))
    return error(Range, "no method matching " +
                            signature(Op, std::vector<JType>{A.T, Bv.T}));
  if (Op == "^") {
    if (isInt(A.T) && isInt(Bv.T)) {
      if (!Emit)
        return {A.T};
      // Power by squaring; negative exponents are a DomainError in Julia.
      if (isSigned(Bv.T))
        trapIf(B.CreateICmpSLT(Bv.V, constant(Bv.T, 0, 0)));
      BasicBlock *Pre = B.GetInsertBlock(), *Head = newBlock("pow.head"),
                 *Body = newBlock("pow.body"), *Done = newBlock("pow.end");
      B.CreateBr(Head);
      B.SetInsertPoint(Head);
      PHINode *Acc = B.CreatePHI(A.V->getType(), 2);
      PHINode *Base = B.CreatePHI(A.V->getType(), 2);
      PHINode *N = B.CreatePHI(Bv.V->getType(), 2);
      Acc->addIncoming(constant(A.T, 0, 1), Pre);
      Base->addIncoming(A.V, Pre);
      N->addIncoming(Bv.V, Pre);
      B.CreateCondBr(B.CreateICmpEQ(N, constant(Bv.T, 0, 0)), Done, Body);
      B.SetInsertPoint(Body);
      Value *Odd = B.CreateTrunc(N, B.getInt1Ty());
      Acc->addIncoming(B.CreateSelect(Odd, B.CreateMul(Acc, Base), Acc), Body);
      Base->addIncoming(B.CreateMul(Base, Base), Body);
      N->addIncoming(B.CreateLShr(N, 1), Body);
      B.CreateBr(Head);
      B.SetInsertPoint(Done);
      return {A.T, Acc};
    }
    // Julia's literal_pow: x^2 is x*x, x^3 is x*x*x, x^-1 is inv(x).
    auto *Lit = Syntax && Syntax->Args.size() == 2
                    ? dynCast<IntLiteral>(Syntax->Args[1].get())
                    : nullptr;
    if (isFloat(A.T) && Lit && Lit->Magnitude <= 3 &&
        !(Lit->Negative && Lit->Magnitude > 1)) {
      if (!Emit)
        return {A.T};
      int P = Lit->Negative ? -static_cast<int>(Lit->Magnitude)
                            : static_cast<int>(Lit->Magnitude);
      Value *R = P == -1  ? B.CreateFDiv(constant(A.T, 1, 0), A.V)
                 : P == 0 ? constant(A.T, 1, 0)
                 : P == 1 ? A.V
                 : P == 2 ? B.CreateFMul(A.V, A.V)
                          : B.CreateFMul(B.CreateFMul(A.V, A.V), A.V);
      return {A.T, R};
    }
    // Otherwise through libm's pow in Float64 (within an ulp of Julia's).
    JType T = isFloat(A.T) ? A.T : promote(A.T, Bv.T);
    if (!Emit)
      return {T};
    Value *X = cast(A.V, A.T, Float64T), *Y = cast(Bv.V, Bv.T, Float64T);
    Value *R = B.CreateBinaryIntrinsic(Intrinsic::pow, X, Y);
    return {T, cast(R, Float64T, T)};
  }
  JType T = promote(A.T, Bv.T);
  bool Float = isFloat(T);
  bool IntOnly = Op == "&" || Op == "|" || Op == "⊻" || Op == "xor" ||
                 Op == "÷" || Op == "div" || Op == "mod";
  if (Float && IntOnly)
    return unsupported(Range, "`" + Op.str() + "` on floating-point values");
  if (Op == "/" && !Float)
    T = Float64T; // integer division by `/` is Float64
  if (!Emit)
    return {T};
  Value *X = cast(A.V, A.T, T), *Y = cast(Bv.V, Bv.T, T);
  bool Signed = isSigned(T);
  if (Op == "+")
    return {T, Float ? B.CreateFAdd(X, Y) : B.CreateAdd(X, Y)};
  if (Op == "-")
    return {T, Float ? B.CreateFSub(X, Y) : B.CreateSub(X, Y)};
  if (Op == "*")
    return {T, Float ? B.CreateFMul(X, Y) : B.CreateMul(X, Y)};
  if (Op == "/")
    return {T, B.CreateFDiv(X, Y)};
  if (Op == "&")
    return {T, B.CreateAnd(X, Y)};
  if (Op == "|")
    return {T, B.CreateOr(X, Y)};
  if (Op == "⊻" || Op == "xor")
    return {T, B.CreateXor(X, Y)};
  if (Op == "min" || Op == "max") {
    if (Float) // NaN-propagating, -0.0 < 0.0: Julia's min and max
      return {T,
              B.CreateBinaryIntrinsic(
                  Op == "min" ? Intrinsic::minimum : Intrinsic::maximum, X, Y)};
    Value *Lt = Signed ? B.CreateICmpSLT(Y, X) : B.CreateICmpULT(Y, X);
    return {T,
            Op == "min" ? B.CreateSelect(Lt, Y, X) : B.CreateSelect(Lt, X, Y)};
  }
  if (Float) // `%`, `rem`: fmod
    return {T, B.CreateFRem(X, Y)};
  // Integer division: DivideError for zero (and typemin ÷ -1) traps.
  Value *Zero = constant(T, 0, 0);
  trapIf(B.CreateICmpEQ(Y, Zero));
  Value *MinusOne = Signed ? B.CreateICmpEQ(Y, constant(T, 0, ~0ull)) : nullptr;
  if (Op == "÷" || Op == "div") {
    if (Signed) {
      Value *Min = ConstantInt::get(X->getType(),
                                    APInt::getSignedMinValue(info(T).Bits));
      trapIf(B.CreateAnd(MinusOne, B.CreateICmpEQ(X, Min)));
      return {T, B.CreateSDiv(X, Y)};
    }
    return {T, B.CreateUDiv(X, Y)};
  }
  if (!Signed)
    return {T, B.CreateURem(X, Y)};
  // rem(x, -1) is 0 (srem would overflow at typemin).
  Value *SafeY = B.CreateSelect(MinusOne, constant(T, 0, 1), Y);
  Value *R = B.CreateSRem(X, SafeY);
  if (Op == "mod") { // the sign of the divisor
    Value *Fix = B.CreateAnd(
        B.CreateICmpNE(R, Zero),
        B.CreateXor(B.CreateICmpSLT(R, Zero), B.CreateICmpSLT(SafeY, Zero)));
    R = B.CreateSelect(Fix, B.CreateAdd(R, SafeY), R);
  }
  return {T, R};
}

TV Lowerer::compare(StringRef Op, TV A, TV Bv, SourceRange Range) {
  StringRef O = Op == "≠" ? "!=" : Op == "≤" ? "<=" : Op == "≥" ? ">=" : Op;
  if (O == ">" || O == ">=")
    return compare(O == ">" ? "<" : "<=", Bv, A, Range);
  auto Numeric = [](JType T) { return isNumber(T) || T == BoolT; };
  if (!Numeric(A.T) || !Numeric(Bv.T)) {
    if ((O == "==" || O == "!=") && (A.T == NothingT || Bv.T == NothingT))
      return {BoolT, Emit ? B.getInt1((A.T == Bv.T) == (O == "==")) : nullptr};
    return error(Range, "no method matching " +
                            signature(Op, std::vector<JType>{A.T, Bv.T}));
  }
  // Bool compares as the other operand's type (true == 1).
  JType TA = A.T == BoolT && Bv.T != BoolT ? Bv.T : A.T;
  JType TB = Bv.T == BoolT && A.T != BoolT ? A.T : Bv.T;
  if (!Emit)
    return {BoolT};
  Value *X = cast(A.V, A.T, TA), *Y = cast(Bv.V, Bv.T, TB);
  if (isInt(TA) && isInt(TB) && isSigned(TA) != isSigned(TB)) {
    // Exact, as Julia compares them: in Int64 when the unsigned side fits;
    // against UInt64 a negative number is smaller, else compare unsigned.
    JType U = isSigned(TA) ? TB : TA, I64{Int64Bit}, U64{UInt64Bit};
    if (info(U).Bits < 64)
      return compare(O, {I64, cast(X, TA, I64)}, {I64, cast(Y, TB, I64)},
                     Range);
    bool SignedLeft = isSigned(TA);
    Value *Sv = cast(SignedLeft ? X : Y, SignedLeft ? TA : TB, I64);
    Value *Neg = B.CreateICmpSLT(Sv, constant(I64, 0, 0));
    Value *X64 = SignedLeft ? Sv : X, *Y64 = SignedLeft ? Y : Sv;
    TV Unsigned = compare(O, {U64, X64}, {U64, Y64}, Range);
    // With a negative signed side: == false, != true, < and <= hold when
    // the signed side is on the left.
    bool IfNeg = O == "!=" || ((O == "<" || O == "<=") && SignedLeft);
    return {BoolT, B.CreateSelect(Neg, B.getInt1(IfNeg), Unsigned.V)};
  }
  JType IntSide = isInt(TA) ? TA : TB, FloatSide = isFloat(TA) ? TA : TB;
  if (isInt(IntSide) && isFloat(FloatSide) &&
      info(IntSide).Bits > (info(FloatSide).Bits == 32 ? 24u : 53u)) {
    // Exact comparison of a wide integer with a float, as Julia does:
    // round the integer; where the rounded value equals the float, compare
    // the integers instead (2^63 is past every Int64).
    bool IntLeft = isInt(TA);
    Value *Iv = IntLeft ? X : Y, *Fv = IntLeft ? Y : X;
    bool Signed = isSigned(IntSide);
    Value *Fi = cast(Iv, IntSide, FloatSide);
    Value *Hi = ConstantFP::get(
        Fv->getType(),
        std::ldexp(1.0, Signed ? info(IntSide).Bits - 1 : info(IntSide).Bits));
    Value *IsHi = B.CreateFCmpOEQ(Fi, Hi);
    Value *Back = B.CreateIntrinsic(Signed ? Intrinsic::fptosi_sat
                                           : Intrinsic::fptoui_sat,
                                    {Iv->getType(), Fv->getType()}, {Fi});
    Value *Eq = B.CreateFCmpOEQ(Fi, Fv);
    Value *IntLess = B.CreateOr(IsHi, Signed ? B.CreateICmpSLT(Iv, Back)
                                             : B.CreateICmpULT(Iv, Back));
    Value *IntGreater =
        B.CreateAnd(B.CreateNot(IsHi), Signed ? B.CreateICmpSGT(Iv, Back)
                                              : B.CreateICmpUGT(Iv, Back));
    // The integer's order relative to the float: less, equal.
    Value *ILess =
        B.CreateOr(B.CreateFCmpOLT(Fi, Fv), B.CreateAnd(Eq, IntLess));
    Value *IEq = B.CreateAnd(
        Eq, B.CreateAnd(B.CreateNot(IntLess), B.CreateNot(IntGreater)));
    Value *IGreater =
        B.CreateOr(B.CreateFCmpOGT(Fi, Fv), B.CreateAnd(Eq, IntGreater));
    Value *R;
    if (O == "==" || O == "!=")
      R = O == "==" ? IEq : B.CreateNot(IEq);
    else if (O == "<")
      R = IntLeft ? ILess : IGreater;
    else
      R = IntLeft ? B.CreateOr(ILess, IEq) : B.CreateOr(IGreater, IEq);
    return {BoolT, R};
  }
  JType T = TA == TB ? TA : promote(TA, TB);
  if (isInt(T) && isFloat(FloatSide) && isInt(IntSide))
    T = FloatSide;
  // Narrow integers compare exactly in the float type they promote to.
  X = cast(X, TA, T);
  Y = cast(Y, TB, T);
  if (isFloat(T)) {
    FCmpInst::Predicate P = O == "=="   ? FCmpInst::FCMP_OEQ
                            : O == "!=" ? FCmpInst::FCMP_UNE
                            : O == "<"  ? FCmpInst::FCMP_OLT
                                        : FCmpInst::FCMP_OLE;
    return {BoolT, B.CreateFCmp(P, X, Y)};
  }
  bool Signed = isSigned(T);
  ICmpInst::Predicate P =
      O == "=="   ? ICmpInst::ICMP_EQ
      : O == "!=" ? ICmpInst::ICMP_NE
      : O == "<"  ? (Signed ? ICmpInst::ICMP_SLT : ICmpInst::ICMP_ULT)
                  : (Signed ? ICmpInst::ICMP_SLE : ICmpInst::ICMP_ULE);
  return {BoolT, B.CreateICmp(P, X, Y)};
}

} // namespace

std::optional<JType> ModuleBuilder::Impl::annotation(const Node *T) {
  auto *Id = dynCast<Identifier>(T);
  if (!Id) {
    Diags.error(T->Range, "parametric types are not supported yet");
    return std::nullopt;
  }
  if (std::optional<JType> C = typeByName(Id->Name, IntT))
    return C;
  static const std::map<std::string, uint32_t> Abstract = {
      {"Any", AnyMask},
      {"Number", BoolBit | IntMask | FloatMask},
      {"Real", BoolBit | IntMask | FloatMask},
      {"Integer", BoolBit | IntMask},
      {"Signed", SignedMask},
      {"Unsigned", UnsignedMask},
      {"AbstractFloat", FloatMask}};
  auto It = Abstract.find(Id->Name);
  if (It != Abstract.end())
    return bits(It->second);
  Diags.error(T->Range, "type `" + Id->Name + "` is not supported yet");
  return std::nullopt;
}

void ModuleBuilder::Impl::collect(const Block &Program) {
  std::vector<const Node *> Top;
  for (const NodePtr &N : Program.Stmts) {
    const frontend::Function *Fn = asFunction(N.get());
    if (!Fn) {
      if (N->Kind == NodeKind::Struct || N->Kind == NodeKind::AbstractType ||
          N->Kind == NodeKind::Const)
        Diags.error(N->Range, std::string(unsupportedName(N->Kind)) +
                                  " are not supported yet");
      else if (N->Kind != NodeKind::Error)
        Top.push_back(N.get());
      continue;
    }
    auto *Name = dynCast<Identifier>(Fn->Name.get());
    if (!Name) {
      Diags.error(Fn->Name->Range,
                  "methods of qualified names are not supported yet");
      continue;
    }
    if (!Fn->Where.empty()) {
      Diags.error(Fn->Where.front().Range,
                  "`where` clauses are not supported yet");
      continue;
    }
    if (Fn->ReturnType) {
      Diags.error(Fn->ReturnType->Range,
                  "return type annotations are not supported yet");
      continue;
    }
    Method M;
    M.Name = Name->Name;
    M.Range = Name->Range;
    bool Ok = true;
    for (const Param &P : Fn->Params) {
      std::optional<JType> T = P.Type ? annotation(P.Type.get())
                                      : std::optional<JType>(bits(AnyMask));
      Ok = Ok && T;
      M.ParamNames.push_back(P.Name.empty() ? "#unused" : P.Name);
      M.ParamTypes.push_back(T.value_or(JType{}));
    }
    M.Body = stmts(Fn->Body.get());
    if (!Ok)
      continue;
    scopeMethod(M);
    // A second definition with the same signature replaces the first.
    std::vector<Method> &Ms = Methods[M.Name];
    auto Same = std::find_if(Ms.begin(), Ms.end(), [&](const Method &O) {
      return O.ParamTypes == M.ParamTypes;
    });
    if (Same != Ms.end())
      *Same = std::move(M);
    else
      Ms.push_back(std::move(M));
  }
  if (!Top.empty()) {
    TopLevel.emplace();
    TopLevel->Name = "toplevel";
    TopLevel->Body = std::move(Top);
    TopLevel->TopLevel = true;
    scopeMethod(*TopLevel);
    getSpec(&*TopLevel, {});
  }
}

Method *ModuleBuilder::Impl::dispatch(StringRef Name,
                                      const std::vector<JType> &Args,
                                      std::string &Error) {
  auto It = Methods.find(Name.str());
  Error = "no method matching " + signature(Name, Args);
  if (It == Methods.end())
    return nullptr;
  auto Within = [](const Method &A, const Method &B) {
    for (size_t K = 0; K < A.ParamTypes.size(); ++K)
      if ((A.ParamTypes[K].Mask & ~B.ParamTypes[K].Mask) != 0)
        return false;
    return true;
  };
  std::vector<Method *> Applicable;
  for (Method &M : It->second) {
    if (M.ParamTypes.size() != Args.size())
      continue;
    bool Ok = true;
    for (size_t K = 0; K < Args.size(); ++K)
      Ok = Ok && (Args[K].Mask & ~M.ParamTypes[K].Mask) == 0;
    if (Ok)
      Applicable.push_back(&M);
  }
  if (Applicable.empty())
    return nullptr;
  // The most specific: its signature lies within every other's.
  for (Method *M : Applicable)
    if (std::all_of(Applicable.begin(), Applicable.end(),
                    [&](Method *O) { return Within(*M, *O); }))
      return M;
  Error = signature(Name, Args) + " is ambiguous";
  return nullptr;
}

Spec *ModuleBuilder::Impl::getSpec(Method *M, const std::vector<JType> &Args) {
  std::pair<const Method *, std::vector<JType>> Key{M, Args};
  auto It = SpecByKey.find(Key);
  if (It != SpecByKey.end())
    return It->second;
  std::string Symbol = "julia_" + M->Name;
  for (JType T : Args)
    Symbol += "_" + typeName(T);
  // `f_Int64()` and `f(::Int64)` would share a name: number the later one.
  std::string Unique = Symbol;
  for (unsigned K = 2; !Symbols.insert(Unique).second; ++K)
    Unique = Symbol + "#" + std::to_string(K);
  Specs.push_back(Spec{M, Args, Unique, JType{}, {}, {}, {}, nullptr});
  return SpecByKey[Key] = &Specs.back();
}

void ModuleBuilder::Impl::inferAll() {
  // Types only grow (joins over a finite set), so this terminates; a round
  // without change is the fixpoint, recursion included.
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (size_t K = 0; K < Specs.size(); ++K) {
      Spec &S = Specs[K];
      JType Ret = S.Ret;
      std::map<std::string, JType> Vars = S.Vars;
      Lowerer(*this, S, false).infer();
      Changed = Changed || Ret != S.Ret || Vars != S.Vars;
    }
  }
}

LoweredModule ModuleBuilder::Impl::build() {
  size_t Before;
  do {
    Before = Specs.size();
    inferAll();
  } while (Specs.size() != Before);
  for (Spec &S : Specs) {
    // A `nothing` argument (rejected at the call) still needs a type.
    std::vector<Type *> Params;
    for (JType T : S.Args)
      Params.push_back(T == NothingT ? Type::getInt8Ty(Ctx) : llvmType(T));
    Type *Ret = S.Ret.isConcrete() ? llvmType(S.Ret) : Type::getVoidTy(Ctx);
    S.F = llvm::Function::Create(FunctionType::get(Ret, Params, false),
                                 GlobalValue::ExternalLinkage, S.Symbol, *Mod);
    unsigned Line = Diags.source().lineColumn(S.M->Range.Begin).Line;
    S.F->setSubprogram(DIB->createFunction(
        File, S.M->Name, S.Symbol, File, Line,
        DIB->createSubroutineType(DIB->getOrCreateTypeArray({})), Line,
        DINode::FlagPrototyped,
        DISubprogram::SPFlagDefinition | DISubprogram::SPFlagOptimized));
  }
  for (Spec &S : Specs) {
    unsigned Before = Diags.errorCount();
    Lowerer(*this, S, true).emit();
    // A body error (an undefined name, say) often leaves the return type
    // without a value: report the return type only for clean bodies.
    if (S.M->TopLevel || S.Ret.isConcrete() || Diags.errorCount() != Before)
      continue;
    std::string Sig = signature(S.M->Name, S.Args);
    if (S.Ret.isBottom())
      Diags.error(S.M->Range,
                  "`" + Sig + "` never returns a value: not supported yet");
    else if (!S.Ret.isError())
      Diags.error(S.M->Range, "return type of `" + Sig + "` is " +
                                  typeName(S.Ret) +
                                  ": type-unstable code is not supported yet");
  }
  LoweredModule R;
  for (Spec &S : Specs)
    R.Specializations.push_back(
        {S.Symbol, S.M->Name, S.Args, S.Ret, S.Callees});
  DIB->finalize();
  R.Module = std::move(Mod);
  return R;
}

ModuleBuilder::ModuleBuilder(const Block &Program,
                             const compiler::TargetSpec &Target,
                             LLVMContext &Context, Diagnostics &Diags)
    : P(std::make_unique<Impl>(Program, Target, Context, Diags)) {}

ModuleBuilder::~ModuleBuilder() = default;

JType ModuleBuilder::intType() const { return P->IntT; }

Expected<std::string> ModuleBuilder::request(StringRef Name,
                                             const std::vector<JType> &Args) {
  for (JType T : Args)
    if (!T.isConcrete() || T == NothingT)
      return createStringError("entry point %s: argument type %s is not a "
                               "concrete number type",
                               Name.str().c_str(), typeName(T).c_str());
  std::string Why;
  Method *M = P->dispatch(Name, Args, Why);
  if (!M)
    return createStringError("entry point: %s", Why.c_str());
  return P->getSpec(M, Args)->Symbol;
}

LoweredModule ModuleBuilder::build() { return P->build(); }

} // namespace jlremote::lower
