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
#include "llvm/IR/MDBuilder.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/Local.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <functional>
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
    {PiBit, "Irrational{:π}", 0, false, false},
    {NothingBit, "Nothing", 0, false, false},
};

constexpr uint32_t SignedMask = Int8Bit | Int16Bit | Int32Bit | Int64Bit;
constexpr uint32_t UnsignedMask = UInt8Bit | UInt16Bit | UInt32Bit | UInt64Bit;
constexpr uint32_t IntMask = SignedMask | UnsignedMask;
constexpr uint32_t FloatMask = Float32Bit | Float64Bit;

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
    Float64T{Float64Bit}, Float32T{Float32Bit}, PiT{PiBit};

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

// Julia's isbits types that arrays hold inline (with their LLVM layout):
// numbers, Bool, Char, and tuples and immutable structs of them (a
// `nothing` field takes no room).
// The bytes of T's print wire form (host_daemon/julia_print.h) for a
// number, Bool, Char, or a tuple or struct of them.
unsigned wireBytes(const JType &T) {
  if (const TypeNode *N = T.node()) {
    unsigned Sum = 0;
    for (const JType &F : N->Fields)
      Sum += wireBytes(F);
    return Sum;
  }
  return T == NothingT ? 0 : std::max(1u, info(T).Bits / 8);
}

bool isInlineElement(const JType &T) {
  if (const TypeNode *N = T.node()) {
    if (N->TheKind != TypeNode::Kind::Tuple &&
        (N->TheKind != TypeNode::Kind::Struct || N->Mutable))
      return false;
    return std::all_of(N->Fields.begin(), N->Fields.end(), [](const JType &F) {
      return F == NothingT || isInlineElement(F);
    });
  }
  return isNumber(T) || T == BoolT || T == JType(CharBit);
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

bool JType::isNullableRef() const {
  return Mask == NothingBit && Nodes.size() == 1 &&
         Nodes[0]->TheKind == TypeNode::Kind::Struct && Nodes[0]->Mutable;
}

// Interned for the life of the process: a type is its node's address.
static std::deque<TypeNode> &typePool() {
  static std::deque<TypeNode> Pool;
  return Pool;
}

const TypeNode *TypeNode::get(Kind K, std::string Name,
                              std::vector<JType> Parameters,
                              std::vector<JType> Fields,
                              std::vector<std::string> FieldNames,
                              bool Mutable) {
  std::deque<TypeNode> &Pool = typePool();
  for (const TypeNode &N : Pool)
    if (N.TheKind == K && N.Name == Name && N.Parameters == Parameters &&
        N.Fields == Fields && N.FieldNames == FieldNames &&
        N.Mutable == Mutable && N.Definition == 0)
      return &N;
  Pool.push_back(TypeNode{K, std::move(Name), std::move(Parameters),
                          std::move(Fields), std::move(FieldNames), Mutable});
  return &Pool.back();
}

const TypeNode *TypeNode::getStruct(uint64_t Definition, std::string Name,
                                    std::vector<JType> Parameters,
                                    std::vector<std::string> FieldNames,
                                    bool Mutable, bool &New) {
  std::deque<TypeNode> &Pool = typePool();
  New = false;
  for (const TypeNode &N : Pool)
    if (N.Definition == Definition && N.Parameters == Parameters)
      return &N;
  New = true;
  Pool.push_back(TypeNode{Kind::Struct,
                          std::move(Name),
                          std::move(Parameters),
                          {},
                          std::move(FieldNames),
                          Mutable,
                          Definition});
  return &Pool.back();
}

void TypeNode::setFields(const TypeNode *Struct, std::vector<JType> Fields) {
  // Only the pool owns nodes, and only here does one change (once, right
  // after getStruct made it).
  const_cast<TypeNode *>(Struct)->Fields = std::move(Fields);
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
  case TypeNode::Kind::Matrix:
    return "Matrix{" + List(N.Parameters) + "}";
  case TypeNode::Kind::Type:
    return "Type{" + List(N.Parameters) + "}";
  case TypeNode::Kind::Exception:
    return N.Name;
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

// Type variables in scope (a method's `where` clause, a struct's
// parameters): name → upper bound (null: Any).
using TypeVars = std::map<std::string, const Node *>;
// Their values in one specialisation.
using TypeEnv = std::map<std::string, JType>;

struct StructDef {
  std::string Name;
  std::vector<std::string> Params; // type parameters, in order
  TypeVars ParamBounds;
  std::vector<std::string> FieldNames;
  std::vector<const Node *> FieldTypes; // null: Any
  bool Mutable = false;
  std::string Super; // a user abstract type, or empty
  SourceRange Range;
  uint64_t Definition = 0; // TypeNode::Definition of its instances
};

struct Method {
  std::string Name;
  std::vector<std::string> ParamNames;
  std::vector<const Node *> ParamTypes; // type expressions; null: Any
  TypeVars Where;                       // `where {T<:Real}`
  const Node *ReturnType = nullptr;     // `f(x)::T`; null: inferred
  std::vector<const Node *> Body;
  SourceRange Range;
  bool TopLevel = false;
  // `@inline` / `@noinline` on the definition: LLVM's always/never inline.
  llvm::Attribute::AttrKind Inlining = llvm::Attribute::None;
  // The variables local to each loop body (Julia's scope rules: a name
  // assigned in a loop is local to it unless an enclosing scope has it;
  // a `for` variable is always new, and `local x` makes x new).
  std::map<const Node *, std::vector<std::string>> LoopLocals;
  // The names a loop body declares `global`: the top level's variables,
  // whatever the loops around it hold.
  std::map<const Node *, std::vector<std::string>> LoopGlobals;
  std::set<std::string> Locals; // the function scope's variables
};

struct Spec {
  Method *M;
  std::vector<JType> Args;
  TypeEnv Env; // the method's type variables, bound by the arguments
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
  // The variable the value was read from, for diagnostics about it.
  const Identifier *Var = nullptr;
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
  void collectStruct(const frontend::Struct &Def);
  void collectMethod(const frontend::Function &Fn,
                     llvm::Attribute::AttrKind Inlining);
  // Reports what in a type expression is unknown; true when all is known.
  bool checkTypeExpr(const Node *E, const TypeVars &Vars);
  // The concrete type E names under Env (`Float64`, `Point{T}` with T
  // bound, `Ptr{Float64}`), or nullopt for an abstract or unknown one.
  std::optional<JType> concreteType(const Node *E, const TypeEnv &Env);
  // Whether Arg is an instance of the type expression E, binding the type
  // variables of Vars in Env as Julia's method matching does.
  bool matches(const Node *E, const JType &Arg, const TypeVars &Vars,
               TypeEnv &Env);
  // Whether every instance of A (under VA) is an instance of B (under VB):
  // the specificity order of dispatch.
  bool within(const Node *A, const TypeVars &VA, const Node *B,
              const TypeVars &VB);
  const TypeNode *instantiate(const StructDef &Def,
                              const std::vector<JType> &Params);
  // Whether the struct or abstract type Sub is declared below Abstract.
  bool isSubtypeName(const std::string &Sub, const std::string &Abstract);
  Spec *getSpec(Method *M, const std::vector<JType> &Args,
                const TypeEnv &Env = {});
  // The most specific applicable method, or null with Error set; Env gets
  // its type variables.
  Method *dispatch(StringRef Name, const std::vector<JType> &Args,
                   std::string &Error, TypeEnv &Env);
  void inferAll();
  LoweredModule build();

  Type *llvmType(const JType &T) {
    if (T.isNullableRef()) // null is `nothing`
      return PointerType::get(Ctx, 0);
    if (const TypeNode *N = T.node()) {
      switch (N->TheKind) {
      case TypeNode::Kind::Ptr:
      case TypeNode::Kind::Vector: // a reference to the array's header
      case TypeNode::Kind::Matrix:
      case TypeNode::Kind::Exception: // its object on the heap
        return PointerType::get(Ctx, 0);
      case TypeNode::Kind::Struct:
        if (N->Mutable) // a reference to the object
          return PointerType::get(Ctx, 0);
        [[fallthrough]];
      default:
        return layoutType(*N);
      }
    }
    const TypeInfo &I = info(T);
    if (T == NothingT)
      return Type::getVoidTy(Ctx);
    if (I.Float)
      return I.Bits == 32 ? Type::getFloatTy(Ctx) : Type::getDoubleTy(Ctx);
    return Type::getIntNTy(Ctx, I.Bits);
  }
  // The fields of a tuple, struct or range laid out as an LLVM struct
  // (`nothing` fields take no room).
  StructType *layoutType(const TypeNode &N) {
    std::vector<Type *> Fields;
    for (const JType &F : N.Fields)
      Fields.push_back(F == NothingT ? StructType::get(Ctx) : llvmType(F));
    return StructType::get(Ctx, Fields);
  }

  LLVMContext &Ctx;
  std::unique_ptr<DIBuilder> DIB;
  DIFile *File = nullptr;
  Diagnostics &Diags;
  JType IntT;
  CheckBounds Bounds = CheckBounds::Auto;
  std::unique_ptr<Module> Mod;
  std::map<std::string, std::vector<Method>> Methods;
  std::map<std::string, StructDef> Structs;
  std::map<std::string, std::string> AbstractSupers; // user abstract types
  std::map<std::string, const Node *> Constants;     // `const X = e`
  std::vector<PrintFormat> Formats;
  std::vector<ThrowSite> Throws; // [0]: the runtime's OutOfMemoryError
  // The program's exception structs (subtypes of Exception): type ids.
  std::map<std::string, uint32_t> ExceptionIds;
  std::optional<Method> TopLevel;
  std::deque<Spec> Specs;
  std::map<std::pair<const Method *, std::vector<JType>>, Spec *> SpecByKey;
  std::set<std::string> Symbols;
  std::set<const TypeNode *> Instantiating; // structs whose fields are typed
  std::set<uint64_t> ReportedRecursive;
};

namespace {

// The `global` and `local` declarations of one scope.
struct ScopeDecls {
  std::set<std::string> Globals, Locals;
};

// Names assigned directly in N's scope; the loops nested in N are collected
// instead of walked. Decls, if given, gets the scope's declarations.
void assignedIn(const Node *N, std::set<std::string> &Names,
                std::vector<const Node *> &Loops, ScopeDecls *Decls = nullptr) {
  if (!N)
    return;
  auto Walk = [&](const Node *C) { assignedIn(C, Names, Loops, Decls); };
  switch (N->Kind) {
  case NodeKind::ScopeDecl: {
    auto *D = static_cast<const ScopeDecl *>(N);
    for (const NodePtr &Item : D->Items) {
      const Node *Name = Item.get();
      if (auto *A = dynCast<Assign>(Name)) {
        Walk(A);
        Name = A->Lhs.get();
      }
      if (auto *Id = dynCast<Identifier>(Name); Id && Decls)
        (D->Global ? Decls->Globals : Decls->Locals).insert(Id->Name);
    }
    return;
  }
  case NodeKind::While:
  case NodeKind::For:
    Loops.push_back(N);
    return;
  case NodeKind::Assign: {
    auto *A = static_cast<const Assign *>(N);
    if (auto *Id = dynCast<Identifier>(A->Lhs.get()))
      Names.insert(Id->Name);
    if (auto *T = dynCast<frontend::Tuple>(A->Lhs.get()))
      for (const NodePtr &E : T->Elements)
        if (auto *Id = dynCast<Identifier>(E.get()))
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
  case NodeKind::Try: {
    // A try's blocks share the enclosing scope here (Julia gives each its
    // own: a name first assigned inside is local to it).
    auto *T = static_cast<const Try *>(N);
    if (!T->CatchVar.empty())
      Names.insert(T->CatchVar);
    for (const Block *Blk :
         {T->Body.get(), T->CatchBody.get(), T->FinallyBody.get()})
      Walk(Blk);
    return;
  }
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
  ScopeDecls Decls;
  if (auto *W = dynCast<While>(L)) {
    assignedIn(W->Body.get(), Assigned, Inner, &Decls);
  } else {
    auto *F = static_cast<const For *>(L);
    for (const For::Binding &Bd : F->Bindings)
      if (auto *Id = dynCast<Identifier>(Bd.Var.get()))
        Locals.push_back(Id->Name);
    assignedIn(F->Body.get(), Assigned, Inner, &Decls);
  }
  auto AddLocal = [&](const std::string &N) {
    if (std::find(Locals.begin(), Locals.end(), N) == Locals.end())
      Locals.push_back(N);
  };
  for (const std::string &N : Decls.Locals)
    AddLocal(N);
  for (const std::string &N : Assigned)
    if (!Visible.count(N) && !Decls.Globals.count(N))
      AddLocal(N);
  Visible.insert(Locals.begin(), Locals.end());
  // A `global` name is the top level's variable, here and in the loops
  // inside (which see it as assigned outside them).
  for (const std::string &N : Decls.Globals) {
    Visible.insert(N);
    M.Locals.insert(N);
  }
  M.LoopLocals[L] = Locals;
  M.LoopGlobals[L].assign(Decls.Globals.begin(), Decls.Globals.end());
  for (const Node *C : Inner)
    scopeLoop(C, Visible, M);
}

void scopeMethod(Method &M) {
  std::set<std::string> Visible(M.ParamNames.begin(), M.ParamNames.end());
  std::vector<const Node *> Loops;
  for (const Node *N : M.Body)
    assignedIn(N, Visible, Loops);
  M.Locals = Visible;
  for (const Node *L : Loops)
    scopeLoop(L, Visible, M);
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

// `Base.getindex` and `getindex` name the same function.
std::optional<std::pair<std::string, SourceRange>> methodName(const Node *N) {
  if (auto *FA = dynCast<FieldAccess>(N)) {
    auto *Module = dynCast<Identifier>(FA->Base.get());
    if (!Module || (Module->Name != "Base" && Module->Name != "Main"))
      return std::nullopt;
    return std::make_pair(FA->Field, FA->FieldRange);
  }
  if (auto *Id = dynCast<Identifier>(N))
    return std::make_pair(Id->Name, Id->Range);
  return std::nullopt;
}

const frontend::Function *asFunction(const Node *N) {
  if (auto *F = dynCast<frontend::Function>(N))
    return F;
  // `@inline` and `@noinline` wrap a definition (inliningOf says which).
  if (auto *MC = dynCast<MacroCall>(N))
    if ((MC->Name == "inline" || MC->Name == "noinline") &&
        MC->Args.size() == 1)
      return dynCast<frontend::Function>(MC->Args[0].get());
  return nullptr;
}

// What `@inline` / `@noinline` around a definition ask of LLVM: Julia
// honours both (a @noinline function keeps its own frame, and here its own
// image).
llvm::Attribute::AttrKind inliningOf(const Node *N) {
  if (auto *MC = dynCast<MacroCall>(N)) {
    if (MC->Name == "inline")
      return llvm::Attribute::AlwaysInline;
    if (MC->Name == "noinline")
      return llvm::Attribute::NoInline;
  }
  return llvm::Attribute::None;
}

// Element accesses and header accesses never alias (different blocks): the
// TBAA tags let LLVM keep a header's fields in registers across a loop that
// only stores elements, as Julia's own arrays do.
static MDNode *arrayTag(LLVMContext &Ctx, bool Header) {
  MDBuilder MD(Ctx);
  MDNode *Root = MD.createTBAARoot("jlremote arrays");
  MDNode *Type =
      MD.createTBAAScalarTypeNode(Header ? "array header" : "array data", Root);
  return MD.createTBAAStructTagNode(Type, Type, 0);
}

// The try statements in N, nested ones included.
void triesIn(const Node *N, std::vector<const frontend::Try *> &Out) {
  if (!N)
    return;
  auto Walk = [&](const Node *C) { triesIn(C, Out); };
  switch (N->Kind) {
  case NodeKind::Try: {
    auto *T = static_cast<const frontend::Try *>(N);
    Out.push_back(T);
    Walk(T->Body.get());
    Walk(T->CatchBody.get());
    return Walk(T->FinallyBody.get());
  }
  case NodeKind::Block:
    for (const NodePtr &C : static_cast<const Block *>(N)->Stmts)
      Walk(C.get());
    return;
  case NodeKind::If: {
    auto *I = static_cast<const If *>(N);
    for (const If::Branch &Br : I->Branches)
      Walk(Br.Body.get());
    return Walk(I->Else.get());
  }
  case NodeKind::While:
    return Walk(static_cast<const While *>(N)->Body.get());
  case NodeKind::For:
    return Walk(static_cast<const For *>(N)->Body.get());
  case NodeKind::Assign:
    return Walk(static_cast<const Assign *>(N)->Rhs.get());
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

// The names assigned inside the try statements of a body, loops included.
std::set<std::string> assignedInTries(const std::vector<const Node *> &Body) {
  std::vector<const frontend::Try *> Tries;
  for (const Node *N : Body)
    triesIn(N, Tries);
  std::set<std::string> Names;
  std::vector<const Node *> Loops(Tries.begin(), Tries.end());
  while (!Loops.empty()) {
    const Node *L = Loops.back();
    Loops.pop_back();
    if (auto *W = dynCast<While>(L))
      assignedIn(W->Body.get(), Names, Loops);
    else if (auto *F = dynCast<For>(L))
      assignedIn(F->Body.get(), Names, Loops);
    else
      assignedIn(L, Names, Loops);
  }
  return Names;
}

PrintPiece lit(std::string Text) {
  return {PrintPiece::Literal, std::move(Text), {}};
}
PrintPiece printed(const JType &T) { return {PrintPiece::Print, "", T}; }
PrintPiece shown(const JType &T) { return {PrintPiece::Show, "", T}; }

// Adjacent literal pieces as one.
PrintFormat mergeLiterals(std::vector<PrintPiece> Pieces) {
  PrintFormat Merged;
  for (PrintPiece &P : Pieces)
    if (P.TheKind == PrintPiece::Literal && !Merged.Pieces.empty() &&
        Merged.Pieces.back().TheKind == PrintPiece::Literal)
      Merged.Pieces.back().Text += P.Text;
    else
      Merged.Pieces.push_back(std::move(P));
  return Merged;
}

const char *exceptionName(ExceptionType T) {
  switch (T) {
  case ExceptionType::ErrorException:
    return "ErrorException";
  case ExceptionType::BoundsError:
    return "BoundsError";
  case ExceptionType::DivideError:
    return "DivideError";
  case ExceptionType::InexactError:
    return "InexactError";
  case ExceptionType::OverflowError:
    return "OverflowError";
  case ExceptionType::DomainError:
    return "DomainError";
  case ExceptionType::ArgumentError:
    return "ArgumentError";
  case ExceptionType::AssertionError:
    return "AssertionError";
  case ExceptionType::OutOfMemoryError:
    return "OutOfMemoryError";
  case ExceptionType::FirstUserException:
    break;
  }
  return "Exception";
}

std::optional<ExceptionType> builtinException(StringRef Name) {
  for (uint32_t K = 1; K <= uint32_t(ExceptionType::OutOfMemoryError); ++K)
    if (Name == exceptionName(ExceptionType(K)))
      return ExceptionType(K);
  return std::nullopt;
}

// A caught exception: of type Name (a Base exception's, a user struct's
// with the struct as Struct), or "Exception" when known only at run time.
JType exceptionT(const std::string &Name = "Exception",
                 std::optional<JType> Struct = std::nullopt) {
  std::vector<JType> Params;
  if (Struct)
    Params.push_back(*Struct);
  return typeOf(TypeNode::get(TypeNode::Kind::Exception, Name, Params, {}));
}

bool isException(const JType &T) {
  const TypeNode *N = T.node();
  return N && N->TheKind == TypeNode::Kind::Exception;
}

// Text inside a string literal as `show` writes it (base/strings/io.jl's
// escape_string with `$` escaped too).
std::string escapeString(StringRef Text) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '"':
    case '\\':
    case '$':
      Out += '\\';
      Out += C;
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    case '\r':
      Out += "\\r";
      break;
    default:
      if (static_cast<unsigned char>(C) < 0x20 || C == 0x7f) {
        static const char Hex[] = "0123456789abcdef";
        Out += "\\x";
        Out += Hex[(C >> 4) & 0xf];
        Out += Hex[C & 0xf];
      } else {
        Out += C;
      }
    }
  }
  return Out;
}

// What a throw site prints (showerror's and show's texts) and its type.
struct ThrowText {
  uint32_t Type;
  std::string Name;
  std::vector<PrintPiece> Message, Shown;
};

// `Name("message")` as show writes it, or nothing when a value in the
// message could print a character the string's show would escape (numbers
// and Bool never do).
std::vector<PrintPiece> quoted(const std::string &Prefix,
                               const std::vector<PrintPiece> &Msg,
                               const std::string &Suffix) {
  std::vector<PrintPiece> Out{lit(Prefix + "\"")};
  for (const PrintPiece &P : Msg) {
    if (P.TheKind == PrintPiece::Literal) {
      Out.push_back(lit(escapeString(P.Text)));
      continue;
    }
    if (!P.Type.isConcrete() || P.Type.node() ||
        (P.Type.Mask & ~(BoolBit | IntMask | FloatMask)))
      return {};
    Out.push_back(P);
  }
  Out.push_back(lit("\"" + Suffix));
  return Out;
}

// ErrorException, ArgumentError, AssertionError, OverflowError: a message.
ThrowText messageText(ExceptionType T, std::vector<PrintPiece> Msg) {
  std::string Name = exceptionName(T);
  ThrowText R{uint32_t(T), Name, {}, quoted(Name + "(", Msg, ")")};
  if (T != ExceptionType::ErrorException) // showerror: just the message
    R.Message.push_back(lit(Name + ": "));
  R.Message.insert(R.Message.end(), Msg.begin(), Msg.end());
  return R;
}

// DomainError(val[, msg]): its value comes first among the site's values.
ThrowText domainText(const JType &Val,
                     std::optional<std::vector<PrintPiece>> Msg) {
  ThrowText R{uint32_t(ExceptionType::DomainError),
              "DomainError",
              {lit("DomainError with "), printed(Val)},
              {lit("DomainError("), shown(Val)}};
  if (Msg) {
    R.Message.push_back(lit(":\n"));
    R.Message.insert(R.Message.end(), Msg->begin(), Msg->end());
    std::vector<PrintPiece> Q = quoted(", ", *Msg, "");
    if (Q.empty())
      R.Shown.clear();
    else
      R.Shown.insert(R.Shown.end(), Q.begin(), Q.end());
  }
  if (!R.Shown.empty())
    R.Shown.push_back(lit(")"));
  return R;
}

// Base's message for a negative real argument to sqrt or log
// (math.jl's throw_complex_domainerror).
ThrowText complexDomainText(const std::string &Fn, const JType &Val) {
  return domainText(Val, std::vector<PrintPiece>{lit(
                             Fn +
                             " was called with a negative real argument but "
                             "will only return a complex result if called "
                             "with a complex argument. Try " +
                             Fn + "(Complex(x)).")});
}

ThrowText divideText() {
  return {uint32_t(ExceptionType::DivideError),
          "DivideError",
          {lit("DivideError: integer division error")},
          {lit("DivideError()")}};
}

// InexactError(func, To, val): `Int64(3.5)`, `trunc(Int8, 300)`.
ThrowText inexactText(const std::string &Func, const JType &To,
                      const JType &From) {
  std::string T = typeName(To);
  return {
      uint32_t(ExceptionType::InexactError),
      "InexactError",
      {lit("InexactError: " + Func + "(" + (Func == T ? "" : T + ", ")),
       printed(From), lit(")")},
      {lit("InexactError(:" + Func + ", " + T + ", "), shown(From), lit(")")}};
}

ThrowText oomText() {
  return {uint32_t(ExceptionType::OutOfMemoryError),
          "OutOfMemoryError",
          {lit("OutOfMemoryError()")},
          {lit("OutOfMemoryError()")}};
}

ThrowSite siteOf(ThrowText T) {
  return {T.Type, std::move(T.Name), mergeLiterals(std::move(T.Message)),
          mergeLiterals(std::move(T.Shown))};
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
  TV evalCharLiteral(const CharLiteral *L);
  TV evalTuple(const frontend::Tuple *T);
  TV evalFieldAccess(const FieldAccess *FA);
  TV evalIndex(const Index *Ix);
  // The indices of Base[...], where `end` is the last index of its
  // dimension (lastindex(Base), or size(Base, d) among several).
  std::vector<TV> evalIndices(const Index *Ix, const TV &Base);
  struct EndOf {
    TV Base;
    size_t Dim, Count;
  };
  std::vector<EndOf> Ends;
  TV evalPrint(const std::vector<const Node *> &Args, bool Newline,
               SourceRange Range);
  TV evalShow(const MacroCall *MC);
  TV evalAssert(const MacroCall *MC);
  TV emitPrint(PrintFormat Format, const std::vector<TV> &Values,
               SourceRange Range);
  // One piece of a print's values: a scalar (Value), or a vector (Value is
  // its data, Length its element count).
  // A matrix: Length is its rows, Columns its columns.
  struct WirePiece {
    Value *Value;
    llvm::Value *Length = nullptr;
    unsigned EltBytes = 0; // in the wire form
    llvm::Value *Columns = nullptr;
    // Arrays of tuples and structs: the element type, whose fields are
    // packed one by one (their memory layout has padding, the wire form
    // has none); bottom for primitive elements, copied as they lie.
    JType Packed = {};
  };
  bool appendWire(const TV &X, std::vector<WirePiece> &Pieces);
  void packElements(const JType &Elt, Value *Data, Value *Count, Value *Dest);
  void storePacked(const TV &X, Value *At, unsigned &Offset);
  // The concrete type a type expression in the body names (`Float64`,
  // `T` of the `where` clause, `Point{T}`), or nullopt.
  std::optional<JType> typeArg(const Node *E);
  TV construct(const StructDef &Def, std::optional<std::vector<JType>> Params,
               std::vector<TV> Args, SourceRange Range);
  TV makeAggregate(const JType &T, const std::vector<TV> &Fields);
  TV fieldOf(const TV &X, unsigned K);
  TV setField(const TV &X, const std::string &Field, TV Value,
              SourceRange Range);
  TV convertTo(TV X, const JType &To, SourceRange Range);
  TV callMath(StringRef Name, std::vector<TV> &Args, SourceRange Range);
  std::optional<TV> containerBuiltin(StringRef Name, std::vector<TV> &Args,
                                     SourceRange Range);
  // A BoundsError unless 1 <= Indices[k] <= Dims[k] for every k.
  void boundsCheck(const TV &Array, const std::vector<Value *> &Indices,
                   const std::vector<Value *> &Dims);
  // A new Vector (one dimension) or Matrix (two): its elements are
  // Elements, else Fill, else copied from CopyFrom (an array's data), else
  // zero.
  TV newArray(const JType &Elt, std::vector<TV> Dims,
              const std::vector<TV> &Elements, std::optional<TV> Fill,
              SourceRange Range, Value *CopyFrom = nullptr);
  std::optional<TV> arrayBuiltin(StringRef Name, std::vector<TV> &Args,
                                 SourceRange Range);
  // Arrays are references to a header on the heap, {data, length,
  // capacity} for a Vector and {data, rows, columns} for a Matrix, with
  // the elements in their own block (so that push! can move them).
  enum HeaderField : unsigned { DataField, LengthField, CapacityField };
  StructType *headerType() {
    Type *IntTy = I.llvmType(I.IntT);
    return StructType::get(I.Ctx, {B.getPtrTy(), IntTy, IntTy});
  }
  Value *header(Value *Array, unsigned Field);
  uint64_t headerBytes() const { return 3 * info(I.IntT).Bits / 8; }
  void setHeader(Value *Array, unsigned Field, Value *V);
  Value *arrayLength(const TV &A);
  // The zero-based offset of A[Indices...], bounds checked.
  Value *arrayOffset(const TV &A, const std::vector<TV> &Indices);
  Value *elementBytes(Type *EltTy, Value *Count);
  // Room for Needed elements in V, moving its Length live ones when the
  // capacity is short (to a block twice as large, at least 4).
  void reserve(const TV &V, Value *Needed, Value *Length);
  TV evalVect(const Vect *V);
  TV evalScopeDecl(const ScopeDecl *D);
  Value *allocateObject(Value *Size);
  TV evalCall(const Call *C);
  TV evalUnsafeTrunc(const Call *C);
  TV evalExit(const Call *C);
  TV callFunction(StringRef Name, std::vector<TV> Args, SourceRange Range,
                  const Call *Syntax = nullptr);
  std::optional<TV> builtin(StringRef Name, std::vector<TV> &Args,
                            SourceRange Range, const Call *Syntax);
  TV arith(StringRef Op, TV A, TV Bv, SourceRange Range, const Call *Syntax);
  TV compare(StringRef Op, TV A, TV Bv, SourceRange Range);
  TV fromPi(TV X, const JType &Other);
  Value *shift(StringRef Op, const TV &X, const TV &Count);
  // Trunc: as `trunc(T, x)` reports it (floor, ceil, round too), not `T(x)`.
  TV convertChecked(TV X, JType To, SourceRange Range, bool Trunc = false);
  TV evalComparison(const Comparison *C);
  TV evalLogical(const Logical *L, bool Want);
  TV evalIf(const If *N, bool Want);
  TV evalTernary(const Ternary *N, bool Want);
  TV evalWhile(const While *N);
  TV evalFor(const For *N, size_t Binding);
  TV evalAssign(const Assign *A);
  TV evalReturn(const Return *R);
  TV assignVar(const std::string &Name, TV Value, SourceRange Range);
  std::pair<Value *, Value *> rangeBounds(Value *Start, Value *Step,
                                          Value *Stop, bool Signed);
  TV evalRange(const Call *C);
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
  // Throws the exception Text describes, with Values (its site's values,
  // in order), when Cond holds.
  void throwIf(Value *Cond, const ThrowText &Text,
               const std::vector<TV> &Values = {});
  // jlremote_throw(type, site, payload, size); the block ends there.
  void emitThrow(const ThrowText &Text, const std::vector<TV> &Values);
  FunctionCallee runtime(const char *Name, Type *Ret,
                         std::vector<Type *> Params, bool NoReturn = false);
  // Exceptions: `throw(x)`, `error(...)`, `rethrow()`, `x isa T`,
  // `showerror(io, e)`, try/catch/finally.
  TV evalThrow(const Call *C);
  TV evalError(const Call *C);
  TV evalRethrow(const Call *C);
  TV rethrowValue(Value *Exception);
  TV evalIsa(const Call *C);
  TV evalTry(const frontend::Try *N, bool Want);
  TV tryCatch(const frontend::Try *N, bool Want);
  // A message argument (a string literal, maybe interpolated) as print
  // pieces, its values appended to Values; nullopt (reported) otherwise.
  std::optional<std::vector<PrintPiece>> messageOf(const Node *Arg,
                                                   std::vector<TV> &Values);
  // What `x isa T` asks of an exception's type id: every id T covers
  // (All: T is Exception), and the type x is known to be when it holds.
  struct ExceptionSet {
    bool All = false;
    std::vector<uint32_t> Ids;
    JType Narrowed;
  };
  std::optional<ExceptionSet> exceptionSet(const Node *TypeExpr);
  // Field K of a user exception's struct, read from the object's payload.
  TV exceptionField(const TV &X, unsigned K);
  Value *loadPacked(const JType &T, Value *At, unsigned &Offset);
  TV printException(PrintFormat Group, const TV &X);
  bool packable(const JType &T);
  // Links a handler (a JuliaHandler in the frame) around what Body emits;
  // returns where a throw lands (the handler unlinked by the runtime). The
  // builder ends on Body's normal exit, after jlremote_try_leave.
  struct TryScope {
    Value *Handler = nullptr;
    // With a `finally`: its code, the number of where it goes on (0: after
    // the try, 1: rethrow, K + 2: Exits[K], a return/break/continue
    // leaving the try) and the exception to rethrow.
    BasicBlock *Finally = nullptr;
    AllocaInst *Next = nullptr;
    std::vector<BasicBlock *> Exits;
  };
  BasicBlock *protect(TryScope &Scope, const std::function<void()> &Body);
  // Leaves every try deeper than Depth (unlinking its handler, running its
  // finally), then branches to Target.
  void leaveTo(size_t Depth, BasicBlock *Target);
  AllocaInst *entryAlloca(Type *Ty, const char *Name);
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
    for (const std::string &Name : S.M->LoopGlobals[Loop])
      Scope[Name] = Name;
    Scopes.push_back(std::move(Scope));
  }
  static std::string displayName(const std::string &Name) {
    return Name.substr(0, Name.find('@'));
  }
  struct Loop {
    BasicBlock *Continue, *Break;
    size_t TryDepth; // Tries.size() around the loop
  };
  std::vector<Loop> Loops;
  std::vector<TryScope> Tries; // the handlers linked here, innermost last
  // The exception each enclosing `catch` handles (for `rethrow()`).
  std::vector<AllocaInst *> Caught;
  // Variables assigned inside a try/catch/finally: their loads and stores
  // are volatile, so that after a throw lands (setjmp returning twice) the
  // code reads what the region last stored, not a stale register.
  std::set<std::string> VolatileVars = assignedInTries(S.M->Body);
  unsigned InBounds = 0; // inside `@inbounds`: no bounds checks
  std::set<std::string> ConstantsInUse;

  // Narrowing of nullable locals (Union{T, Nothing}): variable → what it
  // is known to hold here, T or Nothing. Set by a test of the variable
  // against `nothing` for the branch it guards, and by an assignment; a
  // variable assigned in a loop's body is not known at the loop's start.
  std::map<std::string, JType> Narrowed;
  struct NothingFact {
    std::string Var; // resolved name
    bool IsNothing;
    JType Isa = {}; // `e isa T` held: the exception type e is
  };
  // What Cond being Holds tells of nullable locals: `x === nothing`,
  // `x !== nothing`, `isnothing(x)`, and `!`, `&&`, `||` of those.
  std::vector<NothingFact> nothingFacts(const Node *Cond, bool Holds);
  void narrowOn(const Node *Cond, bool Holds);
  void narrowAfterAssign(const std::string &Name, const JType &T);
  // Forgets what is known of the variables assigned anywhere in N.
  void forgetAssignedIn(const Node *N);
  // `nothing` or a T into Union{T, Nothing}: a null pointer, or the same.
  TV widen(TV X, const JType &To);
  TV unionUse(const TV &X, const std::string &What, SourceRange Range);
  TV identical(TV A, TV Bv, SourceRange Range);
};

std::vector<Lowerer::NothingFact> Lowerer::nothingFacts(const Node *Cond,
                                                        bool Holds) {
  if (auto *L = dynCast<Logical>(Cond)) {
    // Both sides are known only where both held (`&&`) or both failed.
    if (Holds != (L->Operator == "&&"))
      return {};
    std::vector<NothingFact> R = nothingFacts(L->Lhs.get(), Holds);
    for (NothingFact &F : nothingFacts(L->Rhs.get(), Holds))
      R.push_back(std::move(F));
    return R;
  }
  auto *C = dynCast<Call>(Cond);
  auto *Fn = C ? dynCast<Identifier>(C->Callee.get()) : nullptr;
  if (!Fn)
    return {};
  auto IsNothing = [](const Node *N) {
    auto *Id = dynCast<Identifier>(N);
    return Id && Id->Name == "nothing";
  };
  auto Local = [&](const Node *N) -> std::optional<std::string> {
    auto *Id = dynCast<Identifier>(N);
    if (!Id || !S.Vars.count(resolve(Id->Name)))
      return std::nullopt;
    return resolve(Id->Name);
  };
  if (Fn->Name == "!" && C->Args.size() == 1)
    return nothingFacts(C->Args[0].get(), !Holds);
  if (Fn->Name == "isa" && C->Args.size() == 2 && Holds)
    if (std::optional<std::string> V = Local(C->Args[0].get()))
      if (std::optional<ExceptionSet> Set = exceptionSet(C->Args[1].get());
          Set && !Set->Narrowed.isBottom())
        return {{*V, false, Set->Narrowed}};
  if (Fn->Name == "isnothing" && C->Args.size() == 1)
    if (std::optional<std::string> V = Local(C->Args[0].get()))
      return {{*V, Holds}};
  if ((Fn->Name == "===" || Fn->Name == "!==") && C->Args.size() == 2)
    for (int K = 0; K < 2; ++K)
      if (IsNothing(C->Args[1 - K].get()))
        if (std::optional<std::string> V = Local(C->Args[K].get()))
          return {{*V, (Fn->Name == "===") == Holds}};
  return {};
}

void Lowerer::narrowOn(const Node *Cond, bool Holds) {
  for (const NothingFact &F : nothingFacts(Cond, Holds)) {
    const JType &T = S.Vars[F.Var];
    if (!F.Isa.isBottom()) {
      if (T == exceptionT())
        Narrowed[F.Var] = F.Isa;
    } else if (F.IsNothing)
      Narrowed[F.Var] = NothingT;
    else if (T.Nodes.size() == 1)
      Narrowed[F.Var] = typeOf(T.Nodes[0]);
  }
}

void Lowerer::narrowAfterAssign(const std::string &Name, const JType &T) {
  if (T.isConcrete())
    Narrowed[Name] = T;
  else
    Narrowed.erase(Name);
}

void Lowerer::forgetAssignedIn(const Node *N) {
  std::set<std::string> Names;
  std::vector<const Node *> Loops{N};
  while (!Loops.empty()) {
    const Node *L = Loops.back();
    Loops.pop_back();
    if (auto *W = dynCast<While>(L))
      assignedIn(W->Body.get(), Names, Loops);
    else if (auto *F = dynCast<For>(L))
      assignedIn(F->Body.get(), Names, Loops);
    else
      assignedIn(L, Names, Loops);
  }
  for (auto It = Narrowed.begin(); It != Narrowed.end();)
    if (Names.count(displayName(It->first)))
      It = Narrowed.erase(It);
    else
      ++It;
}

TV Lowerer::widen(TV X, const JType &To) {
  if (!To.isNullableRef() || X.T == To)
    return X;
  if (X.T == NothingT)
    return {To, Emit ? Constant::getNullValue(I.llvmType(To)) : nullptr};
  if (X.T.node() == To.Nodes[0])
    return {To, X.V};
  return X;
}

TV Lowerer::unionUse(const TV &X, const std::string &What, SourceRange Range) {
  std::string Name = X.Var ? "`" + X.Var->Name + "`" : "this value";
  return error(Range, Name + " is " + typeName(X.T) + ": " + What +
                          " needs dynamic dispatch, which is not supported "
                          "yet (test it against `nothing` first)");
}

// `===`: the same object for references, the same bits for numbers.
TV Lowerer::identical(TV A, TV Bv, SourceRange Range) {
  auto IsRef = [](const JType &T) {
    if (T.isNullableRef() || T == NothingT)
      return true;
    const TypeNode *N = T.node();
    return N && (N->Mutable || N->TheKind == TypeNode::Kind::Vector ||
                 N->TheKind == TypeNode::Kind::Matrix);
  };
  auto Const = [&](bool V) -> TV {
    return {BoolT, Emit ? B.getInt1(V) : nullptr};
  };
  if ((isNumber(A.T) || A.T == BoolT || A.T == JType(CharBit)) &&
      (isNumber(Bv.T) || Bv.T == BoolT || Bv.T == JType(CharBit))) {
    if (A.T != Bv.T)
      return Const(false);
    if (!Emit)
      return {BoolT};
    Type *Bits = B.getIntNTy(I.llvmType(A.T)->getPrimitiveSizeInBits());
    return {BoolT, B.CreateICmpEQ(B.CreateBitCast(A.V, Bits),
                                  B.CreateBitCast(Bv.V, Bits))};
  }
  if (!IsRef(A.T) || !IsRef(Bv.T)) {
    if (A.T == NothingT || Bv.T == NothingT)
      return Const(false);
    return unsupported(Range, "`===` on values of types " + typeName(A.T) +
                                  " and " + typeName(Bv.T));
  }
  // Types without a member in common hold different objects.
  bool Share = (A.T.Mask & Bv.T.Mask) != 0;
  for (const TypeNode *N : A.T.Nodes)
    Share = Share || std::count(Bv.T.Nodes.begin(), Bv.T.Nodes.end(), N);
  if (!Share)
    return Const(false);
  if (A.T == NothingT && Bv.T == NothingT)
    return Const(true);
  if (!Emit)
    return {BoolT};
  Value *PA = A.V ? A.V : Constant::getNullValue(B.getPtrTy());
  Value *PB = Bv.V ? Bv.V : Constant::getNullValue(B.getPtrTy());
  return {BoolT, B.CreateICmpEQ(PA, PB)};
}

void Lowerer::infer() {
  // Variables keep their joined types across rounds, so one walk per round
  // sees the types loop back edges bring.
  for (size_t K = 0; K < S.Args.size(); ++K)
    S.Vars[S.M->ParamNames[K]] = S.Vars[S.M->ParamNames[K]].join(S.Args[K]);
  TV Last = evalBlock(S.M->Body, !S.M->TopLevel);
  if (S.M->TopLevel)
    S.Ret = NothingT;
  else if (S.M->ReturnType) // `f(x)::T`: every return converts to T
    S.Ret = I.concreteType(S.M->ReturnType, S.Env).value_or(ErrorT);
  else
    S.Ret = S.Ret.join(Last.T);
}

void Lowerer::emit() {
  F = S.F;
  B.SetInsertPoint(BasicBlock::Create(I.Ctx, "entry", F));
  // Zeroed, so that a path reading a variable before any assignment (an
  // UndefVarError in Julia) reads a defined value, not undef.
  for (auto &[Name, T] : S.Vars)
    if (T.isRepresentable() && T != NothingT) {
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
  if (S.M->ReturnType && S.Ret.isConcrete())
    V = convertTo(V, S.Ret, S.M->Range);
  if (S.Ret.isNullableRef())
    V = widen(V, S.Ret);
  if (S.Ret.isRepresentable() && V.T == S.Ret) {
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
      leaveTo(Loops.back().TryDepth,
              IsBreak ? Loops.back().Break : Loops.back().Continue);
      startDeadBlock();
    }
    return {JType{}};
  }
  case NodeKind::Return:
    return evalReturn(static_cast<const Return *>(N));
  case NodeKind::CharLiteral:
    return evalCharLiteral(static_cast<const CharLiteral *>(N));
  case NodeKind::Tuple:
    return evalTuple(static_cast<const frontend::Tuple *>(N));
  case NodeKind::FieldAccess:
    return evalFieldAccess(static_cast<const FieldAccess *>(N));
  case NodeKind::Index:
    return evalIndex(static_cast<const Index *>(N));
  case NodeKind::Vect:
    return evalVect(static_cast<const Vect *>(N));
  case NodeKind::StringLiteral:
    return unsupported(N->Range, "strings outside `print`, `println` and "
                                 "`@assert` messages");
  case NodeKind::MacroCall: {
    auto *MC = static_cast<const MacroCall *>(N);
    if (MC->Name == "show")
      return evalShow(MC);
    if (MC->Name == "assert")
      return evalAssert(MC);
    if (MC->Name == "inbounds" && MC->Args.size() == 1) {
      ++InBounds;
      TV R = eval(MC->Args[0].get(), Want);
      --InBounds;
      return R;
    }
    if ((MC->Name == "inline" || MC->Name == "noinline") &&
        MC->Args.size() == 1)
      return eval(MC->Args[0].get(), Want);
    return error(N->Range, "`@" + MC->Name + "` is not supported yet");
  }
  case NodeKind::ScopeDecl:
    return evalScopeDecl(static_cast<const ScopeDecl *>(N));
  case NodeKind::Try:
    return evalTry(static_cast<const frontend::Try *>(N), Want);
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
    // Inside `if x !== nothing` (and after `x = Node(...)`) a nullable
    // local is known to be its struct, as Julia's inference knows it.
    JType Known = T;
    if (auto N = Narrowed.find(Name);
        N != Narrowed.end() &&
        ((T.isNullableRef() &&
          (N->second == NothingT || N->second.node() == T.Nodes[0])) ||
         (T == exceptionT() && isException(N->second)))) // `e isa MyError`
      Known = N->second;
    if (!Emit)
      return {T.isRepresentable() || T.isBottom() ? Known : ErrorT};
    if (T.isBottom() && !S.ErrorVars.count(Name))
      return error(Id->Range, "`" + Id->Name +
                                  "` is used before it is "
                                  "assigned (UndefVarError)");
    if (!T.isRepresentable())
      return {ErrorT}; // reported at its assignment
    if (Known == NothingT)
      return {Known, nullptr, Id};
    LoadInst *L = B.CreateLoad(I.llvmType(T), Slots[Name], Id->Name);
    L->setVolatile(VolatileVars.count(displayName(Name)));
    return {Known, L, Id};
  }
  if (Name == "nothing")
    return {NothingT};
  if (Name == "end" && !Ends.empty()) {
    const EndOf &E = Ends.back(); // the innermost brackets': `v[w[end]]`
    return E.Count == 1
               ? callFunction("length", {E.Base}, Id->Range)
               : callFunction("size",
                              {E.Base,
                               {I.IntT, Emit ? constant(I.IntT, 0, E.Dim + 1)
                                             : nullptr}},
                              Id->Range);
  }
  if (Name == "π" || Name == "pi")
    return {PiT};
  if (std::optional<JType> T = I.concreteType(Id, S.Env)) {
    // A type as a value: `f(Float64, n)`.
    JType TT = typeOf(TypeNode::get(TypeNode::Kind::Type, "", {*T}, {}));
    return {TT, Emit ? Constant::getNullValue(I.llvmType(TT)) : nullptr};
  }
  if (auto C = I.Constants.find(Name); C != I.Constants.end()) {
    if (!ConstantsInUse.insert(Name).second)
      return error(Id->Range, "`" + Name + "` is defined in terms of itself");
    TV V = eval(C->second, true);
    ConstantsInUse.erase(Name);
    return V;
  }
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
  if (!T.isRepresentable())
    return error(Range, std::string("the value of this ") + What + " is " +
                            typeName(T) +
                            ": type-unstable code is not supported yet");
  if (!Emit || T == NothingT)
    return {T};
  PHINode *Phi = B.CreatePHI(I.llvmType(T), In.size());
  // A value-less incoming comes from dead code after a `return`/`break`;
  // `nothing` into a nullable reference is null.
  for (Incoming &X : In)
    Phi->addIncoming(X.V.V ? X.V.V
                     : X.V.T == NothingT
                         ? Constant::getNullValue(Phi->getType())
                         : PoisonValue::get(Phi->getType()),
                     X.BB);
  return {T, Phi};
}

TV Lowerer::evalIf(const If *N, bool Want) {
  std::vector<Incoming> In;
  BasicBlock *Merge = Emit ? newBlock("if.end") : nullptr;
  bool HasElse = N->Else != nullptr;
  std::map<std::string, JType> Before = Narrowed;
  // What is known after the `if`: what every arm that falls through to its
  // end knows there (`if x === nothing return 0 end` leaves x a T).
  std::vector<std::map<std::string, JType>> Ends;
  auto FallsThrough = [](const Block *Body) {
    if (!Body || Body->Stmts.empty())
      return true;
    NodeKind K = Body->Stmts.back()->Kind;
    return K != NodeKind::Return && K != NodeKind::Break &&
           K != NodeKind::Continue;
  };
  for (const If::Branch &Br : N->Branches) {
    TV C = condition(Br.Cond.get());
    BasicBlock *Then = nullptr, *Next = nullptr;
    if (Emit) {
      Then = newBlock("if.then");
      Next = newBlock("if.next");
      branchOn(C, Then, Next);
      B.SetInsertPoint(Then);
    }
    std::map<std::string, JType> Outside = Narrowed;
    narrowOn(Br.Cond.get(), true);
    TV V = evalBlock(stmts(Br.Body.get()), Want);
    arriveAt(In, V, Merge);
    if (FallsThrough(Br.Body.get()))
      Ends.push_back(Narrowed);
    Narrowed = std::move(Outside);
    narrowOn(Br.Cond.get(), false); // the later branches: it failed
    if (Emit)
      B.SetInsertPoint(Next);
  }
  TV V = HasElse ? evalBlock(stmts(N->Else.get()), Want) : TV{NothingT};
  arriveAt(In, V, Merge);
  if (FallsThrough(N->Else.get()))
    Ends.push_back(Narrowed);
  if (Emit)
    B.SetInsertPoint(Merge);
  Narrowed = std::move(Before);
  forgetAssignedIn(N);
  if (!Ends.empty()) {
    Narrowed = Ends[0];
    for (auto It = Narrowed.begin(); It != Narrowed.end();) {
      bool Everywhere = std::all_of(Ends.begin(), Ends.end(), [&](auto &E) {
        auto F = E.find(It->first);
        return F != E.end() && F->second == It->second;
      });
      It = Everywhere ? std::next(It) : Narrowed.erase(It);
    }
  }
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
  std::map<std::string, JType> Before = Narrowed;
  for (const Node *Arm : {N->Then.get(), N->Else.get()}) {
    narrowOn(N->Cond.get(), Arm == N->Then.get());
    arriveAt(In, eval(Arm, Want), Merge);
    Narrowed = Before;
    if (Emit)
      B.SetInsertPoint(Arm == N->Then.get() ? Else : Merge);
  }
  forgetAssignedIn(N);
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
  std::map<std::string, JType> Before = Narrowed;
  narrowOn(L->Lhs.get(), IsAnd);
  TV V = eval(L->Rhs.get(), Want);
  Narrowed = std::move(Before);
  forgetAssignedIn(L);
  // `e isa T || rethrow()`: past a right side that never returns, the
  // left one held (`||`) or failed (`&&`).
  if (V.T.isBottom())
    narrowOn(L->Lhs.get(), !IsAnd);
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
  forgetAssignedIn(N); // the back edge brings them
  std::map<std::string, JType> Before = Narrowed;
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
  Loops.push_back({Cond, Exit, Tries.size()});
  pushScope(N);
  narrowOn(N->Cond.get(), true);
  evalBlock(stmts(N->Body.get()), false);
  Scopes.pop_back();
  Loops.pop_back();
  if (Emit) {
    if (!terminated())
      B.CreateBr(Cond);
    B.SetInsertPoint(Exit);
  }
  // After the loop the condition failed, unless a `break` left it.
  Narrowed = std::move(Before);
  return {NothingT};
}

TV Lowerer::evalFor(const For *N, size_t Binding) {
  if (Binding == 0)
    forgetAssignedIn(N); // the back edge brings them
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
  // `eachindex(v)` is `1:length(v)`.
  bool EachIndex = Colon && Colon->Name == "eachindex" &&
                   Range->Args.size() == 1 && !Reversed;
  bool Syntax =
      EachIndex ||
      (Colon && Colon->Name == ":" &&
       (Range->Args.size() == 2 || (!Reversed && Range->Args.size() == 3)));
  // Otherwise a range value (`r = 1:2:n; for i in r`): its fields; or a
  // vector, whose elements the variable takes in order (`for x in v`).
  std::vector<TV> Fields;
  std::optional<TV> Over;
  if (!Syntax) {
    TV R = Reversed ? TV{ErrorT} : eval(Bd.Iter.get(), true);
    if (R.T.isBottom())
      return {JType{}};
    const TypeNode *RN = R.T.node();
    if (RN && (RN->TheKind == TypeNode::Kind::Vector ||
               RN->TheKind == TypeNode::Kind::Matrix)) {
      Over = R;
      Fields.push_back({I.IntT, Emit ? constant(I.IntT, 1, 1) : nullptr});
      Fields.push_back({I.IntT, Emit ? arrayLength(R) : nullptr});
    } else if (!RN || (RN->TheKind != TypeNode::Kind::UnitRange &&
                       RN->TheKind != TypeNode::Kind::StepRange)) {
      return R.T.isError() && !Reversed
                 ? R
                 : error(Bd.Iter->Range,
                         "iterating over anything but ranges, vectors or "
                         "`eachindex(v)` is not supported yet");
    } else {
      for (unsigned K = 0; K < RN->Fields.size(); ++K)
        Fields.push_back(fieldOf(R, K));
    }
  }
  std::vector<const Node *> PartNodes;
  if (Syntax)
    for (const NodePtr &A : Range->Args)
      PartNodes.push_back(A.get());
  else
    PartNodes.assign(Fields.size(), Bd.Iter.get());
  std::vector<TV> Parts;
  JType T;
  bool Unknown = false; // inference has not reached a part's type yet
  for (size_t K = 0; K < PartNodes.size(); ++K) {
    const Node *A = PartNodes[K];
    TV P = Syntax ? eval(A, true) : Fields[K];
    if (EachIndex) {
      TV One{I.IntT, Emit ? constant(I.IntT, 1, 1) : nullptr};
      Parts.push_back(One);
      P = callFunction("length", {P}, A->Range);
    }
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
    assignVar(VarName, {Over ? Over->T.node()->Parameters[0] : T}, Var->Range);
    Loops.push_back({nullptr, nullptr, 0});
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
  auto [NonEmpty, Last] =
      rangeBounds(Start, HasStep ? Step : nullptr, Stop, Signed);
  // A hidden counter: assigning the loop variable in the body does not
  // change the iteration, as in Julia.
  IRBuilder<> EntryB(&F->getEntryBlock(), F->getEntryBlock().begin());
  AllocaInst *Counter = EntryB.CreateAlloca(I.llvmType(T), nullptr, "iter");
  BasicBlock *Body = newBlock("for.body"), *Latch = newBlock("for.latch"),
             *Exit = newBlock("for.end");
  B.CreateStore(Start, Counter);
  B.CreateCondBr(NonEmpty, Body, Exit);
  B.SetInsertPoint(Body);
  TV Item{T, B.CreateLoad(I.llvmType(T), Counter)};
  if (Over) { // the element at the counter, within bounds by construction
    JType Elt = Over->T.node()->Parameters[0];
    Type *EltTy = I.llvmType(Elt);
    Value *At = B.CreateGEP(EltTy, header(Over->V, DataField),
                            B.CreateSub(Item.V, constant(T, 0, 1)));
    LoadInst *L = B.CreateLoad(EltTy, At);
    L->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, false));
    Item = {Elt, L};
  }
  assignVar(VarName, Item, Var->Range);
  Loops.push_back({Latch, Exit, Tries.size()});
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
  // A vector's length is read again each time, as Base's iterate does: the
  // body may push! or pop!.
  B.CreateCondBr(Over ? B.CreateICmpSGE(Cur, arrayLength(*Over))
                      : B.CreateICmpEQ(Cur, Last),
                 Exit, Inc);
  B.SetInsertPoint(Inc);
  B.CreateStore(B.CreateAdd(Cur, Step), Counter);
  B.CreateBr(Body);
  B.SetInsertPoint(Exit);
  PopScope();
  return {NothingT};
}

// Whether a:s:b (a:b without Step) is non-empty, and its last element:
// for a step, stop moved back to the start's grid, the distance taken
// unsigned so that it cannot overflow.
std::pair<Value *, Value *> Lowerer::rangeBounds(Value *Start, Value *Step,
                                                 Value *Stop, bool Signed) {
  auto Le = [&](Value *X, Value *Y) {
    return Signed ? B.CreateICmpSLE(X, Y) : B.CreateICmpULE(X, Y);
  };
  if (!Step)
    return {Le(Start, Stop), Stop};
  Value *Zero = ConstantInt::get(Step->getType(), 0);
  throwIf(
      B.CreateICmpEQ(Step, Zero),
      messageText(ExceptionType::ArgumentError, {lit("step cannot be zero")}));
  Value *Up = Signed ? B.CreateICmpSGT(Step, Zero) : B.getTrue();
  Value *NonEmpty = B.CreateSelect(Up, Le(Start, Stop), Le(Stop, Start));
  Value *Dist =
      B.CreateSelect(Up, B.CreateSub(Stop, Start), B.CreateSub(Start, Stop));
  Value *AbsStep = B.CreateSelect(Up, Step, B.CreateNeg(Step));
  Value *Rem = B.CreateURem(Dist, AbsStep);
  return {NonEmpty,
          B.CreateSelect(Up, B.CreateSub(Stop, Rem), B.CreateAdd(Stop, Rem))};
}

// `a:b` and `a:s:b` as values: UnitRange and StepRange hold their stop as
// Julia stores it (the last element; start - 1, or start - step, when
// empty), which is what they print.
TV Lowerer::evalRange(const Call *C) {
  std::vector<TV> Parts;
  JType T;
  for (const NodePtr &A : C->Args) {
    Parts.push_back(eval(A.get(), true));
    const JType &PT = Parts.back().T;
    if (PT.isError() || PT.isBottom())
      return {PT.isError() ? ErrorT : JType{}};
    if (!isInt(PT))
      return unsupported(A->Range, "ranges of " + typeName(PT));
    T = T.isBottom() ? PT : promote(T, PT);
  }
  bool Step = Parts.size() == 3;
  JType RT = typeOf(
      Step ? TypeNode::get(TypeNode::Kind::StepRange, "", {T, T}, {T, T, T})
           : TypeNode::get(TypeNode::Kind::UnitRange, "", {T}, {T, T}));
  if (!Emit)
    return {RT};
  for (TV &P : Parts)
    P = castTV(P, T);
  Value *Start = Parts.front().V, *Stop = Parts.back().V;
  auto [NonEmpty, Last] =
      rangeBounds(Start, Step ? Parts[1].V : nullptr, Stop, isSigned(T));
  Value *Back = B.CreateSub(Start, Step ? Parts[1].V : constant(T, 0, 1));
  std::vector<TV> Fields{Parts.front()};
  if (Step)
    Fields.push_back(Parts[1]);
  Fields.push_back({T, B.CreateSelect(NonEmpty, Last, Back)});
  return makeAggregate(RT, Fields);
}

TV Lowerer::assignVar(const std::string &Name, TV Value, SourceRange Range) {
  if (Value.T == PiT)
    Value = error(Range, "`π` as a value (Irrational{:π}) is not supported "
                         "yet: write Float64(π)");
  if (!Emit) {
    // An erroneous value leaves the type alone: a variable whose own union
    // made its update erroneous must still be reported as that union.
    JType &T = S.Vars[Name];
    if (!Value.T.isError())
      T = T.join(Value.T);
    else
      S.ErrorVars.insert(Name);
    narrowAfterAssign(Name, Value.T);
    return Value;
  }
  JType T = S.Vars[Name];
  if (T.isError() || Value.T.isError())
    return {ErrorT};
  if (!T.isRepresentable()) {
    if (ReportedVars.insert(Name).second)
      error(Range, "variable `" + displayName(Name) + "` is " + typeName(T) +
                       ": type-unstable code is not supported yet");
    return {ErrorT};
  }
  narrowAfterAssign(Name, Value.T);
  TV Stored = T.isNullableRef() ? widen(Value, T) : Value;
  if (Stored.V && Stored.T == T)
    B.CreateStore(Stored.V, Slots[Name])
        ->setVolatile(VolatileVars.count(displayName(Name)));
  return Value;
}

TV Lowerer::evalAssign(const Assign *A) {
  std::string Op =
      A->Operator == "=" ? "" : A->Operator.substr(0, A->Operator.size() - 1);
  if (auto *Id = dynCast<Identifier>(A->Lhs.get())) {
    TV Rhs = eval(A->Rhs.get(), true);
    if (!Op.empty())
      Rhs = callFunction(Op, {evalIdentifier(Id), Rhs}, A->Range);
    return assignVar(resolve(Id->Name), Rhs, Id->Range);
  }
  if (auto *FA = dynCast<FieldAccess>(A->Lhs.get())) {
    TV Base = eval(FA->Base.get(), true);
    TV Rhs = eval(A->Rhs.get(), true);
    if (!Op.empty())
      Rhs = callFunction(Op, {evalFieldAccess(FA), Rhs}, A->Range);
    return setField(Base, FA->Field, Rhs, A->Range);
  }
  if (auto *Ix = dynCast<Index>(A->Lhs.get())) {
    std::vector<TV> Args{eval(Ix->Base.get(), true), TV{}};
    for (TV &X : evalIndices(Ix, Args[0]))
      Args.push_back(X);
    TV Rhs = eval(A->Rhs.get(), true);
    if (!Op.empty()) {
      std::vector<TV> Get{Args[0]};
      Get.insert(Get.end(), Args.begin() + 2, Args.end());
      Rhs = callFunction(Op, {callFunction("getindex", Get, Ix->Range), Rhs},
                         A->Range);
    }
    Args[1] = Rhs;
    callFunction("setindex!", Args, A->Range);
    return Rhs;
  }
  if (auto *T = dynCast<frontend::Tuple>(A->Lhs.get())) {
    // `a, b = t`: element by element, as Julia's indexed_iterate does.
    TV Rhs = eval(A->Rhs.get(), true);
    if (Rhs.T.isError() || Rhs.T.isBottom())
      return Rhs;
    const TypeNode *N = Rhs.T.node();
    if (!N || N->TheKind != TypeNode::Kind::Tuple)
      return unsupported(A->Rhs->Range,
                         "destructuring values of type " + typeName(Rhs.T));
    if (N->Fields.size() < T->Elements.size())
      return error(A->Range, "BoundsError: attempt to access " +
                                 typeName(Rhs.T) + " at index [" +
                                 std::to_string(N->Fields.size() + 1) + "]");
    for (size_t K = 0; K < T->Elements.size(); ++K) {
      auto *Id = dynCast<Identifier>(T->Elements[K].get());
      if (!Id)
        return unsupported(T->Elements[K]->Range, "nested destructuring");
      assignVar(resolve(Id->Name), fieldOf(Rhs, K), Id->Range);
    }
    return Rhs;
  }
  return unsupported(A->Lhs->Range,
                     A->Lhs->Kind == NodeKind::TypeAssert
                         ? "typed variable declarations (`x::T = ...`)"
                         : std::string("assignments to ") +
                               unsupportedName(A->Lhs->Kind));
}

TV Lowerer::evalReturn(const Return *R) {
  if (S.M->TopLevel)
    return error(R->Range, "`return` at top level is not supported yet");
  TV V = R->Value ? eval(R->Value.get(), true) : TV{NothingT};
  if (!Emit) {
    if (!S.M->ReturnType)
      S.Ret = S.Ret.join(V.T);
  } else {
    if (!terminated() && !Tries.empty()) {
      // The handlers are left (their finally bodies run) first; the value
      // waits in a slot, since a finally's code has other predecessors.
      BasicBlock *Ret = newBlock("return");
      AllocaInst *Slot = V.V ? entryAlloca(V.V->getType(), "ret") : nullptr;
      if (Slot)
        B.CreateStore(V.V, Slot);
      leaveTo(0, Ret);
      B.SetInsertPoint(Ret);
      if (Slot)
        V.V = B.CreateLoad(Slot->getAllocatedType(), Slot);
    }
    if (!terminated())
      emitReturn(V);
    startDeadBlock();
  }
  return {JType{}};
}

TV Lowerer::evalCall(const Call *C) {
  std::vector<const Node *> ArgNodes;
  for (const NodePtr &A : C->Args)
    ArgNodes.push_back(A.get());
  auto EvalArgs = [&](size_t From = 0) {
    std::vector<TV> Args;
    for (size_t K = From; K < ArgNodes.size(); ++K)
      Args.push_back(eval(ArgNodes[K], true));
    return Args;
  };
  if (auto *Cu = dynCast<Curly>(C->Callee.get())) {
    // `Point{Float64}(x, y)`, `Ptr{Float64}(address)`.
    std::optional<JType> T = typeArg(Cu);
    const TypeNode *N = T ? T->node() : nullptr;
    if (!N)
      return unsupported(Cu->Range, "calls of this parametric type");
    auto *Undef =
        ArgNodes.size() >= 2 ? dynCast<Identifier>(ArgNodes[0]) : nullptr;
    size_t Rank = N->TheKind == TypeNode::Kind::Vector   ? 1
                  : N->TheKind == TypeNode::Kind::Matrix ? 2
                                                         : 0;
    if (Rank && Undef && Undef->Name == "undef" && ArgNodes.size() == Rank + 1)
      return newArray(N->Parameters[0], EvalArgs(1), {}, std::nullopt,
                      C->Range);
    if (Rank == 1 && ArgNodes.empty()) // `Vector{T}()`: empty
      return newArray(N->Parameters[0],
                      {{I.IntT, Emit ? constant(I.IntT, 0, 0) : nullptr}}, {},
                      std::nullopt, C->Range);
    std::vector<TV> Args = EvalArgs();
    if (N->TheKind == TypeNode::Kind::Struct)
      return construct(I.Structs.at(N->Name), N->Parameters, std::move(Args),
                       C->Range);
    if (N->TheKind == TypeNode::Kind::Ptr && Args.size() == 1 &&
        isInt(Args[0].T))
      return {*T, Emit ? B.CreateIntToPtr(Args[0].V, I.llvmType(*T)) : nullptr};
    return unsupported(C->Range, "constructing " + typeName(*T));
  }
  if (auto *Id = dynCast<Identifier>(C->Callee.get());
      Id && S.Env.count(Id->Name) && !S.Vars.count(resolve(Id->Name))) {
    // `T(x)` with T a type variable: convert, or construct a struct.
    const JType &T = S.Env.at(Id->Name);
    std::vector<TV> Args = EvalArgs();
    if (const TypeNode *N = T.node(); N && N->TheKind == TypeNode::Kind::Struct)
      return construct(I.Structs.at(N->Name), N->Parameters, std::move(Args),
                       C->Range);
    if (Args.size() == 1 && isNumber(T))
      return convertChecked(Args[0], T, C->Range);
    return unsupported(C->Range, "calling the type " + typeName(T));
  }
  auto Name = methodName(C->Callee.get());
  if (!Name)
    return unsupported(C->Callee->Range, std::string("calls of ") +
                                             unsupportedName(C->Callee->Kind));
  const std::string &Fn = Name->first;
  if (Fn == ":" && (ArgNodes.size() == 2 || ArgNodes.size() == 3))
    return evalRange(C);
  if (!I.Methods.count(Fn)) {
    if (Fn == "throw")
      return evalThrow(C);
    if (Fn == "error")
      return evalError(C);
    if (Fn == "rethrow")
      return evalRethrow(C);
    if (Fn == "isa" && ArgNodes.size() == 2)
      return evalIsa(C);
    auto *Io =
        ArgNodes.size() == 2 ? dynCast<Identifier>(ArgNodes[0]) : nullptr;
    if (Fn == "showerror" && Io && Io->Name == "stdout") {
      // showerror(io, x) is show(io, x) but for exceptions.
      TV X = eval(ArgNodes[1], true);
      return emitPrint(
          {{{isException(X.T) ? PrintPiece::ExceptionMessage : PrintPiece::Show,
             "", X.T}}},
          {X}, C->Range);
    }
  }
  if (Fn == "print" || Fn == "println")
    return evalPrint(ArgNodes, Fn == "println", C->Range);
  if (Fn == "show" && ArgNodes.size() == 1) {
    TV X = eval(ArgNodes[0], true);
    return emitPrint({{{PrintPiece::Show, "", X.T}}}, {X}, C->Range);
  }
  if (Fn == "unsafe_trunc" && ArgNodes.size() == 2)
    return evalUnsafeTrunc(C);
  if (Fn == "exit" && ArgNodes.size() <= 1 && !I.Methods.count(Fn))
    return evalExit(C);
  // Functions of a type: `zero(T)`, `typemax(Int32)`, `convert(T, x)`,
  // `floor(Int, x)` (round, then convert exactly: InexactError).
  std::optional<JType> TypeArg =
      ArgNodes.empty() ? std::nullopt : typeArg(ArgNodes[0]);
  if (TypeArg && isNumber(*TypeArg)) {
    const JType &T = *TypeArg;
    if ((Fn == "zero" || Fn == "one") && ArgNodes.size() == 1)
      return {T, Emit ? constant(T, Fn == "one", Fn == "one") : nullptr};
    if ((Fn == "typemin" || Fn == "typemax") && ArgNodes.size() == 1) {
      if (!Emit)
        return {T};
      if (isFloat(T))
        return {T, constant(T, Fn == "typemax" ? HUGE_VAL : -HUGE_VAL, 0)};
      unsigned W = info(T).Bits;
      APInt V = Fn == "typemax"
                    ? (isSigned(T) ? APInt::getSignedMaxValue(W)
                                   : APInt::getMaxValue(W))
                    : (isSigned(T) ? APInt::getSignedMinValue(W) : APInt(W, 0));
      return {T, ConstantInt::get(I.llvmType(T), V)};
    }
    if ((Fn == "zeros" || Fn == "ones") &&
        (ArgNodes.size() == 2 || ArgNodes.size() == 3))
      return newArray(
          T, EvalArgs(1), {},
          TV{T, Emit ? constant(T, Fn == "ones", Fn == "ones") : nullptr},
          C->Range);
    if (Fn == "convert" && ArgNodes.size() == 2)
      return convertTo(eval(ArgNodes[1], true), T, C->Range);
    if ((Fn == "floor" || Fn == "ceil" || Fn == "trunc" || Fn == "round") &&
        ArgNodes.size() == 2) {
      TV Rounded = callFunction(Fn, {eval(ArgNodes[1], true)}, C->Range);
      if (Rounded.T.isError() || Rounded.T.isBottom())
        return Rounded;
      return convertChecked(Rounded, T, C->Range, true);
    }
  }
  std::vector<TV> Args = EvalArgs();
  if ((Fn == "zeros" || Fn == "ones") &&
      (Args.size() == 1 || Args.size() == 2) && !I.Methods.count(Fn))
    return newArray(
        Float64T, Args, {},
        TV{Float64T, Emit ? constant(Float64T, Fn == "ones", 0) : nullptr},
        C->Range);
  if (Fn == "fill" && (Args.size() == 2 || Args.size() == 3) &&
      !I.Methods.count(Fn))
    return newArray(Args[0].T, {Args.begin() + 1, Args.end()}, {}, Args[0],
                    C->Range);
  auto Def = I.Structs.find(Fn);
  if (Def != I.Structs.end()) {
    // Outer constructors (user methods) first, then the default one.
    bool Outer = I.Methods.count(Fn) && [&] {
      std::vector<JType> Types;
      for (const TV &A : Args)
        if (!A.T.isConcrete())
          return true; // callFunction knows what to do
        else
          Types.push_back(A.T);
      std::string Why;
      TypeEnv Env;
      return I.dispatch(Fn, Types, Why, Env) != nullptr;
    }();
    if (Outer)
      return callFunction(Fn, std::move(Args), C->Range, C);
    return construct(Def->second, std::nullopt, std::move(Args), C->Range);
  }
  return callFunction(Fn, std::move(Args), C->Range, C);
}

// `exit(n)`: the runtime ends the program with status n (runtime slot
// jlremote_exit); like `return`, it never gives a value.
TV Lowerer::evalExit(const Call *C) {
  TV Status = C->Args.empty()
                  ? TV{I.IntT, Emit ? constant(I.IntT, 0, 0) : nullptr}
                  : eval(C->Args[0].get(), true);
  if (Status.T.isError())
    return Status;
  if (!Status.T.isBottom() && !isInt(Status.T))
    return error(C->Range,
                 "no method matching exit(::" + typeName(Status.T) + ")");
  if (Emit && Status.V) {
    FunctionCallee Exit = I.Mod->getOrInsertFunction(
        "jlremote_exit", B.getVoidTy(), B.getInt32Ty());
    if (auto *Decl = dyn_cast<llvm::Function>(Exit.getCallee()))
      Decl->setDoesNotReturn();
    B.CreateCall(Exit, {cast(Status.V, Status.T, JType(Int32Bit))});
    B.CreateUnreachable();
    startDeadBlock();
  }
  return {JType{}};
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
  // π goes to the built-in operations only (their promotion gives it a
  // type); user methods would need Irrational values.
  bool HasPi = std::find(Types.begin(), Types.end(), PiT) != Types.end();
  std::string Why;
  TypeEnv Env;
  if (HasPi) {
    if (std::optional<TV> R = builtin(Name, Args, Range, Syntax))
      return *R;
    return error(Range, "passing `π` (Irrational{:π}) to `" + Name.str() +
                            "` is not supported yet: write Float64(π)");
  }
  if (Method *M = I.dispatch(Name, Types, Why, Env)) {
    Spec *Callee = I.getSpec(M, Types, Env);
    if (!Emit)
      return {Callee->Ret.isRepresentable() || Callee->Ret.isBottom()
                  ? Callee->Ret
                  : ErrorT};
    if (std::find(S.Callees.begin(), S.Callees.end(), Callee->Symbol) ==
        S.Callees.end())
      S.Callees.push_back(Callee->Symbol);
    if (Callee->Ret.isBottom() && Callee->F) {
      // It never returns (it always throws): nothing after the call runs.
      std::vector<Value *> Vals;
      for (TV &A : Args)
        Vals.push_back(A.V);
      B.CreateCall(Callee->F, Vals);
      B.CreateUnreachable();
      startDeadBlock();
      return {JType{}};
    }
    if (!Callee->Ret.isRepresentable() || !Callee->F)
      return {ErrorT}; // reported at the callee
    std::vector<Value *> Vals;
    for (TV &A : Args)
      if (A.T == NothingT)
        return error(Range, "passing `nothing` is not supported yet");
      else
        Vals.push_back(A.V);
    return {Callee->Ret, B.CreateCall(Callee->F, Vals)};
  }
  // A nullable reference reaches the built-in operations only to be
  // compared with `nothing`; anything else would dispatch on which it is.
  static const std::set<std::string> OnNullable = {
      "===", "!==", "==", "!=", "≠", "isnothing"};
  if (!OnNullable.count(Name.str()))
    for (const TV &A : Args)
      if (A.T.isNullableRef())
        return unionUse(A, "calling `" + Name.str() + "` on it", Range);
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

// A runtime function (a runtime slot: device_runtime/runtime_slots.h).
FunctionCallee Lowerer::runtime(const char *Name, Type *Ret,
                                std::vector<Type *> Params, bool NoReturn) {
  FunctionCallee Fn =
      I.Mod->getOrInsertFunction(Name, FunctionType::get(Ret, Params, false));
  if (auto *Decl = dyn_cast<llvm::Function>(Fn.getCallee()); Decl && NoReturn) {
    Decl->setDoesNotReturn();
    Decl->addFnAttr(Attribute::Cold);
  }
  return Fn;
}

AllocaInst *Lowerer::entryAlloca(Type *Ty, const char *Name) {
  IRBuilder<> EntryB(&F->getEntryBlock(), F->getEntryBlock().begin());
  return EntryB.CreateAlloca(Ty, nullptr, Name);
}

void Lowerer::emitThrow(const ThrowText &Text, const std::vector<TV> &Values) {
  // The payload: the values packed in the print wire form, in a frame slot
  // (the runtime copies it into the exception object).
  unsigned Size = 0;
  for (const TV &X : Values)
    Size += wireBytes(X.T);
  Value *Payload = Constant::getNullValue(B.getPtrTy());
  if (Size) {
    Payload = entryAlloca(ArrayType::get(B.getInt8Ty(), Size), "payload");
    unsigned Offset = 0;
    for (const TV &X : Values)
      storePacked(X, Payload, Offset);
  }
  uint32_t Site;
  if (Text.Type == uint32_t(ExceptionType::OutOfMemoryError)) {
    Site = 0; // the runtime's own site says the same
  } else {
    Site = static_cast<uint32_t>(I.Throws.size());
    I.Throws.push_back(siteOf(Text));
  }
  FunctionCallee Throw = runtime(
      "jlremote_throw", B.getVoidTy(),
      {B.getInt32Ty(), B.getInt32Ty(), B.getPtrTy(), B.getInt32Ty()}, true);
  B.CreateCall(Throw, {B.getInt32(Text.Type), B.getInt32(Site), Payload,
                       B.getInt32(Size)});
  B.CreateUnreachable();
}

void Lowerer::throwIf(Value *Cond, const ThrowText &Text,
                      const std::vector<TV> &Values) {
  BasicBlock *Throw = newBlock("throw"), *Cont = newBlock("cont");
  B.CreateCondBr(Cond, Throw, Cont);
  B.SetInsertPoint(Throw);
  emitThrow(Text, Values);
  B.SetInsertPoint(Cont);
}

Value *Lowerer::constant(JType T, double FloatValue, uint64_t IntValue) {
  if (isFloat(T))
    return ConstantFP::get(I.llvmType(T), FloatValue);
  return ConstantInt::get(I.llvmType(T), IntValue);
}

// Conversions by constructor (`Int32(x)`, `Float64(x)`): exact or an
// InexactError, which traps until exceptions exist.
TV Lowerer::convertChecked(TV X, JType To, SourceRange Range, bool Trunc) {
  if (X.T == PiT && isFloat(To))
    return fromPi(X, To);
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
    throwIf(B.CreateNot(B.CreateAnd(InRange, Whole)),
            inexactText(Trunc ? "trunc" : typeName(To), To, X.T), {X});
    return {To, cast(X.V, X.T, To)};
  }
  // Base's checks (boot.jl): a change of sign checks the top bit first
  // (check_top_bit), a narrowing then that the bits come back (trunc).
  if (FI.Signed != TI.Signed &&
      (FI.Signed ? TI.Bits >= FI.Bits : TI.Bits <= FI.Bits))
    throwIf(B.CreateICmpSLT(X.V, constant(X.T, 0, 0)),
            inexactText("check_top_bit", To, X.T), {X});
  Value *R = cast(X.V, X.T, To);
  if (TI.Bits < FI.Bits)
    throwIf(B.CreateICmpNE(cast(R, To, X.T), X.V),
            inexactText("trunc", To, X.T), {X});
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
  if (std::optional<TV> R = containerBuiltin(Name, Args, Range))
    return R;
  static const std::set<std::string> Math = {"sin",  "cos", "tan",
                                             "atan", "exp", "log"};
  if (Math.count(Name.str()) &&
      (Args.size() == 1 || (Name == "atan" && Args.size() == 2)))
    return callMath(Name, Args, Range);
  if ((Name == "isfinite" || Name == "isnan" || Name == "isinf") &&
      Args.size() == 1) {
    TV X = Args[0];
    if (!isNumber(X.T) && X.T != BoolT)
      return NoMethod();
    if (!Emit)
      return TV{BoolT};
    if (!isFloat(X.T)) // integers are finite
      return TV{BoolT, B.getInt1(Name == "isfinite")};
    Value *Abs = B.CreateUnaryIntrinsic(Intrinsic::fabs, X.V);
    Value *Inf = constant(X.T, HUGE_VAL, 0);
    return TV{BoolT, Name == "isnan"   ? B.CreateFCmpUNO(X.V, X.V)
                     : Name == "isinf" ? B.CreateFCmpOEQ(Abs, Inf)
                                       : B.CreateFCmpOLT(Abs, Inf)};
  }
  if ((Name == "iseven" || Name == "isodd") && Args.size() == 1) {
    if (!isInt(Args[0].T))
      return NoMethod();
    if (!Emit)
      return TV{BoolT};
    Value *Low = B.CreateTrunc(Args[0].V, B.getInt1Ty());
    return TV{BoolT, Name == "isodd" ? Low : B.CreateNot(Low)};
  }
  if ((Name == "zero" || Name == "one") && Args.size() == 1) {
    if (!isNumber(Args[0].T) && Args[0].T != BoolT)
      return NoMethod();
    bool One = Name == "one";
    return TV{Args[0].T, !Emit                ? nullptr
                         : Args[0].T == BoolT ? B.getInt1(One)
                                              : constant(Args[0].T, One, One)};
  }
  if (Name == "clamp" && Args.size() == 3) {
    // Julia: ifelse(x > hi, hi, ifelse(x < lo, lo, x)) in the promoted type.
    for (TV &A : Args)
      if (!isNumber(A.T))
        return NoMethod();
    JType T = promote(promote(Args[0].T, Args[1].T), Args[2].T);
    TV X = castTV(Args[0], T), Lo = castTV(Args[1], T), Hi = castTV(Args[2], T);
    if (!Emit)
      return TV{T};
    Value *Above = compare("<", Hi, X, Range).V;
    Value *Below = compare("<", X, Lo, Range).V;
    return TV{T, B.CreateSelect(Above, Hi.V, B.CreateSelect(Below, Lo.V, X.V))};
  }
  if ((Name == "checked_add" || Name == "checked_sub" ||
       Name == "checked_mul") &&
      Args.size() == 2) {
    // Base.Checked: an OverflowError where the result would wrap.
    if (!isInt(Args[0].T) || !isInt(Args[1].T))
      return NoMethod();
    JType T = promote(Args[0].T, Args[1].T);
    if (!Emit)
      return TV{T};
    TV X = castTV(Args[0], T), Y = castTV(Args[1], T);
    bool Signed = isSigned(T);
    char Op = Name == "checked_add" ? '+' : Name == "checked_sub" ? '-' : '*';
    Intrinsic::ID Id = Op == '+'   ? (Signed ? Intrinsic::sadd_with_overflow
                                             : Intrinsic::uadd_with_overflow)
                       : Op == '-' ? (Signed ? Intrinsic::ssub_with_overflow
                                             : Intrinsic::usub_with_overflow)
                                   : (Signed ? Intrinsic::smul_with_overflow
                                             : Intrinsic::umul_with_overflow);
    Value *R = B.CreateBinaryIntrinsic(Id, X.V, Y.V);
    // checked.jl: `x op y overflowed for type T`.
    throwIf(
        B.CreateExtractValue(R, {1}),
        messageText(ExceptionType::OverflowError,
                    {printed(T), lit(std::string(" ") + Op + " "), printed(T),
                     lit(" overflowed for type " + typeName(T))}),
        {X, Y});
    return TV{T, B.CreateExtractValue(R, {0})};
  }
  static const std::set<std::string> Binary = {
      "+", "-", "*", "/",   "÷",   "div", "%",  "rem", "mod", "^",
      "&", "|", "⊻", "xor", "min", "max", "<<", ">>",  ">>>"};
  static const std::set<std::string> Comparisons = {
      "==", "!=", "≠", "<", "<=", "≤", ">", ">=", "≥", "===", "!=="};
  if (Name == "isnothing" && Args.size() == 1)
    return identical(Args[0], {NothingT}, Range);
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
      throwIf(B.CreateFCmpOLT(X.V, constant(X.T, 0, 0)),
              complexDomainText("sqrt", X.T), {X});
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

// π meets a number: it becomes that number's float type (Float32 with
// Float32, else Float64), as Julia's Irrational promotion does.
TV Lowerer::fromPi(TV X, const JType &Other) {
  if (X.T != PiT)
    return X;
  JType T = Other == Float32T ? Float32T : Float64T;
  return {T, Emit ? constant(T, M_PI, 0) : nullptr};
}

TV Lowerer::arith(StringRef Op, TV A, TV Bv, SourceRange Range,
                  const Call *Syntax) {
  A = fromPi(A, Bv.T);
  Bv = fromPi(Bv, A.T);
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
  if (Op == "<<" || Op == ">>" || Op == ">>>") {
    if (!isInt(A.T) || !isInt(Bv.T))
      return error(Range, "no method matching " +
                              signature(Op, std::vector<JType>{A.T, Bv.T}));
    return {A.T, Emit ? shift(Op, A, Bv) : nullptr};
  }
  if (Op == "^") {
    if (isInt(A.T) && isInt(Bv.T)) {
      if (!Emit)
        return {A.T};
      // Power by squaring; negative exponents are a DomainError in Julia.
      if (isSigned(Bv.T)) {
        // Base's throw_domerr_powbysq, over p, float(p) and -p.
        const JType &P = Bv.T;
        TV FloatP{Float64T, cast(Bv.V, Bv.T, Float64T)},
            NegP{P, B.CreateNeg(Bv.V)};
        std::vector<PrintPiece> Msg{
            lit("Cannot raise an integer x to a negative power "),
            printed(P),
            lit(".\nMake x or "),
            printed(P),
            lit(" a float by adding a zero decimal (e.g., 2.0^"),
            printed(P),
            lit(" or 2^"),
            printed(Float64T),
            lit(" instead of 2^"),
            printed(P),
            lit(") or write 1/x^"),
            printed(P),
            lit(", float(x)^"),
            printed(P),
            lit(", x^float("),
            printed(P),
            lit(") or (x//1)^"),
            printed(P),
            lit(".")};
        throwIf(B.CreateICmpSLT(Bv.V, constant(Bv.T, 0, 0)), domainText(P, Msg),
                {Bv, Bv, Bv, Bv, FloatP, Bv, NegP, Bv, Bv, Bv});
      }
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
    // Julia's literal_pow: x^2 is x*x, x^3 is x*x*x, x^-1 is inv(x),
    // x^-2 is inv(x)*inv(x).
    auto *Lit = Syntax && Syntax->Args.size() == 2
                    ? dynCast<IntLiteral>(Syntax->Args[1].get())
                    : nullptr;
    if (isFloat(A.T) && Lit && Lit->Magnitude <= 3 &&
        !(Lit->Negative && Lit->Magnitude > 2)) {
      if (!Emit)
        return {A.T};
      int P = Lit->Negative ? -static_cast<int>(Lit->Magnitude)
                            : static_cast<int>(Lit->Magnitude);
      Value *Inv = P < 0 ? B.CreateFDiv(constant(A.T, 1, 0), A.V) : nullptr;
      Value *R = P == -2   ? B.CreateFMul(Inv, Inv)
                 : P == -1 ? Inv
                 : P == 0  ? constant(A.T, 1, 0)
                 : P == 1  ? A.V
                 : P == 2  ? B.CreateFMul(A.V, A.V)
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
    if (Float) {
      // Julia's min/max for IEEE floats (base/math.jl): the sign of x - y
      // picks (so -0.0 < 0.0), and a NaN operand makes x - y, a NaN.
      // (llvm.minimum cannot be softened for cores without an FPU.)
      Value *Diff = B.CreateFSub(X, Y);
      Type *Bits = B.getIntNTy(info(T).Bits);
      Value *Negative = B.CreateICmpSLT(B.CreateBitCast(Diff, Bits),
                                        ConstantInt::get(Bits, 0));
      Value *Pick = Op == "min" ? B.CreateSelect(Negative, X, Y)
                                : B.CreateSelect(Negative, Y, X);
      Value *AnyNaN = B.CreateFCmpUNO(X, Y);
      return {T, B.CreateSelect(AnyNaN, Diff, Pick)};
    }
    Value *Lt = Signed ? B.CreateICmpSLT(Y, X) : B.CreateICmpULT(Y, X);
    return {T,
            Op == "min" ? B.CreateSelect(Lt, Y, X) : B.CreateSelect(Lt, X, Y)};
  }
  if (Float) // `%`, `rem`: fmod
    return {T, B.CreateFRem(X, Y)};
  // Integer division: DivideError for zero (and typemin ÷ -1) traps.
  Value *Zero = constant(T, 0, 0);
  throwIf(B.CreateICmpEQ(Y, Zero), divideText());
  Value *MinusOne = Signed ? B.CreateICmpEQ(Y, constant(T, 0, ~0ull)) : nullptr;
  if (Op == "÷" || Op == "div") {
    if (Signed) {
      Value *Min = ConstantInt::get(X->getType(),
                                    APInt::getSignedMinValue(info(T).Bits));
      throwIf(B.CreateAnd(MinusOne, B.CreateICmpEQ(X, Min)), divideText());
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

// Julia's shifts: the result has x's type; a count of the width or more
// shifts everything out (`>>` of a negative number leaves -1), a negative
// count shifts the other way.
Value *Lowerer::shift(StringRef Op, const TV &X, const TV &Count) {
  unsigned W = info(X.T).Bits;
  Type *Ty = X.V->getType();
  JType I64(Int64Bit);
  Value *C = cast(Count.V, Count.T, I64);
  if (Count.T == JType(UInt64Bit)) // huge counts stay huge, not negative
    C = B.CreateSelect(B.CreateICmpSLT(C, B.getInt64(0)), B.getInt64(W), C);
  Value *Neg = B.CreateICmpSLT(C, B.getInt64(0));
  Value *Mag = B.CreateSelect(Neg, B.CreateNeg(C), C);
  // -typemin wraps to typemin: unsigned min with W handles it.
  Mag = B.CreateIntrinsic(Intrinsic::umin, {B.getInt64Ty()},
                          {Mag, B.getInt64(W)});
  Value *Big = B.CreateICmpEQ(Mag, B.getInt64(W));
  Value *M = B.CreateZExtOrTrunc(B.CreateSelect(Big, B.getInt64(0), Mag), Ty);
  Value *Left =
      B.CreateSelect(Big, ConstantInt::get(Ty, 0), B.CreateShl(X.V, M));
  bool Arith = Op == ">>" && isSigned(X.T);
  Value *Right =
      Arith
          ? B.CreateSelect(Big, B.CreateAShr(X.V, W - 1), B.CreateAShr(X.V, M))
          : B.CreateSelect(Big, ConstantInt::get(Ty, 0), B.CreateLShr(X.V, M));
  return Op == "<<" ? B.CreateSelect(Neg, Right, Left)
                    : B.CreateSelect(Neg, Left, Right);
}

TV Lowerer::compare(StringRef Op, TV A, TV Bv, SourceRange Range) {
  A = fromPi(A, Bv.T);
  Bv = fromPi(Bv, A.T);
  StringRef O = Op == "≠" ? "!=" : Op == "≤" ? "<=" : Op == "≥" ? ">=" : Op;
  if (O == ">" || O == ">=")
    return compare(O == ">" ? "<" : "<=", Bv, A, Range);
  auto Numeric = [](JType T) { return isNumber(T) || T == BoolT; };
  bool Negated = O == "!==" || O == "!=";
  // `===`, and `==` where Base's fallback `==(a, b) = a === b` decides.
  if (O == "===" || O == "!==" ||
      ((O == "==" || O == "!=") &&
       (A.T == NothingT || Bv.T == NothingT || A.T.isNullableRef() ||
        Bv.T.isNullableRef()))) {
    TV R = identical(A, Bv, Range);
    if (Negated && R.T == BoolT)
      R.V = Emit ? B.CreateNot(R.V) : nullptr;
    return R;
  }
  if (!Numeric(A.T) || !Numeric(Bv.T)) {
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

// Memory for a Julia object from the device's heap (runtime slot
// jlremote_alloc); it lives until the program's call ends.
Value *Lowerer::allocateObject(Value *Size) {
  Type *SizeT = I.llvmType(I.IntT);
  FunctionCallee Alloc =
      I.Mod->getOrInsertFunction("jlremote_alloc", B.getPtrTy(), SizeT);
  if (auto *Decl = dyn_cast<llvm::Function>(Alloc.getCallee())) {
    Decl->setDoesNotThrow();
    Decl->addRetAttr(Attribute::NoAlias);
    Decl->addRetAttr(Attribute::NonNull);
  }
  return B.CreateCall(Alloc, {B.CreateZExtOrTrunc(Size, SizeT)}, "obj");
}

Value *Lowerer::header(Value *Array, unsigned Field) {
  StructType *H = headerType();
  LoadInst *L = B.CreateLoad(H->getElementType(Field),
                             B.CreateStructGEP(H, Array, Field));
  L->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, true));
  if (Field == DataField)
    L->setMetadata(LLVMContext::MD_nonnull, MDNode::get(I.Ctx, {}));
  return L;
}

void Lowerer::setHeader(Value *Array, unsigned Field, Value *V) {
  B.CreateStore(V, B.CreateStructGEP(headerType(), Array, Field))
      ->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, true));
}

Value *Lowerer::arrayLength(const TV &A) {
  if (A.T.node()->TheKind == TypeNode::Kind::Vector)
    return header(A.V, LengthField);
  return B.CreateMul(header(A.V, LengthField), header(A.V, CapacityField));
}

Value *Lowerer::arrayOffset(const TV &A, const std::vector<TV> &Indices) {
  Type *IntTy = I.llvmType(I.IntT);
  Value *One = ConstantInt::get(IntTy, 1);
  std::vector<Value *> Is;
  for (const TV &X : Indices)
    Is.push_back(cast(X.V, X.T, I.IntT));
  if (Is.size() == 1) {
    boundsCheck(A, Is, {arrayLength(A)});
    return B.CreateSub(Is[0], One);
  }
  // Column-major: A[i, j] is element (i - 1) + (j - 1) * rows.
  Value *Rows = header(A.V, LengthField);
  boundsCheck(A, Is, {Rows, header(A.V, CapacityField)});
  return B.CreateAdd(B.CreateSub(Is[0], One),
                     B.CreateMul(B.CreateSub(Is[1], One), Rows));
}

// Count * sizeof(T), saturated: a product past the word asks for
// everything, which the device refuses as out of memory (never a short
// block).
Value *Lowerer::elementBytes(Type *EltTy, Value *Count) {
  Type *IntTy = I.llvmType(I.IntT);
  Value *Bytes = B.CreateBinaryIntrinsic(
      Intrinsic::umul_with_overflow, Count,
      B.CreateZExtOrTrunc(ConstantExpr::getSizeOf(EltTy), IntTy));
  return B.CreateSelect(B.CreateExtractValue(Bytes, {1}),
                        Constant::getAllOnesValue(IntTy),
                        B.CreateExtractValue(Bytes, {0}));
}

void Lowerer::reserve(const TV &V, Value *Needed, Value *Length) {
  Type *IntTy = I.llvmType(I.IntT);
  Type *EltTy = I.llvmType(V.T.node()->Parameters[0]);
  Value *Capacity = header(V.V, CapacityField);
  BasicBlock *Grow = newBlock("grow"), *Done = newBlock("grown");
  B.CreateCondBr(B.CreateICmpSGT(Needed, Capacity), Grow, Done,
                 MDBuilder(I.Ctx).createUnlikelyBranchWeights());
  B.SetInsertPoint(Grow);
  Value *Twice = B.CreateBinaryIntrinsic(
      Intrinsic::smax, B.CreateShl(Capacity, 1), ConstantInt::get(IntTy, 4));
  Value *NewCapacity = B.CreateBinaryIntrinsic(Intrinsic::smax, Needed, Twice);
  Value *Data = allocateObject(elementBytes(EltTy, NewCapacity));
  // The old block is left to the collector: an alias may still read it
  // until it is dropped, as `pointer(v)` in Julia may.
  B.CreateMemCpy(Data, Align(1), header(V.V, DataField), Align(1),
                 elementBytes(EltTy, Length));
  setHeader(V.V, DataField, Data);
  setHeader(V.V, CapacityField, NewCapacity);
  B.CreateBr(Done);
  B.SetInsertPoint(Done);
}

TV Lowerer::evalCharLiteral(const CharLiteral *L) {
  // Julia's Char holds the UTF-8 bytes, the first one most significant.
  uint32_t C = L->Value, Bits;
  if (C < 0x80)
    Bits = C << 24;
  else if (C < 0x800)
    Bits = (0xC0 | C >> 6) << 24 | (0x80 | (C & 0x3F)) << 16;
  else if (C < 0x10000)
    Bits = (0xE0 | C >> 12) << 24 | (0x80 | (C >> 6 & 0x3F)) << 16 |
           (0x80 | (C & 0x3F)) << 8;
  else
    Bits = (0xF0 | C >> 18) << 24 | (0x80 | (C >> 12 & 0x3F)) << 16 |
           (0x80 | (C >> 6 & 0x3F)) << 8 | (0x80 | (C & 0x3F));
  return {JType(CharBit), Emit ? B.getInt32(Bits) : nullptr};
}

TV Lowerer::makeAggregate(const JType &T, const std::vector<TV> &Fields) {
  for (const TV &X : Fields)
    if (X.T.isError() || X.T.isBottom())
      return {X.T.isError() ? ErrorT : JType{}};
  if (!Emit)
    return {T};
  const TypeNode &N = *T.node();
  StructType *Layout = I.layoutType(N);
  if (N.Mutable) {
    Value *Obj = allocateObject(ConstantExpr::getSizeOf(Layout));
    for (size_t K = 0; K < Fields.size(); ++K)
      if (Fields[K].V)
        B.CreateStore(Fields[K].V, B.CreateStructGEP(Layout, Obj, K));
    return {T, Obj};
  }
  Value *Agg = PoisonValue::get(Layout);
  for (size_t K = 0; K < Fields.size(); ++K)
    if (Fields[K].V)
      Agg = B.CreateInsertValue(Agg, Fields[K].V, {unsigned(K)});
  return {T, Agg};
}

TV Lowerer::fieldOf(const TV &X, unsigned K) {
  const TypeNode *N = X.T.node();
  JType FT = N->Fields[K];
  if (!Emit || FT == NothingT || !X.V)
    return {FT};
  if (N->TheKind == TypeNode::Kind::Struct && N->Mutable)
    return {FT, B.CreateLoad(I.llvmType(FT),
                             B.CreateStructGEP(I.layoutType(*N), X.V, K))};
  return {FT, B.CreateExtractValue(X.V, {K})};
}

TV Lowerer::evalTuple(const frontend::Tuple *T) {
  std::vector<TV> Elements;
  std::vector<JType> Types;
  for (const NodePtr &E : T->Elements) {
    Elements.push_back(eval(E.get(), true));
    Types.push_back(Elements.back().T);
  }
  for (const TV &X : Elements)
    if (!X.T.isConcrete())
      return {X.T.isError() ? ErrorT : JType{}};
  return makeAggregate(
      typeOf(TypeNode::get(TypeNode::Kind::Tuple, "", {}, Types)), Elements);
}

static int fieldIndex(const TypeNode &N, StringRef Name) {
  for (size_t K = 0; K < N.FieldNames.size(); ++K)
    if (N.FieldNames[K] == Name)
      return static_cast<int>(K);
  return -1;
}

TV Lowerer::evalFieldAccess(const FieldAccess *FA) {
  TV X = eval(FA->Base.get(), true);
  if (X.T.isError() || X.T.isBottom())
    return X;
  if (X.T.isNullableRef())
    return unionUse(X, "reading its field `" + FA->Field + "`", FA->Range);
  const TypeNode *N = X.T.node();
  if (N && N->TheKind == TypeNode::Kind::Exception && !N->Parameters.empty())
    if (int K = fieldIndex(*N->Parameters[0].node(), FA->Field); K >= 0)
      return exceptionField(X, K);
  int K = N ? fieldIndex(*N, FA->Field) : -1;
  if (K < 0)
    return error(FA->FieldRange,
                 "type " + typeName(X.T) + " has no field " + FA->Field);
  return fieldOf(X, K);
}

TV Lowerer::setField(const TV &X, const std::string &Field, TV Value,
                     SourceRange Range) {
  if (X.T.isError() || X.T.isBottom() || Value.T.isError() ||
      Value.T.isBottom())
    return Value;
  if (X.T.isNullableRef())
    return unionUse(X, "setting its field `" + Field + "`", Range);
  const TypeNode *N = X.T.node();
  int K = N ? fieldIndex(*N, Field) : -1;
  if (K < 0)
    return error(Range, "type " + typeName(X.T) + " has no field " + Field);
  if (!N->Mutable)
    return error(Range, "setfield!: immutable struct of type " + typeName(X.T) +
                            " cannot be changed");
  // setfield! converts to the field's declared type.
  TV V = convertTo(Value, N->Fields[K], Range);
  if (Emit && V.V)
    B.CreateStore(V.V, B.CreateStructGEP(I.layoutType(*N), X.V, K));
  return V;
}

TV Lowerer::evalIndex(const Index *Ix) {
  if (std::optional<JType> Elt = typeArg(Ix->Base.get())) {
    // `Float32[1, 2]`, `Point[]`: a vector of that type, each element
    // converted.
    if (!isInlineElement(*Elt))
      return unsupported(Ix->Range, "arrays of " + typeName(*Elt));
    std::vector<TV> Elements;
    for (const NodePtr &E : Ix->Indices)
      Elements.push_back(convertTo(eval(E.get(), true), *Elt, E->Range));
    for (const TV &X : Elements)
      if (X.T.isError() || X.T.isBottom())
        return {X.T.isError() ? ErrorT : JType{}};
    TV Len{I.IntT, Emit ? ConstantInt::get(I.llvmType(I.IntT), Elements.size())
                        : nullptr};
    return newArray(*Elt, {Len}, Elements, std::nullopt, Ix->Range);
  }
  TV Base = eval(Ix->Base.get(), true);
  const TypeNode *N = Base.T.node();
  if (N && N->TheKind == TypeNode::Kind::Tuple && Ix->Indices.size() == 1)
    if (auto *L = dynCast<IntLiteral>(Ix->Indices[0].get())) {
      if (L->Negative || L->Magnitude < 1 || L->Magnitude > N->Fields.size())
        return error(Ix->Range, "BoundsError: attempt to access " +
                                    typeName(Base.T) + " at index [" +
                                    (L->Negative ? "-" : "") +
                                    std::to_string(L->Magnitude) + "]");
      return fieldOf(Base, L->Magnitude - 1);
    }
  std::vector<TV> Args{Base};
  for (TV &X : evalIndices(Ix, Base))
    Args.push_back(X);
  return callFunction("getindex", std::move(Args), Ix->Range);
}

std::vector<TV> Lowerer::evalIndices(const Index *Ix, const TV &Base) {
  std::vector<TV> R;
  for (size_t K = 0; K < Ix->Indices.size(); ++K) {
    Ends.push_back({Base, K, Ix->Indices.size()});
    R.push_back(eval(Ix->Indices[K].get(), true));
    Ends.pop_back();
  }
  return R;
}

std::optional<JType> Lowerer::typeArg(const Node *E) {
  if (auto *Id = dynCast<Identifier>(E)) {
    // A variable of the same name hides the type.
    if (S.Vars.count(resolve(Id->Name)))
      return std::nullopt;
  } else if (!dynCast<Curly>(E)) {
    return std::nullopt;
  }
  return I.concreteType(E, S.Env);
}

TV Lowerer::construct(const StructDef &Def,
                      std::optional<std::vector<JType>> Params,
                      std::vector<TV> Args, SourceRange Range) {
  std::vector<JType> Types;
  for (const TV &A : Args) {
    if (A.T.isError() || A.T.isBottom())
      return {A.T.isError() ? ErrorT : JType{}};
    Types.push_back(A.T);
  }
  std::string Callee = Def.Name;
  if (Params) {
    Callee += "{";
    for (size_t K = 0; K < Params->size(); ++K)
      Callee += (K ? ", " : "") + typeName((*Params)[K]);
    Callee += "}";
  }
  auto NoMethod = [&] {
    return error(Range, "no method matching " + signature(Callee, Types));
  };
  if (Args.size() != Def.FieldNames.size())
    return NoMethod();
  if (!Params && Def.Params.empty()) {
    // Julia's second default constructor, `P(x, y)` without types,
    // converts each argument to its field's type.
    Params.emplace();
  } else if (!Params) {
    // The default constructor infers the parameters from the fields.
    TypeEnv Env;
    for (size_t K = 0; K < Args.size(); ++K)
      if (!I.matches(Def.FieldTypes[K], Types[K], Def.ParamBounds, Env))
        return NoMethod();
    Params.emplace();
    for (const std::string &P : Def.Params) {
      if (!Env.count(P))
        return NoMethod();
      Params->push_back(Env[P]);
    }
  }
  JType T = typeOf(I.instantiate(Def, *Params));
  std::vector<TV> Fields;
  for (size_t K = 0; K < Args.size(); ++K) {
    const JType &FT = T.node()->Fields[K];
    if (FT.isError())
      return {ErrorT}; // the field's type was reported at the struct
    Fields.push_back(convertTo(Args[K], FT, Range));
  }
  return makeAggregate(T, Fields);
}

// `convert(T, x)`: the same value in type T, exactly, or an error.
TV Lowerer::convertTo(TV X, const JType &To, SourceRange Range) {
  if (X.T == To || X.T.isError() || X.T.isBottom())
    return X;
  if (To.isNullableRef() && widen(X, To).T == To)
    return widen(X, To);
  if (isNumber(X.T) && isNumber(To))
    return convertChecked(X, To, Range);
  // A tuple converts element by element (`Tuple{Float64, Float64}[(1, 2)]`).
  const TypeNode *From = X.T.node(), *Into = To.node();
  if (From && Into && From->TheKind == TypeNode::Kind::Tuple &&
      Into->TheKind == TypeNode::Kind::Tuple &&
      From->Fields.size() == Into->Fields.size()) {
    std::vector<TV> Fields;
    for (unsigned K = 0; K < From->Fields.size(); ++K)
      Fields.push_back(convertTo(fieldOf(X, K), Into->Fields[K], Range));
    return makeAggregate(To, Fields);
  }
  if (X.T == BoolT && isNumber(To))
    return castTV(X, To);
  return error(Range, "cannot convert a value of type " + typeName(X.T) +
                          " to " + typeName(To));
}

// A value's bytes in the print wire form (host_daemon/julia_print.h), as
// pieces: scalars, and vectors (a UInt32 count, then the elements).
bool Lowerer::appendWire(const TV &X, std::vector<WirePiece> &Pieces) {
  if (X.T == NothingT)
    return true;
  if (const TypeNode *N = X.T.node()) {
    if (N->TheKind == TypeNode::Kind::Ptr) {
      Pieces.push_back({B.CreatePtrToInt(X.V, I.llvmType(I.IntT))});
      return true;
    }
    if (N->TheKind == TypeNode::Kind::Vector ||
        N->TheKind == TypeNode::Kind::Matrix) {
      const JType &Elt = N->Parameters[0];
      if (!isInlineElement(Elt))
        return false;
      bool Vec = N->TheKind == TypeNode::Kind::Vector;
      Pieces.push_back({header(X.V, DataField), header(X.V, LengthField),
                        wireBytes(Elt),
                        Vec ? nullptr : header(X.V, CapacityField),
                        Elt.node() ? Elt : JType{}});
      return true;
    }
    for (unsigned K = 0; K < N->Fields.size(); ++K)
      if (!appendWire(fieldOf(X, K), Pieces))
        return false;
    return true;
  }
  Pieces.push_back({X.T == BoolT ? B.CreateZExt(X.V, B.getInt8Ty()) : X.V});
  return true;
}

// Count elements of type Elt from Data to Dest in the wire form.
void Lowerer::packElements(const JType &Elt, Value *Data, Value *Count,
                           Value *Dest) {
  Type *IntTy = I.llvmType(I.IntT), *EltTy = I.llvmType(Elt);
  BasicBlock *Pre = B.GetInsertBlock(), *Body = newBlock("pack.body"),
             *Done = newBlock("pack.end");
  B.CreateCondBr(B.CreateICmpSGT(Count, ConstantInt::get(IntTy, 0)), Body,
                 Done);
  B.SetInsertPoint(Body);
  PHINode *Idx = B.CreatePHI(IntTy, 2);
  Idx->addIncoming(ConstantInt::get(IntTy, 0), Pre);
  LoadInst *X = B.CreateLoad(EltTy, B.CreateGEP(EltTy, Data, Idx));
  X->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, false));
  Value *At =
      B.CreateGEP(B.getInt8Ty(), Dest,
                  B.CreateMul(Idx, ConstantInt::get(IntTy, wireBytes(Elt))));
  unsigned Offset = 0;
  storePacked({Elt, X}, At, Offset);
  Value *Next = B.CreateAdd(Idx, ConstantInt::get(IntTy, 1));
  Idx->addIncoming(Next, B.GetInsertBlock());
  B.CreateCondBr(B.CreateICmpEQ(Next, Count), Done, Body);
  B.SetInsertPoint(Done);
}

// X's fields one after the other at At + Offset (Bool as a byte).
void Lowerer::storePacked(const TV &X, Value *At, unsigned &Offset) {
  if (X.T == NothingT)
    return;
  if (const TypeNode *N = X.T.node()) {
    for (unsigned K = 0; K < N->Fields.size(); ++K)
      storePacked(fieldOf(X, K), At, Offset);
    return;
  }
  Value *V = X.T == BoolT ? B.CreateZExt(X.V, B.getInt8Ty()) : X.V;
  B.CreateAlignedStore(V, B.CreateConstGEP1_32(B.getInt8Ty(), At, Offset),
                       Align(1));
  Offset += wireBytes(X.T);
}

TV Lowerer::emitPrint(PrintFormat Format, const std::vector<TV> &Values,
                      SourceRange Range) {
  for (const TV &X : Values)
    if (X.T.isNullableRef())
      return unionUse(X, "printing it", Range);
    else if (!X.T.isConcrete())
      return {X.T.isError() ? ErrorT : JType{}};
  if (!Emit)
    return {NothingT};
  if (std::any_of(Values.begin(), Values.end(),
                  [](const TV &X) { return isException(X.T); })) {
    // An exception's wire value has a size known only at run time: it is
    // the only value of its print call (literals may join it).
    PrintFormat Group;
    std::vector<TV> GroupValues;
    bool GroupHasException = false;
    auto Flush = [&] {
      if (GroupHasException)
        printException(std::move(Group), GroupValues[0]);
      else if (!Group.Pieces.empty())
        emitPrint(std::move(Group), GroupValues, Range);
      Group = {};
      GroupValues.clear();
      GroupHasException = false;
    };
    size_t Next = 0;
    for (PrintPiece &P : Format.Pieces) {
      if (P.TheKind == PrintPiece::Literal) {
        Group.Pieces.push_back(std::move(P));
        continue;
      }
      const TV &X = Values[Next++];
      bool Exception = isException(X.T);
      if (GroupHasException || (Exception && !GroupValues.empty()))
        Flush();
      if (Exception && P.TheKind != PrintPiece::ExceptionMessage)
        P.TheKind = PrintPiece::Exception; // print and show are show's
      GroupHasException = Exception;
      Group.Pieces.push_back(std::move(P));
      GroupValues.push_back(X);
    }
    Flush();
    return {NothingT};
  }
  PrintFormat Merged = mergeLiterals(std::move(Format.Pieces));
  std::vector<WirePiece> Pieces;
  for (const TV &X : Values)
    if (!appendWire(X, Pieces))
      return unsupported(Range, "printing arrays of mutable structs");
  // The values packed byte by byte into a buffer sized at run time when a
  // vector is among them; the stack is given back after the call.
  Type *SizeT = I.llvmType(I.IntT);
  auto Const = [&](uint64_t V) { return ConstantInt::get(SizeT, V); };
  // An array: UInt32 sizes (one, or rows and columns), then the elements.
  auto Count = [&](const WirePiece &P) {
    return P.Columns ? B.CreateMul(P.Length, P.Columns) : P.Length;
  };
  auto Prefix = [&](const WirePiece &P) { return Const(P.Columns ? 8 : 4); };
  Value *Size = Const(0);
  for (const WirePiece &P : Pieces)
    Size = B.CreateAdd(
        Size,
        P.Length
            ? B.CreateAdd(Prefix(P), B.CreateMul(Count(P), Const(P.EltBytes)))
            : Const(P.Value->getType()->getPrimitiveSizeInBits() / 8));
  Value *Saved = B.CreateStackSave();
  Value *Buffer = B.CreateAlloca(B.getInt8Ty(), Size, "print.values");
  Value *Offset = Const(0);
  for (const WirePiece &P : Pieces) {
    Value *At = B.CreateGEP(B.getInt8Ty(), Buffer, Offset);
    if (!P.Length) {
      B.CreateAlignedStore(P.Value, At, Align(1));
      Offset = B.CreateAdd(
          Offset, Const(P.Value->getType()->getPrimitiveSizeInBits() / 8));
      continue;
    }
    B.CreateAlignedStore(B.CreateZExtOrTrunc(P.Length, B.getInt32Ty()), At,
                         Align(1));
    if (P.Columns)
      B.CreateAlignedStore(B.CreateZExtOrTrunc(P.Columns, B.getInt32Ty()),
                           B.CreateGEP(B.getInt8Ty(), At, Const(4)), Align(1));
    Value *Bytes = B.CreateMul(Count(P), Const(P.EltBytes));
    Value *Elements = B.CreateGEP(B.getInt8Ty(), At, Prefix(P));
    if (P.Packed.isBottom())
      B.CreateMemCpy(Elements, Align(1), P.Value, Align(1), Bytes);
    else
      packElements(P.Packed, P.Value, Count(P), Elements);
    Offset = B.CreateAdd(Offset, B.CreateAdd(Prefix(P), Bytes));
  }
  FunctionCallee Print = I.Mod->getOrInsertFunction(
      "jlremote_print", B.getVoidTy(), B.getInt32Ty(), B.getPtrTy(), SizeT);
  uint32_t Id = static_cast<uint32_t>(I.Formats.size());
  I.Formats.push_back(std::move(Merged));
  B.CreateCall(Print, {B.getInt32(Id), Buffer, Size});
  B.CreateStackRestore(Saved);
  return {NothingT};
}

TV Lowerer::evalPrint(const std::vector<const Node *> &Args, bool Newline,
                      SourceRange Range) {
  PrintFormat Format;
  std::vector<TV> Values;
  for (const Node *A : Args) {
    if (auto *Str = dynCast<frontend::StringLiteral>(A)) {
      for (const frontend::StringLiteral::Piece &P : Str->Pieces)
        if (P.Expr) {
          Values.push_back(eval(P.Expr.get(), true));
          Format.Pieces.push_back({PrintPiece::Print, "", Values.back().T});
        } else {
          Format.Pieces.push_back({PrintPiece::Literal, P.Text, {}});
        }
      continue;
    }
    Values.push_back(eval(A, true));
    Format.Pieces.push_back({PrintPiece::Print, "", Values.back().T});
  }
  if (Newline)
    Format.Pieces.push_back({PrintPiece::Literal, "\n", {}});
  return emitPrint(std::move(Format), Values, Range);
}

// `@show a b`: one `a = <show(a)>` line each; the value of the last.
TV Lowerer::evalShow(const MacroCall *MC) {
  TV Last{NothingT};
  for (const NodePtr &A : MC->Args) {
    if (dynCast<frontend::StringLiteral>(A.get())) {
      // Julia shows the literal itself: `"text" = "text"`.
      return unsupported(A->Range, "`@show` of strings");
    }
    Last = eval(A.get(), true);
    std::string_view Text = I.Diags.source().text().substr(
        A->Range.Begin, A->Range.End - A->Range.Begin);
    PrintFormat Format;
    Format.Pieces.push_back(
        {PrintPiece::Literal, std::string(Text) + " = ", {}});
    Format.Pieces.push_back({PrintPiece::Show, "", Last.T});
    Format.Pieces.push_back({PrintPiece::Literal, "\n", {}});
    if (emitPrint(std::move(Format), {Last}, A->Range).T.isError())
      return {ErrorT};
  }
  return Last;
}

// `@assert cond [message]`: an AssertionError with the message, or the
// condition's text (its source, where Julia prints the parsed expression);
// the message's values are evaluated only when the assertion fails.
TV Lowerer::evalAssert(const MacroCall *MC) {
  if (MC->Args.empty() || MC->Args.size() > 2)
    return error(MC->Range, "`@assert` takes a condition and an optional "
                            "message");
  if (MC->Args.size() == 2 &&
      !dynCast<frontend::StringLiteral>(MC->Args[1].get()))
    return unsupported(MC->Args[1]->Range, "`@assert` messages other than "
                                           "string literals");
  TV C = condition(MC->Args[0].get());
  if (Emit && !C.V)
    return {NothingT};
  BasicBlock *Fail = nullptr, *Cont = nullptr;
  if (Emit) {
    Fail = newBlock("assert.fail");
    Cont = newBlock("assert.ok");
    B.CreateCondBr(C.V, Cont, Fail);
    B.SetInsertPoint(Fail);
  }
  std::vector<TV> Values;
  std::optional<std::vector<PrintPiece>> Msg;
  if (MC->Args.size() == 2) {
    Msg = messageOf(MC->Args[1].get(), Values);
  } else {
    const SourceRange &R = MC->Args[0]->Range;
    Msg = std::vector<PrintPiece>{lit(
        std::string(I.Diags.source().text().substr(R.Begin, R.End - R.Begin)))};
  }
  if (Emit) {
    if (Msg)
      emitThrow(messageText(ExceptionType::AssertionError, *Msg), Values);
    else
      B.CreateUnreachable(); // reported
    B.SetInsertPoint(Cont);
  }
  return {NothingT};
}

void Lowerer::boundsCheck(const TV &Array, const std::vector<Value *> &Indices,
                          const std::vector<Value *> &Dims) {
  // `@inbounds`: the programmer vouches for the index.
  if (I.Bounds == CheckBounds::No ||
      (I.Bounds == CheckBounds::Auto && InBounds))
    return;
  // 1 <= i <= n as one unsigned comparison: i - 1 < n.
  Value *Out = nullptr;
  for (size_t K = 0; K < Indices.size(); ++K) {
    Value *Offset =
        B.CreateSub(Indices[K], ConstantInt::get(Indices[K]->getType(), 1));
    Value *Past = B.CreateICmpUGE(Offset, Dims[K]);
    Out = Out ? B.CreateOr(Out, Past) : Past;
  }
  // showerror: `attempt to access 3-element Vector{Float64} at index [4]`
  // (summary(A): `2×3 Matrix{Float64}`).
  ThrowText Text{uint32_t(ExceptionType::BoundsError),
                 "BoundsError",
                 {lit("BoundsError: attempt to access "), printed(I.IntT)},
                 {}};
  std::vector<TV> Values{{I.IntT, header(Array.V, LengthField)}};
  if (Array.T.node()->TheKind == TypeNode::Kind::Matrix) {
    Text.Message.push_back(lit("×"));
    Text.Message.push_back(printed(I.IntT));
    Values.push_back({I.IntT, header(Array.V, CapacityField)});
  } else {
    Text.Message.push_back(lit("-element"));
  }
  Text.Message.push_back(lit(" " + typeName(Array.T) + " at index ["));
  for (size_t K = 0; K < Indices.size(); ++K) {
    if (K)
      Text.Message.push_back(lit(", "));
    Text.Message.push_back(shown(I.IntT));
    Values.push_back({I.IntT, Indices[K]});
  }
  Text.Message.push_back(lit("]"));
  throwIf(Out, Text, Values);
}

// Vectors, tuples and pointers: what Base defines for them.
std::optional<TV> Lowerer::containerBuiltin(StringRef Name,
                                            std::vector<TV> &Args,
                                            SourceRange Range) {
  if (Args.empty())
    return std::nullopt;
  const TypeNode *N = Args[0].T.node();
  auto Is = [&](TypeNode::Kind K) { return N && N->TheKind == K; };
  if (Is(TypeNode::Kind::Vector) || Is(TypeNode::Kind::Matrix))
    return arrayBuiltin(Name, Args, Range);
  Type *IntTy = I.llvmType(I.IntT);
  auto Index = [&](const TV &X) -> Value * {
    return Emit ? cast(X.V, X.T, I.IntT) : nullptr;
  };
  auto ElementPtr = [&](Value *Base, Type *Elt, Value *OneBased) {
    return B.CreateGEP(Elt, Base,
                       B.CreateSub(OneBased, ConstantInt::get(IntTy, 1)));
  };
  if (Name == "length" && Args.size() == 1) {
    if (Is(TypeNode::Kind::Tuple))
      return TV{I.IntT,
                Emit ? ConstantInt::get(IntTy, N->Fields.size()) : nullptr};
    if (Is(TypeNode::Kind::UnitRange) || Is(TypeNode::Kind::StepRange)) {
      // (stop - start) ÷ step + 1: 0 for an empty range (stop as stored).
      JType T = N->Fields[0];
      if (!Emit)
        return TV{T};
      bool Step = Is(TypeNode::Kind::StepRange);
      Value *Start = fieldOf(Args[0], 0).V;
      Value *Stop = fieldOf(Args[0], Step ? 2 : 1).V;
      Value *Span = B.CreateSub(Stop, Start);
      if (Step)
        Span = isSigned(T) ? B.CreateSDiv(Span, fieldOf(Args[0], 1).V)
                           : B.CreateUDiv(Span, fieldOf(Args[0], 1).V);
      return TV{T, B.CreateAdd(Span, constant(T, 0, 1))};
    }
    return std::nullopt;
  }
  if ((Name == "first" || Name == "last") && Args.size() == 1 &&
      (Is(TypeNode::Kind::UnitRange) || Is(TypeNode::Kind::StepRange)))
    return fieldOf(Args[0], Name == "first" ? 0 : N->Fields.size() - 1);
  bool Ptr = Is(TypeNode::Kind::Ptr);
  if (Name == "unsafe_load" && Ptr && Args.size() <= 2) {
    JType Elt = N->Parameters[0];
    if (Args.size() == 2 && !isInt(Args[1].T))
      return std::nullopt;
    if (!Emit)
      return TV{Elt};
    Value *I1 = Args.size() == 2 ? Index(Args[1]) : ConstantInt::get(IntTy, 1);
    Type *EltTy = I.llvmType(Elt);
    return TV{Elt, B.CreateLoad(EltTy, ElementPtr(Args[0].V, EltTy, I1))};
  }
  if (Name == "unsafe_store!" && Ptr &&
      (Args.size() == 2 || Args.size() == 3)) {
    JType Elt = N->Parameters[0];
    if (Args.size() == 3 && !isInt(Args[2].T))
      return std::nullopt;
    TV X = convertTo(Args[1], Elt, Range);
    if (!Emit || !X.V)
      return TV{Args[0].T, Args[0].V};
    Value *I1 = Args.size() == 3 ? Index(Args[2]) : ConstantInt::get(IntTy, 1);
    B.CreateStore(X.V, ElementPtr(Args[0].V, I.llvmType(Elt), I1));
    return TV{Args[0].T, Args[0].V};
  }
  return std::nullopt;
}

// What Base defines for Vector and Matrix.
std::optional<TV> Lowerer::arrayBuiltin(StringRef Name, std::vector<TV> &Args,
                                        SourceRange Range) {
  const TV &A = Args[0];
  const TypeNode *N = A.T.node();
  const bool Vec = N->TheKind == TypeNode::Kind::Vector;
  const size_t Rank = Vec ? 1 : 2;
  const JType Elt = N->Parameters[0];
  Type *IntTy = I.llvmType(I.IntT), *EltTy = I.llvmType(Elt);
  auto Ints = [&](size_t From) {
    for (size_t K = From; K < Args.size(); ++K)
      if (!isInt(Args[K].T))
        return false;
    return true;
  };
  auto Tagged = [&](Instruction *Access) {
    Access->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, false));
    return Access;
  };
  auto ElementAt = [&](Value *Offset) {
    return B.CreateGEP(EltTy, header(A.V, DataField), Offset);
  };
  auto Dims = [&]() -> std::vector<TV> {
    std::vector<TV> D;
    for (unsigned F = LengthField; F < LengthField + Rank; ++F)
      D.push_back({I.IntT, Emit ? header(A.V, F) : nullptr});
    return D;
  };
  auto NoMethod = [&] {
    std::vector<JType> Ts;
    for (TV &X : Args)
      Ts.push_back(X.T);
    return error(Range, "no method matching " + signature(Name, Ts));
  };
  if (Name == "length" && Args.size() == 1)
    return TV{I.IntT, Emit ? arrayLength(A) : nullptr};
  if (Name == "isempty" && Args.size() == 1)
    return TV{BoolT,
              Emit ? B.CreateICmpEQ(arrayLength(A), ConstantInt::get(IntTy, 0))
                   : nullptr};
  if (Name == "size" && Args.size() == 1)
    return makeAggregate(
        typeOf(TypeNode::get(TypeNode::Kind::Tuple, "", {},
                             std::vector<JType>(Rank, I.IntT))),
        Dims());
  if (Name == "size" && Args.size() == 2) {
    if (!Ints(1))
      return NoMethod();
    if (!Emit)
      return TV{I.IntT};
    // size(A, d) is 1 past the array's dimensions.
    Value *D = cast(Args[1].V, Args[1].T, I.IntT);
    throwIf(B.CreateICmpSLT(D, ConstantInt::get(IntTy, 1)),
            messageText(ExceptionType::ErrorException,
                        {lit("arraysize: dimension out of range")}));
    Value *Size = ConstantInt::get(IntTy, 1);
    for (size_t K = Rank; K >= 1; --K)
      Size = B.CreateSelect(B.CreateICmpEQ(D, ConstantInt::get(IntTy, K)),
                            header(A.V, LengthField + K - 1), Size);
    return TV{I.IntT, Size};
  }
  if (Name == "pointer" && Args.size() == 1) {
    JType P = typeOf(TypeNode::get(TypeNode::Kind::Ptr, "", N->Parameters, {}));
    return TV{P, Emit ? header(A.V, DataField) : nullptr};
  }
  if (Name == "getindex" && (Args.size() == 2 || Args.size() == Rank + 1)) {
    if (!Ints(1))
      return std::nullopt;
    if (!Emit)
      return TV{Elt};
    Value *Offset = arrayOffset(A, {Args.begin() + 1, Args.end()});
    return TV{Elt, Tagged(B.CreateLoad(EltTy, ElementAt(Offset)))};
  }
  if (Name == "setindex!" && (Args.size() == 3 || Args.size() == Rank + 2)) {
    if (!Ints(2))
      return std::nullopt;
    TV X = convertTo(Args[1], Elt, Range);
    if (!Emit || !X.V)
      return TV{A.T, A.V};
    Value *Offset = arrayOffset(A, {Args.begin() + 2, Args.end()});
    Tagged(B.CreateStore(X.V, ElementAt(Offset)));
    return TV{A.T, A.V};
  }
  if ((Name == "similar" || Name == "copy") && Args.size() == 1) {
    // similar's elements are undefined in Julia: zero here.
    std::vector<TV> D = Dims();
    return newArray(Elt, D, {}, std::nullopt, Range,
                    Emit && Name == "copy" ? header(A.V, DataField) : nullptr);
  }
  if (!Vec)
    return std::nullopt;
  if (Name == "push!" && Args.size() == 2) {
    TV X = convertTo(Args[1], Elt, Range);
    if (!Emit || !X.V)
      return X.T.isError() ? X : TV{A.T, A.V};
    Value *Length = header(A.V, LengthField);
    Value *Next = B.CreateAdd(Length, ConstantInt::get(IntTy, 1));
    reserve(A, Next, Length);
    Tagged(B.CreateStore(X.V, ElementAt(Length)));
    setHeader(A.V, LengthField, Next);
    return TV{A.T, A.V};
  }
  if (Name == "pop!" && Args.size() == 1) {
    if (!Emit)
      return TV{Elt};
    // Julia: ArgumentError("array must be non-empty").
    Value *Length = header(A.V, LengthField);
    throwIf(B.CreateICmpEQ(Length, ConstantInt::get(IntTy, 0)),
            messageText(ExceptionType::ArgumentError,
                        {lit("array must be non-empty")}));
    Value *Last = B.CreateSub(Length, ConstantInt::get(IntTy, 1));
    Value *X = Tagged(B.CreateLoad(EltTy, ElementAt(Last)));
    setHeader(A.V, LengthField, Last);
    return TV{Elt, X};
  }
  if (Name == "append!" && Args.size() == 2) {
    const TypeNode *W = Args[1].T.node();
    if (!W || W->TheKind != TypeNode::Kind::Vector)
      return NoMethod();
    if (W->Parameters[0] != Elt)
      return unsupported(Range, "appending a " + typeName(Args[1].T) +
                                    " to a " + typeName(A.T));
    if (!Emit)
      return TV{A.T};
    Value *Length = header(A.V, LengthField);
    Value *More = header(Args[1].V, LengthField);
    Value *Total = B.CreateAdd(Length, More);
    reserve(A, Total, Length);
    // The source's data is read after the move: `append!(v, v)`.
    B.CreateMemCpy(ElementAt(Length), Align(1), header(Args[1].V, DataField),
                   Align(1), elementBytes(EltTy, More));
    setHeader(A.V, LengthField, Total);
    return TV{A.T, A.V};
  }
  if (Name == "resize!" && Args.size() == 2) {
    if (!Ints(1))
      return NoMethod();
    if (!Emit)
      return TV{A.T};
    Value *Want = cast(Args[1].V, Args[1].T, I.IntT);
    throwIf(B.CreateICmpSLT(Want, ConstantInt::get(IntTy, 0)),
            messageText(ExceptionType::ArgumentError,
                        {lit("new length must be ≥ 0")}));
    Value *Length = header(A.V, LengthField);
    reserve(A, Want, Length);
    // New elements are undefined in Julia: zero here.
    Value *Added = B.CreateBinaryIntrinsic(
        Intrinsic::smax, B.CreateSub(Want, Length), ConstantInt::get(IntTy, 0));
    B.CreateMemSet(ElementAt(Length), B.getInt8(0), elementBytes(EltTy, Added),
                   Align(1));
    setHeader(A.V, LengthField, Want);
    return TV{A.T, A.V};
  }
  return std::nullopt;
}

TV Lowerer::newArray(const JType &Elt, std::vector<TV> Dims,
                     const std::vector<TV> &Elements, std::optional<TV> Fill,
                     SourceRange Range, Value *CopyFrom) {
  JType AT = typeOf(TypeNode::get(Dims.size() == 1 ? TypeNode::Kind::Vector
                                                   : TypeNode::Kind::Matrix,
                                  "", {Elt}, {}));
  for (const TV &D : Dims) {
    if (D.T.isError() || D.T.isBottom())
      return {D.T.isError() ? ErrorT : JType{}};
    if (!isInt(D.T))
      return error(Range, "array dimension of type " + typeName(D.T));
  }
  if (Elt == NothingT || !Elt.isRepresentable())
    return unsupported(Range, "arrays of " + typeName(Elt));
  if (Fill)
    Fill = convertTo(*Fill, Elt, Range);
  if (!Emit)
    return {AT};
  Type *IntTy = I.llvmType(I.IntT), *EltTy = I.llvmType(Elt);
  std::vector<Value *> Sizes;
  // Julia 1.11's messages: a Vector's Memory refuses the size, a Matrix's
  // dimensions are checked first.
  ThrowText Invalid = messageText(
      ExceptionType::ArgumentError,
      {lit(Dims.size() == 1
               ? "invalid GenericMemory size: the number of elements is "
                 "either negative or too large for system address width"
               : "invalid Array dimensions")});
  for (TV &D : Dims) {
    Sizes.push_back(cast(D.V, D.T, I.IntT));
    throwIf(B.CreateICmpSLT(Sizes.back(), ConstantInt::get(IntTy, 0)), Invalid);
  }
  Value *N = Sizes[0];
  if (Sizes.size() == 2) { // rows * columns past the word: invalid dims
    Value *Product =
        B.CreateBinaryIntrinsic(Intrinsic::umul_with_overflow, N, Sizes[1]);
    throwIf(B.CreateExtractValue(Product, {1}), Invalid);
    N = B.CreateExtractValue(Product, {0});
  }
  Value *Data = allocateObject(elementBytes(EltTy, N));
  for (size_t K = 0; K < Elements.size(); ++K)
    B.CreateStore(Elements[K].V, B.CreateConstGEP1_32(EltTy, Data, K))
        ->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, false));
  if (CopyFrom) {
    B.CreateMemCpy(Data, Align(1), CopyFrom, Align(1), elementBytes(EltTy, N));
  } else if (Elements.empty()) {
    // for i in 0:n-1: data[i] = fill
    Value *Init = Fill && Fill->V ? Fill->V : Constant::getNullValue(EltTy);
    BasicBlock *Pre = B.GetInsertBlock(), *Body = newBlock("fill.body"),
               *Done = newBlock("fill.end");
    B.CreateCondBr(B.CreateICmpSGT(N, ConstantInt::get(IntTy, 0)), Body, Done);
    B.SetInsertPoint(Body);
    PHINode *Idx = B.CreatePHI(IntTy, 2);
    Idx->addIncoming(ConstantInt::get(IntTy, 0), Pre);
    B.CreateStore(Init, B.CreateGEP(EltTy, Data, Idx))
        ->setMetadata(LLVMContext::MD_tbaa, arrayTag(I.Ctx, false));
    Value *Next = B.CreateAdd(Idx, ConstantInt::get(IntTy, 1));
    Idx->addIncoming(Next, Body);
    B.CreateCondBr(B.CreateICmpEQ(Next, N), Done, Body);
    B.SetInsertPoint(Done);
  }
  StructType *H = headerType();
  auto *Header =
      llvm::cast<CallInst>(allocateObject(ConstantExpr::getSizeOf(H)));
  Header->addRetAttr(
      Attribute::getWithDereferenceableBytes(I.Ctx, headerBytes()));
  setHeader(Header, DataField, Data);
  setHeader(Header, LengthField, Sizes[0]);
  // A Vector's capacity is its length; a Matrix's second size its columns.
  setHeader(Header, CapacityField, Sizes.size() == 2 ? Sizes[1] : N);
  return {AT, Header};
}

// `[a, b, c]`: the elements promoted to one type, as Base.vect does. Only
// numbers and Bool have promotion rules among the inline types: for other
// types (tuples, structs, Char) promote_type falls back to typejoin, which
// is abstract unless the types are the same (`[(1, 2), (1.0, 2.0)]` is a
// Vector{Tuple{Real, Real}} in Julia).
TV Lowerer::evalVect(const Vect *V) {
  std::vector<TV> Elements;
  JType Elt;
  auto Promotes = [](const JType &T) { return isNumber(T) || T == BoolT; };
  for (const NodePtr &E : V->Elements) {
    Elements.push_back(eval(E.get(), true));
    const JType &T = Elements.back().T;
    if (T.isError() || T.isBottom())
      return {T.isError() ? ErrorT : JType{}};
    if (!isInlineElement(T))
      return unsupported(E->Range, "array literals of " + typeName(T));
    if (Elt.isBottom() || Elt == T)
      Elt = T;
    else if (Promotes(Elt) && Promotes(T))
      Elt = promote(Elt, T);
    else
      return error(E->Range, "array literal of " + typeName(Elt) + " and " +
                                 typeName(T) +
                                 ": its element type would be their typejoin, "
                                 "an abstract type, which is not supported "
                                 "yet (write `T[...]` to convert)");
  }
  if (Elements.empty())
    return unsupported(V->Range, "empty array literals (Vector{Any})");
  for (TV &X : Elements)
    X = castTV(X, Elt);
  TV Len{I.IntT, Emit ? ConstantInt::get(I.llvmType(I.IntT), Elements.size())
                      : nullptr};
  return newArray(Elt, {Len}, Elements, std::nullopt, V->Range);
}

// `global x`, `local x = v`: the names were scoped when the method was
// collected (scopeLoop); what is left to do is the assignments.
TV Lowerer::evalScopeDecl(const ScopeDecl *D) {
  if (D->Global && !S.M->TopLevel)
    return unsupported(D->Range, "`global` declarations inside functions "
                                 "(functions do not read globals yet)");
  if (!D->Global && S.M->TopLevel && Scopes.empty())
    return unsupported(D->Range, "`local` declarations at top level outside "
                                 "a loop");
  TV R{NothingT};
  for (const NodePtr &Item : D->Items)
    if (dynCast<Assign>(Item.get()))
      R = eval(Item.get(), true);
  return R;
}

TV Lowerer::callMath(StringRef Name, std::vector<TV> &Args, SourceRange Range) {
  for (TV &A : Args) {
    A = fromPi(A, Float64T);
    if (A.T == BoolT || isInt(A.T))
      A = castTV(A, Float64T); // integers go to Float64, as in Julia
    else if (!isFloat(A.T)) {
      std::vector<JType> Ts;
      for (TV &X : Args)
        Ts.push_back(X.T);
      return error(Range, "no method matching " + signature(Name, Ts));
    }
  }
  JType T = Args[0].T;
  for (TV &A : Args)
    T = promote(T, A.T);
  for (TV &A : Args)
    A = castTV(A, T);
  if (!Emit)
    return {T};
  if (Name == "log") // DomainError below zero
    throwIf(B.CreateFCmpOLT(Args[0].V, constant(T, 0, 0)),
            complexDomainText("log", T), {Args[0]});
  // Julia computes Float32 sin, cos, tan, exp and log in Float64 and rounds
  // once (base/special/): so do we, which gives its results where C's
  // Float32 functions can be an ulp off (newlib's cosf(0.7f0)). atan keeps
  // its Float32 algorithm, as Julia's does.
  JType In = T == Float32T && Name != "atan" ? Float64T : T;
  // C's libm names: the loader ships them (loader/README.md).
  std::string Symbol =
      Name == "atan" && Args.size() == 2 ? "atan2" : Name.str();
  if (In == Float32T)
    Symbol += "f";
  std::vector<Type *> Params(Args.size(), I.llvmType(In));
  FunctionCallee Fn = I.Mod->getOrInsertFunction(
      Symbol, FunctionType::get(I.llvmType(In), Params, false));
  if (auto *Decl = dyn_cast<llvm::Function>(Fn.getCallee())) {
    Decl->setDoesNotThrow();
    Decl->setDoesNotAccessMemory();
  }
  std::vector<Value *> Vals;
  for (TV &A : Args)
    Vals.push_back(cast(A.V, T, In));
  return {T, cast(B.CreateCall(Fn, Vals), In, T)};
}

bool Lowerer::packable(const JType &T) {
  if (T == NothingT || isInlineElement(T))
    return true;
  // A mutable struct is copied into the exception, field by field.
  const TypeNode *N = T.node();
  return N && N->TheKind == TypeNode::Kind::Struct && N->Mutable &&
         std::all_of(N->Fields.begin(), N->Fields.end(), [](const JType &F) {
           return F == NothingT || isInlineElement(F);
         });
}

std::optional<std::vector<PrintPiece>>
Lowerer::messageOf(const Node *Arg, std::vector<TV> &Values) {
  auto *Str = dynCast<frontend::StringLiteral>(Arg);
  if (!Str) {
    unsupported(Arg->Range, "exception messages other than string literals");
    return std::nullopt;
  }
  std::vector<PrintPiece> Pieces;
  for (const frontend::StringLiteral::Piece &P : Str->Pieces) {
    if (!P.Expr) {
      Pieces.push_back(lit(P.Text));
      continue;
    }
    TV X = eval(P.Expr.get(), true);
    if (X.T.isError() || X.T.isBottom())
      return std::nullopt;
    if (!packable(X.T)) {
      unsupported(P.Expr->Range,
                  "values of type " + typeName(X.T) + " in exception messages");
      return std::nullopt;
    }
    Values.push_back(X);
    Pieces.push_back(printed(X.T));
  }
  return Pieces;
}

TV Lowerer::rethrowValue(Value *Exception) {
  if (Emit) {
    B.CreateCall(
        runtime("jlremote_rethrow", B.getVoidTy(), {B.getPtrTy()}, true),
        {Exception});
    B.CreateUnreachable();
    startDeadBlock();
  }
  return {JType{}};
}

// `throw(x)`: Base's exceptions are built where they are thrown (their
// messages are print formats: strings never reach the device); a user
// exception struct is copied into the exception; a caught one is thrown
// again.
TV Lowerer::evalThrow(const Call *C) {
  if (C->Args.size() != 1)
    return error(C->Range, "`throw` takes one exception");
  const Node *A = C->Args[0].get();
  auto *Ctor = dynCast<Call>(A);
  auto *CtorName = Ctor ? dynCast<Identifier>(Ctor->Callee.get()) : nullptr;
  std::optional<ExceptionType> Builtin;
  if (CtorName && !I.Structs.count(CtorName->Name) &&
      !I.Methods.count(CtorName->Name))
    Builtin = builtinException(CtorName->Name);
  if (Builtin) {
    std::vector<TV> Values;
    size_t N = Ctor->Args.size();
    auto Arg = [&](size_t K) { return Ctor->Args[K].get(); };
    std::optional<ThrowText> Text;
    bool Reported = false;
    switch (*Builtin) {
    case ExceptionType::ErrorException:
    case ExceptionType::ArgumentError:
    case ExceptionType::AssertionError:
    case ExceptionType::OverflowError:
      if (N == 1) {
        if (auto Msg = messageOf(Arg(0), Values))
          Text = messageText(*Builtin, *Msg);
        else
          Reported = true;
      }
      break;
    case ExceptionType::DomainError:
      if (N == 1 || N == 2) {
        TV V = eval(Arg(0), true);
        if (V.T.isError() || V.T.isBottom())
          return V;
        if (!packable(V.T))
          return unsupported(Arg(0)->Range,
                             "DomainError values of type " + typeName(V.T));
        Values.push_back(V);
        std::optional<std::vector<PrintPiece>> Msg;
        if (N == 2 && !(Msg = messageOf(Arg(1), Values)))
          return {ErrorT};
        Text = domainText(V.T, Msg);
      }
      break;
    case ExceptionType::DivideError:
      if (N == 0)
        Text = divideText();
      break;
    case ExceptionType::BoundsError:
      if (N == 0)
        Text = ThrowText{uint32_t(ExceptionType::BoundsError),
                         "BoundsError",
                         {lit("BoundsError")},
                         {lit("BoundsError()")}};
      break;
    case ExceptionType::OutOfMemoryError:
      if (N == 0)
        Text = oomText();
      break;
    default:
      break;
    }
    if (Reported)
      return {ErrorT};
    if (!Text)
      return unsupported(Ctor->Range, "this form of `" + CtorName->Name +
                                          "(...)` in `throw`");
    if (Emit) {
      emitThrow(*Text, Values);
      startDeadBlock();
    }
    return {JType{}};
  }
  TV X = eval(A, true);
  if (X.T.isError() || X.T.isBottom())
    return X.T.isError() ? X : TV{JType{}};
  if (isException(X.T))
    return rethrowValue(X.V);
  const TypeNode *N = X.T.node();
  auto Id = N && N->TheKind == TypeNode::Kind::Struct
                ? I.ExceptionIds.find(N->Name)
                : I.ExceptionIds.end();
  if (Id == I.ExceptionIds.end())
    return unsupported(A->Range, "throwing values that are not exceptions (" +
                                     typeName(X.T) + ")");
  if (!N->Parameters.empty() || !packable(X.T))
    return unsupported(A->Range, "throwing a " + typeName(X.T) +
                                     " (parametric, or with fields other "
                                     "than numbers, Bool, Char, tuples and "
                                     "immutable structs of them)");
  if (Emit) {
    // showerror's default is show: `MyError(3)`.
    emitThrow({Id->second, typeName(X.T), {shown(X.T)}, {shown(X.T)}}, {X});
    startDeadBlock();
  }
  return {JType{}};
}

// `error(msg...)`: an ErrorException whose message is the arguments
// printed one after the other (string literals as text).
TV Lowerer::evalError(const Call *C) {
  if (C->Args.empty())
    return error(C->Range, "no method matching error()");
  std::vector<TV> Values;
  std::vector<PrintPiece> Msg;
  for (const NodePtr &A : C->Args) {
    if (dynCast<frontend::StringLiteral>(A.get())) {
      std::optional<std::vector<PrintPiece>> M = messageOf(A.get(), Values);
      if (!M)
        return {ErrorT};
      Msg.insert(Msg.end(), M->begin(), M->end());
      continue;
    }
    TV X = eval(A.get(), true);
    if (X.T.isError() || X.T.isBottom())
      return X.T.isError() ? X : TV{JType{}};
    if (!packable(X.T))
      return unsupported(A->Range, "values of type " + typeName(X.T) +
                                       " in exception messages");
    Values.push_back(X);
    Msg.push_back(printed(X.T));
  }
  if (Emit) {
    emitThrow(messageText(ExceptionType::ErrorException, Msg), Values);
    startDeadBlock();
  }
  return {JType{}};
}

// `rethrow()`: the exception the innermost `catch` handles.
TV Lowerer::evalRethrow(const Call *C) {
  if (C->Args.size() == 1)
    return evalThrow(C);
  if (!C->Args.empty())
    return error(C->Range, "`rethrow` takes no argument");
  if (Caught.empty())
    return error(C->Range, "`rethrow()` outside a `catch` block");
  return rethrowValue(Emit ? B.CreateLoad(B.getPtrTy(), Caught.back())
                           : nullptr);
}

std::optional<Lowerer::ExceptionSet>
Lowerer::exceptionSet(const Node *TypeExpr) {
  auto *Id = dynCast<Identifier>(TypeExpr);
  if (!Id)
    return std::nullopt;
  ExceptionSet R;
  if (Id->Name == "Exception") {
    R.All = true;
    return R;
  }
  if (auto It = I.ExceptionIds.find(Id->Name); It != I.ExceptionIds.end()) {
    R.Ids.push_back(It->second);
    if (I.Structs.at(Id->Name).Params.empty())
      if (std::optional<JType> T = I.concreteType(Id, {}))
        R.Narrowed = exceptionT(Id->Name, *T);
    return R;
  }
  if (I.Structs.count(Id->Name))
    return std::nullopt; // a struct that is not an exception
  if (std::optional<ExceptionType> T = builtinException(Id->Name)) {
    R.Ids.push_back(uint32_t(*T));
    R.Narrowed = exceptionT(Id->Name);
    return R;
  }
  if (I.AbstractSupers.count(Id->Name) &&
      I.isSubtypeName(Id->Name, "Exception")) {
    for (const auto &[Name, Ident] : I.ExceptionIds)
      if (I.isSubtypeName(Name, Id->Name))
        R.Ids.push_back(Ident);
    return R;
  }
  return std::nullopt;
}

// `x isa T`: for a caught exception, its type id against those T covers;
// any other value's type is known here.
TV Lowerer::evalIsa(const Call *C) {
  TV X = eval(C->Args[0].get(), true);
  const Node *TE = C->Args[1].get();
  auto Const = [&](bool V) -> TV {
    return {BoolT, Emit ? B.getInt1(V) : nullptr};
  };
  if (X.T.isError())
    return X;
  if (X.T.isBottom())
    return Const(false);
  if (!isException(X.T)) {
    if (!dynCast<Identifier>(TE) && !dynCast<Curly>(TE))
      return unsupported(TE->Range, "`isa` with this type expression");
    TypeEnv Env = S.Env;
    if (auto *Id = dynCast<Identifier>(TE); Id && Id->Name == "Exception")
      return Const(X.T.node() && I.ExceptionIds.count(X.T.node()->Name));
    return Const(I.matches(TE, X.T, {}, Env));
  }
  std::optional<ExceptionSet> Set = exceptionSet(TE);
  if (!Set)
    return Const(false); // not an exception type: `e isa Int`
  if (Set->All)
    return Const(true);
  const TypeNode *N = X.T.node();
  if (N->Name != "Exception") { // known since an earlier `isa`
    auto Id = I.ExceptionIds.find(N->Name);
    uint32_t Known = Id != I.ExceptionIds.end()
                         ? Id->second
                         : uint32_t(*builtinException(N->Name));
    return Const(std::count(Set->Ids.begin(), Set->Ids.end(), Known) != 0);
  }
  if (!Emit)
    return {BoolT};
  Value *Type = B.CreateAlignedLoad(B.getInt32Ty(), X.V, Align(4), "type");
  Value *R = nullptr;
  for (uint32_t Id : Set->Ids) {
    Value *Is = B.CreateICmpEQ(Type, B.getInt32(Id));
    R = R ? B.CreateOr(R, Is) : Is;
  }
  return {BoolT, R ? R : B.getFalse()};
}

// A value of type T from the packed bytes at At + Offset (align 1).
Value *Lowerer::loadPacked(const JType &T, Value *At, unsigned &Offset) {
  if (T == NothingT)
    return nullptr;
  if (const TypeNode *N = T.node()) {
    Value *Agg = PoisonValue::get(I.layoutType(*N));
    for (unsigned K = 0; K < N->Fields.size(); ++K)
      if (Value *F = loadPacked(N->Fields[K], At, Offset))
        Agg = B.CreateInsertValue(Agg, F, {K});
    return Agg;
  }
  Type *Ty = T == BoolT ? B.getInt8Ty() : I.llvmType(T);
  Value *V = B.CreateAlignedLoad(
      Ty, B.CreateConstGEP1_32(B.getInt8Ty(), At, Offset), Align(1));
  Offset += wireBytes(T);
  return T == BoolT ? B.CreateICmpNE(V, B.getInt8(0)) : V;
}

TV Lowerer::exceptionField(const TV &X, unsigned K) {
  const TypeNode *St = X.T.node()->Parameters[0].node();
  JType FT = St->Fields[K];
  if (FT.node() && FT.node()->Mutable)
    return unsupported({}, "fields of mutable struct type in exceptions");
  if (!Emit || FT == NothingT)
    return {FT};
  unsigned Offset = 12; // the payload: after type, site and size
  for (unsigned J = 0; J < K; ++J)
    Offset += wireBytes(St->Fields[J]);
  return {FT, loadPacked(FT, X.V, Offset)};
}

// One print call for Group, whose only value X is an exception: its
// object from offset 4, {site, size, payload}.
TV Lowerer::printException(PrintFormat Group, const TV &X) {
  Type *SizeT = I.llvmType(I.IntT);
  Value *Size = B.CreateAlignedLoad(
      B.getInt32Ty(), B.CreateConstGEP1_32(B.getInt8Ty(), X.V, 8), Align(4));
  Size = B.CreateZExtOrTrunc(B.CreateAdd(Size, B.getInt32(8)), SizeT);
  FunctionCallee Print = runtime("jlremote_print", B.getVoidTy(),
                                 {B.getInt32Ty(), B.getPtrTy(), SizeT});
  uint32_t Id = static_cast<uint32_t>(I.Formats.size());
  I.Formats.push_back(mergeLiterals(std::move(Group.Pieces)));
  B.CreateCall(Print, {B.getInt32(Id),
                       B.CreateConstGEP1_32(B.getInt8Ty(), X.V, 4), Size});
  return {NothingT};
}

BasicBlock *Lowerer::protect(TryScope &Scope,
                             const std::function<void()> &Body) {
  // struct JuliaHandler { void *Jump[5]; JuliaHandler *Previous; }, its
  // Jump a __builtin_setjmp buffer: [0] frame, [1] resume (the intrinsic
  // writes it), [2] stack pointer.
  ArrayType *JumpTy = ArrayType::get(B.getPtrTy(), 5);
  StructType *HandlerTy = StructType::get(I.Ctx, {JumpTy, B.getPtrTy()});
  AllocaInst *Handler = entryAlloca(HandlerTy, "handler");
  Scope.Handler = Handler;
  B.CreateStore(B.CreateIntrinsic(Intrinsic::frameaddress, {B.getPtrTy()},
                                  {B.getInt32(0)}),
                Handler);
  B.CreateStore(B.CreateStackSave(),
                B.CreateConstGEP2_32(JumpTy, Handler, 0, 2));
  Value *Jumped = B.CreateIntrinsic(Intrinsic::eh_sjlj_setjmp, {}, {Handler});
  BasicBlock *Try = newBlock("try"), *Landing = newBlock("catch");
  B.CreateCondBr(B.CreateICmpEQ(Jumped, B.getInt32(0)), Try, Landing);
  B.SetInsertPoint(Try);
  Type *Void = B.getVoidTy(), *Ptr = B.getPtrTy();
  B.CreateCall(runtime("jlremote_try_enter", Void, {Ptr}), {Handler});
  Tries.push_back(Scope);
  Body();
  Scope = std::move(Tries.back());
  Tries.pop_back();
  if (!terminated())
    B.CreateCall(runtime("jlremote_try_leave", Void, {Ptr}), {Handler});
  return Landing;
}

void Lowerer::leaveTo(size_t Depth, BasicBlock *Target) {
  for (size_t K = Tries.size(); K > Depth; --K) {
    TryScope &T = Tries[K - 1];
    B.CreateCall(runtime("jlremote_try_leave", B.getVoidTy(), {B.getPtrTy()}),
                 {T.Handler});
    if (T.Finally) {
      BasicBlock *Then = newBlock("finally.exit");
      T.Exits.push_back(Then);
      B.CreateStore(B.getInt32(T.Exits.size() + 1), T.Next);
      B.CreateBr(T.Finally);
      B.SetInsertPoint(Then);
    }
  }
  B.CreateBr(Target);
}

// try/catch: the body with a handler linked; a throw lands in the catch
// block (the variable gets the exception object).
TV Lowerer::tryCatch(const frontend::Try *N, bool Want) {
  std::vector<Incoming> In;
  BasicBlock *Merge = Emit ? newBlock("try.end") : nullptr;
  std::map<std::string, JType> Before = Narrowed;
  TV V;
  auto Body = [&] { V = evalBlock(stmts(N->Body.get()), Want); };
  TryScope Scope;
  BasicBlock *Landing = nullptr;
  if (Emit)
    Landing = protect(Scope, Body);
  else
    Body();
  arriveAt(In, V, Merge);
  // The catch may follow any part of the body.
  Narrowed = Before;
  forgetAssignedIn(N->Body.get());
  AllocaInst *Slot = nullptr;
  Value *Exception = nullptr;
  if (Emit) {
    B.SetInsertPoint(Landing);
    Exception = B.CreateCall(runtime("jlremote_exception", B.getPtrTy(), {}),
                             {}, "exception");
    Slot = entryAlloca(B.getPtrTy(), "caught");
    B.CreateStore(Exception, Slot);
  }
  if (!N->CatchVar.empty())
    assignVar(resolve(N->CatchVar), {exceptionT(), Exception}, N->Range);
  Caught.push_back(Slot);
  TV C = evalBlock(stmts(N->CatchBody.get()), Want);
  Caught.pop_back();
  arriveAt(In, C, Merge);
  if (Emit)
    B.SetInsertPoint(Merge);
  Narrowed = std::move(Before);
  forgetAssignedIn(N);
  return merge(In, N->Range, Want, "`try`");
}

// try/[catch/]finally: the finally code is emitted once; it is entered
// after the try (Next 0), after a throw (1: it rethrows the exception), and
// from each return/break/continue leaving the try (2 and up), and goes on
// from there.
TV Lowerer::evalTry(const frontend::Try *N, bool Want) {
  if (!N->FinallyBody)
    return tryCatch(N, Want);
  auto Protected = [&] {
    return N->CatchBody ? tryCatch(N, Want)
                        : evalBlock(stmts(N->Body.get()), Want);
  };
  if (!Emit) {
    TV V = Protected();
    evalBlock(stmts(N->FinallyBody.get()), false);
    return V;
  }
  TryScope Scope;
  Scope.Finally = newBlock("finally");
  Scope.Next = entryAlloca(B.getInt32Ty(), "finally.next");
  AllocaInst *Pending = entryAlloca(B.getPtrTy(), "finally.exception");
  TV V;
  AllocaInst *ValueSlot = nullptr;
  BasicBlock *Landing = protect(Scope, [&] {
    V = Protected();
    if (Want && V.V && !terminated()) {
      ValueSlot = entryAlloca(V.V->getType(), "try.value");
      B.CreateStore(V.V, ValueSlot);
    }
  });
  if (!terminated()) {
    B.CreateStore(B.getInt32(0), Scope.Next);
    B.CreateBr(Scope.Finally);
  }
  B.SetInsertPoint(Landing);
  B.CreateStore(B.CreateCall(runtime("jlremote_exception", B.getPtrTy(), {})),
                Pending);
  B.CreateStore(B.getInt32(1), Scope.Next);
  B.CreateBr(Scope.Finally);
  B.SetInsertPoint(Scope.Finally);
  evalBlock(stmts(N->FinallyBody.get()), false);
  BasicBlock *After = newBlock("finally.end");
  if (!terminated()) {
    SwitchInst *Go = B.CreateSwitch(B.CreateLoad(B.getInt32Ty(), Scope.Next),
                                    After, Scope.Exits.size() + 1);
    BasicBlock *Rethrow = newBlock("finally.rethrow");
    Go->addCase(B.getInt32(1), Rethrow);
    for (size_t K = 0; K < Scope.Exits.size(); ++K)
      Go->addCase(B.getInt32(K + 2), Scope.Exits[K]);
    B.SetInsertPoint(Rethrow);
    rethrowValue(B.CreateLoad(B.getPtrTy(), Pending));
  }
  B.SetInsertPoint(After);
  if (ValueSlot)
    V.V = B.CreateLoad(ValueSlot->getAllocatedType(), ValueSlot);
  return V;
}

} // namespace

namespace {

// The abstract numeric types as sets of primitive concrete types.
std::optional<uint32_t> abstractMask(StringRef Name) {
  static const std::map<std::string, uint32_t, std::less<>> Abstract = {
      {"Number", BoolBit | IntMask | FloatMask},
      {"Real", BoolBit | IntMask | FloatMask},
      {"Integer", BoolBit | IntMask},
      {"Signed", SignedMask},
      {"Unsigned", UnsignedMask},
      {"AbstractFloat", FloatMask},
      {"AbstractChar", CharBit}};
  auto It = Abstract.find(Name);
  if (It == Abstract.end())
    return std::nullopt;
  return It->second;
}

// Parametric types built into the subset, with their parameter count.
std::optional<TypeNode::Kind> builtinFamily(StringRef Name) {
  if (Name == "Ptr")
    return TypeNode::Kind::Ptr;
  if (Name == "Vector")
    return TypeNode::Kind::Vector;
  if (Name == "Matrix")
    return TypeNode::Kind::Matrix;
  if (Name == "Tuple" || Name == "NTuple")
    return TypeNode::Kind::Tuple;
  if (Name == "UnitRange")
    return TypeNode::Kind::UnitRange;
  if (Name == "StepRange")
    return TypeNode::Kind::StepRange;
  if (Name == "Type")
    return TypeNode::Kind::Type;
  return std::nullopt;
}

} // namespace

bool ModuleBuilder::Impl::checkTypeExpr(const Node *E, const TypeVars &Vars) {
  if (!E)
    return true;
  if (auto *Id = dynCast<Identifier>(E)) {
    if (Vars.count(Id->Name) || typeByName(Id->Name, IntT) ||
        Id->Name == "Any" || Id->Name == "Exception" ||
        builtinException(Id->Name) || abstractMask(Id->Name) ||
        builtinFamily(Id->Name) || Structs.count(Id->Name) ||
        AbstractSupers.count(Id->Name))
      return true;
    Diags.error(E->Range, "type `" + Id->Name +
                              "` is not defined or not "
                              "supported yet");
    return false;
  }
  if (auto *C = dynCast<Curly>(E)) {
    auto *Base = dynCast<Identifier>(C->Base.get());
    if (!Base || !(builtinFamily(Base->Name) || Structs.count(Base->Name) ||
                   Base->Name == "Union")) {
      Diags.error(E->Range, "this parametric type is not supported yet");
      return false;
    }
    bool Ok = true;
    for (const NodePtr &A : C->Args)
      Ok = checkTypeExpr(A.get(), Vars) && Ok;
    return Ok;
  }
  Diags.error(E->Range, "this type expression is not supported yet");
  return false;
}

const TypeNode *
ModuleBuilder::Impl::instantiate(const StructDef &Def,
                                 const std::vector<JType> &Params) {
  bool New;
  const TypeNode *N = TypeNode::getStruct(Def.Definition, Def.Name, Params,
                                          Def.FieldNames, Def.Mutable, New);
  if (!New) {
    // A struct met again while its fields are being typed holds itself:
    // by reference (a mutable struct) that is a pointer; by value it would
    // have no finite layout.
    if (Instantiating.count(N) && !Def.Mutable) {
      if (ReportedRecursive.insert(Def.Definition).second)
        Diags.error(Def.Range, "struct `" + Def.Name +
                                   "` contains itself by value: not "
                                   "supported yet (a mutable struct can)");
      return nullptr;
    }
    return N;
  }
  TypeEnv Env;
  for (size_t K = 0; K < Def.Params.size() && K < Params.size(); ++K)
    Env[Def.Params[K]] = Params[K];
  Instantiating.insert(N);
  std::vector<JType> Fields;
  for (const Node *F : Def.FieldTypes) {
    std::optional<JType> T = F ? concreteType(F, Env) : std::nullopt;
    Fields.push_back(T && T->isRepresentable() ? *T : ErrorT);
  }
  Instantiating.erase(N);
  TypeNode::setFields(N, std::move(Fields));
  return N;
}

std::optional<JType> ModuleBuilder::Impl::concreteType(const Node *E,
                                                       const TypeEnv &Env) {
  if (auto *Id = dynCast<Identifier>(E)) {
    if (auto It = Env.find(Id->Name); It != Env.end())
      return It->second;
    if (std::optional<JType> T = typeByName(Id->Name, IntT))
      return T;
    if (Id->Name == "Char")
      return JType(CharBit);
    auto Def = Structs.find(Id->Name);
    if (Def != Structs.end() && Def->second.Params.empty())
      if (const TypeNode *N = instantiate(Def->second, {}))
        return typeOf(N);
    return std::nullopt;
  }
  auto *C = dynCast<Curly>(E);
  auto *Base = C ? dynCast<Identifier>(C->Base.get()) : nullptr;
  if (!Base)
    return std::nullopt;
  std::vector<JType> Args;
  for (const NodePtr &A : C->Args) {
    std::optional<JType> T = concreteType(A.get(), Env);
    if (!T)
      return std::nullopt;
    Args.push_back(*T);
  }
  if (auto Def = Structs.find(Base->Name); Def != Structs.end()) {
    if (Args.size() != Def->second.Params.size())
      return std::nullopt;
    if (const TypeNode *N = instantiate(Def->second, Args))
      return typeOf(N);
    return std::nullopt;
  }
  if (Base->Name == "Union") {
    // `Union{Node, Nothing}`: kept only when it has a representation.
    JType U;
    for (const JType &A : Args)
      U = U.join(A);
    if (!U.isRepresentable())
      return std::nullopt;
    return U;
  }
  std::optional<TypeNode::Kind> K = builtinFamily(Base->Name);
  if (!K)
    return std::nullopt;
  switch (*K) {
  case TypeNode::Kind::Tuple:
    return typeOf(TypeNode::get(*K, "", {}, Args));
  case TypeNode::Kind::UnitRange:
    if (Args.size() != 1)
      return std::nullopt;
    return typeOf(TypeNode::get(*K, "", Args, {Args[0], Args[0]}));
  case TypeNode::Kind::StepRange:
    if (Args.size() != 2)
      return std::nullopt;
    return typeOf(TypeNode::get(*K, "", Args, {Args[0], Args[1], Args[0]}));
  default: // Ptr, Vector
    if (Args.size() != 1)
      return std::nullopt;
    return typeOf(TypeNode::get(*K, "", Args, {}));
  }
}

bool ModuleBuilder::Impl::isSubtypeName(const std::string &Sub,
                                        const std::string &Abstract) {
  auto Def = Structs.find(Sub);
  auto Abs = AbstractSupers.find(Sub);
  std::string Super = Def != Structs.end()          ? Def->second.Super
                      : Abs != AbstractSupers.end() ? Abs->second
                                                    : "";
  for (unsigned Depth = 0; !Super.empty() && Depth < 64; ++Depth) {
    if (Super == Abstract)
      return true;
    auto It = AbstractSupers.find(Super);
    Super = It == AbstractSupers.end() ? "" : It->second;
  }
  return false;
}

bool ModuleBuilder::Impl::matches(const Node *E, const JType &Arg,
                                  const TypeVars &Vars, TypeEnv &Env) {
  if (!E)
    return true;
  const TypeNode *N = Arg.node();
  if (auto *Id = dynCast<Identifier>(E)) {
    if (auto Var = Vars.find(Id->Name); Var != Vars.end()) {
      if (auto Bound = Env.find(Id->Name); Bound != Env.end())
        return Bound->second == Arg;
      if (Var->second && !matches(Var->second, Arg, Vars, Env))
        return false;
      Env[Id->Name] = Arg;
      return true;
    }
    if (Id->Name == "Any")
      return true;
    if (std::optional<uint32_t> Mask = abstractMask(Id->Name))
      return !N && Arg.isConcrete() && (Arg.Mask & ~*Mask) == 0;
    if (std::optional<TypeNode::Kind> K = builtinFamily(Id->Name))
      return N && N->TheKind == *K;
    if (N && N->TheKind == TypeNode::Kind::Struct)
      return N->Name == Id->Name || isSubtypeName(N->Name, Id->Name);
    if (N && N->TheKind == TypeNode::Kind::Exception) // what it is known to be
      return Id->Name == "Exception" || N->Name == Id->Name ||
             isSubtypeName(N->Name, Id->Name);
    std::optional<JType> T = concreteType(E, Env);
    return T && *T == Arg;
  }
  auto *C = dynCast<Curly>(E);
  auto *Base = C ? dynCast<Identifier>(C->Base.get()) : nullptr;
  if (Base && Base->Name == "Union") {
    // An argument matches a Union when it lies within one member (a
    // nullable reference: when both of its members do).
    std::optional<JType> U = concreteType(E, Env);
    return U && (Arg.Mask & ~U->Mask) == 0 &&
           std::all_of(
               Arg.Nodes.begin(), Arg.Nodes.end(), [&](const TypeNode *M) {
                 return std::count(U->Nodes.begin(), U->Nodes.end(), M) != 0;
               });
  }
  if (!Base || !N)
    return false;
  const std::vector<JType> *Params = &N->Parameters;
  if (std::optional<TypeNode::Kind> K = builtinFamily(Base->Name)) {
    if (N->TheKind != *K)
      return false;
    if (*K == TypeNode::Kind::Tuple)
      Params = &N->Fields;
  } else if (N->TheKind != TypeNode::Kind::Struct || N->Name != Base->Name) {
    return false;
  }
  if (C->Args.size() != Params->size())
    return false;
  // Parameters are invariant: each must be exactly the argument's.
  for (size_t K = 0; K < C->Args.size(); ++K) {
    const Node *P = C->Args[K].get();
    auto *PId = dynCast<Identifier>(P);
    if (PId && Vars.count(PId->Name)) {
      if (!matches(P, (*Params)[K], Vars, Env))
        return false;
      continue;
    }
    std::optional<JType> T = concreteType(P, Env);
    if (!T || *T != (*Params)[K])
      return false;
  }
  return true;
}

bool ModuleBuilder::Impl::within(const Node *A, const TypeVars &VA,
                                 const Node *B, const TypeVars &VB) {
  if (!B)
    return true;
  if (!A)
    return false;
  auto *IA = dynCast<Identifier>(A), *IB = dynCast<Identifier>(B);
  if (IB && VB.count(IB->Name)) {
    const Node *Bound = VB.at(IB->Name);
    return !Bound || within(A, VA, Bound, VB);
  }
  if (IA && VA.count(IA->Name))
    return within(VA.at(IA->Name), VA, B, VB);
  if (IB && IB->Name == "Any")
    return true;
  if (IA && IA->Name == "Any")
    return false;
  auto UnionArgs = [](const Node *N) -> const std::vector<NodePtr> * {
    auto *C = dynCast<Curly>(N);
    auto *Id = C ? dynCast<Identifier>(C->Base.get()) : nullptr;
    return Id && Id->Name == "Union" ? &C->Args : nullptr;
  };
  if (const std::vector<NodePtr> *Members = UnionArgs(A))
    return std::all_of(Members->begin(), Members->end(),
                       [&](auto &M) { return within(M.get(), VA, B, VB); });
  if (const std::vector<NodePtr> *Members = UnionArgs(B))
    return std::any_of(Members->begin(), Members->end(),
                       [&](auto &M) { return within(A, VA, M.get(), VB); });
  // Sets of primitive types: the abstract numeric types and concrete ones.
  auto MaskOf = [&](const Identifier *I) -> std::optional<uint32_t> {
    if (std::optional<uint32_t> M = abstractMask(I->Name))
      return M;
    if (std::optional<JType> T = typeByName(I->Name, IntT))
      return T->Mask;
    if (I->Name == "Char")
      return uint32_t(CharBit);
    return std::nullopt;
  };
  if (IA && IB) {
    std::optional<uint32_t> MA = MaskOf(IA), MB = MaskOf(IB);
    if (MA || MB)
      return MA && MB && (*MA & ~*MB) == 0;
    return IA->Name == IB->Name || isSubtypeName(IA->Name, IB->Name);
  }
  auto *CA = dynCast<Curly>(A), *CB = dynCast<Curly>(B);
  auto BaseName = [](const Curly *C) {
    auto *Id = dynCast<Identifier>(C->Base.get());
    return Id ? Id->Name : std::string();
  };
  if (CA && IB) // `Point{T}` lies within `Point` and its supertypes
    return BaseName(CA) == IB->Name || isSubtypeName(BaseName(CA), IB->Name);
  if (!CA || !CB || BaseName(CA) != BaseName(CB) ||
      CA->Args.size() != CB->Args.size())
    return false;
  for (size_t K = 0; K < CA->Args.size(); ++K) {
    auto *PB = dynCast<Identifier>(CB->Args[K].get());
    if (PB && VB.count(PB->Name))
      continue;
    std::optional<JType> TA = concreteType(CA->Args[K].get(), {}),
                         TB = concreteType(CB->Args[K].get(), {});
    if (!TA || !TB || *TA != *TB)
      return false;
  }
  return true;
}

void ModuleBuilder::Impl::collectStruct(const frontend::Struct &Def) {
  // Unique across programs: the type pool outlives each module.
  static uint64_t Definitions = 0;
  StructDef D;
  D.Definition = ++Definitions;
  D.Name = Def.Name;
  D.Mutable = Def.Mutable;
  D.Range = Def.Range;
  for (const TypeParam &P : Def.Params) {
    D.Params.push_back(P.Name);
    D.ParamBounds[P.Name] = P.UpperBound.get();
  }
  if (auto *Super = dynCast<Identifier>(Def.Super.get()))
    D.Super = Super->Name;
  for (const frontend::Struct::Field &F : Def.Fields) {
    D.FieldNames.push_back(F.Name);
    D.FieldTypes.push_back(F.Type.get());
    if (!F.Type)
      Diags.error(F.Range, "field `" + F.Name + "` of `" + Def.Name +
                               "` has no type: fields of type Any are not "
                               "supported yet");
  }
  Structs[D.Name] = std::move(D);
}

void ModuleBuilder::Impl::collectMethod(const frontend::Function &Fn,
                                        llvm::Attribute::AttrKind Inlining) {
  auto Name = methodName(Fn.Name.get());
  if (!Name) {
    Diags.error(Fn.Name->Range, "methods of this function name are not "
                                "supported yet");
    return;
  }
  Method M;
  M.Name = Name->first;
  M.Range = Name->second;
  M.Inlining = Inlining;
  for (const TypeParam &P : Fn.Where)
    M.Where[P.Name] = P.UpperBound.get();
  bool Ok = true;
  for (const auto &[Var, Bound] : M.Where)
    Ok = checkTypeExpr(Bound, {}) && Ok;
  for (const Param &P : Fn.Params) {
    Ok = checkTypeExpr(P.Type.get(), M.Where) && Ok;
    M.ParamNames.push_back(P.Name.empty() ? "#unused" : P.Name);
    M.ParamTypes.push_back(P.Type.get());
  }
  if (Fn.ReturnType) {
    Ok = checkTypeExpr(Fn.ReturnType.get(), M.Where) && Ok;
    M.ReturnType = Fn.ReturnType.get();
  }
  M.Body = stmts(Fn.Body.get());
  if (!Ok)
    return;
  scopeMethod(M);
  // A second definition with the same signature replaces the first.
  std::vector<Method> &Ms = Methods[M.Name];
  auto Same = std::find_if(Ms.begin(), Ms.end(), [&](const Method &O) {
    if (O.ParamTypes.size() != M.ParamTypes.size())
      return false;
    for (size_t K = 0; K < O.ParamTypes.size(); ++K)
      if (!within(O.ParamTypes[K], O.Where, M.ParamTypes[K], M.Where) ||
          !within(M.ParamTypes[K], M.Where, O.ParamTypes[K], O.Where))
        return false;
    return true;
  });
  if (Same != Ms.end())
    *Same = std::move(M);
  else
    Ms.push_back(std::move(M));
}

void ModuleBuilder::Impl::collect(const Block &Program) {
  Throws.push_back(siteOf(oomText()));
  // Types first: methods may name types defined after them.
  for (const NodePtr &N : Program.Stmts) {
    if (auto *A = dynCast<AbstractType>(N.get())) {
      auto *Super = dynCast<Identifier>(A->Super.get());
      AbstractSupers[A->Name] = Super ? Super->Name : "";
    } else if (auto *St = dynCast<frontend::Struct>(N.get())) {
      collectStruct(*St);
    }
  }
  // Exception structs are numbered in the order they are defined.
  for (const NodePtr &N : Program.Stmts)
    if (auto *St = dynCast<frontend::Struct>(N.get());
        St && isSubtypeName(St->Name, "Exception") &&
        !ExceptionIds.count(St->Name))
      ExceptionIds[St->Name] = uint32_t(ExceptionType::FirstUserException) +
                               uint32_t(ExceptionIds.size());
  for (auto &[Name, Def] : Structs)
    for (const Node *F : Def.FieldTypes)
      checkTypeExpr(F, Def.ParamBounds);
  std::vector<const Node *> Top;
  for (const NodePtr &N : Program.Stmts) {
    if (const frontend::Function *Fn = asFunction(N.get())) {
      collectMethod(*Fn, inliningOf(N.get()));
      continue;
    }
    if (auto *C = dynCast<Const>(N.get())) {
      auto *A = dynCast<Assign>(C->Value.get());
      auto *Id = A ? dynCast<Identifier>(A->Lhs.get()) : nullptr;
      if (Id && A->Operator == "=")
        Constants[Id->Name] = A->Rhs.get();
      else
        Diags.error(N->Range, "this `const` declaration is not supported yet");
      continue;
    }
    if (N->Kind != NodeKind::Error && N->Kind != NodeKind::Struct &&
        N->Kind != NodeKind::AbstractType)
      Top.push_back(N.get());
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
                                      std::string &Error, TypeEnv &Env) {
  auto It = Methods.find(Name.str());
  Error = "no method matching " + signature(Name, Args);
  if (It == Methods.end())
    return nullptr;
  std::vector<std::pair<Method *, TypeEnv>> Applicable;
  for (Method &M : It->second) {
    if (M.ParamTypes.size() != Args.size())
      continue;
    TypeEnv E;
    bool Ok = true;
    for (size_t K = 0; K < Args.size() && Ok; ++K)
      Ok = matches(M.ParamTypes[K], Args[K], M.Where, E);
    if (Ok)
      Applicable.push_back({&M, std::move(E)});
  }
  if (Applicable.empty())
    return nullptr;
  auto Within = [&](const Method &A, const Method &B) {
    for (size_t K = 0; K < A.ParamTypes.size(); ++K)
      if (!within(A.ParamTypes[K], A.Where, B.ParamTypes[K], B.Where))
        return false;
    return true;
  };
  // The most specific: its signature lies within every other's.
  for (auto &[M, E] : Applicable)
    if (std::all_of(Applicable.begin(), Applicable.end(),
                    [&](auto &O) { return Within(*M, *O.first); })) {
      Env = E;
      return M;
    }
  Error = signature(Name, Args) + " is ambiguous";
  return nullptr;
}

Spec *ModuleBuilder::Impl::getSpec(Method *M, const std::vector<JType> &Args,
                                   const TypeEnv &Env) {
  std::pair<const Method *, std::vector<JType>> Key{M, Args};
  auto It = SpecByKey.find(Key);
  if (It != SpecByKey.end())
    return It->second;
  std::string Symbol = "julia_" + M->Name;
  for (const JType &T : Args)
    Symbol += "_" + typeName(T);
  // `f_Int64()` and `f(::Int64)` would share a name: number the later one.
  std::string Unique = Symbol;
  for (unsigned K = 2; !Symbols.insert(Unique).second; ++K)
    Unique = Symbol + "#" + std::to_string(K);
  Specs.push_back(Spec{M, Args, Env, Unique, JType{}, {}, {}, {}, nullptr});
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
    Type *Ret =
        S.Ret.isRepresentable() ? llvmType(S.Ret) : Type::getVoidTy(Ctx);
    S.F = llvm::Function::Create(FunctionType::get(Ret, Params, false),
                                 GlobalValue::ExternalLinkage, S.Symbol, *Mod);
    if (S.M->Inlining != llvm::Attribute::None)
      S.F->addFnAttr(S.M->Inlining);
    // An array argument is a live header: LLVM may then load its fields
    // ahead of a loop (speculatively, past the loop's bounds checks).
    for (size_t K = 0; K < S.Args.size(); ++K)
      if (const TypeNode *N = S.Args[K].node();
          N && (N->TheKind == TypeNode::Kind::Vector ||
                N->TheKind == TypeNode::Kind::Matrix)) {
        unsigned Word = info(IntT).Bits / 8;
        S.F->addParamAttr(
            K, Attribute::getWithDereferenceableBytes(Ctx, 3 * Word));
        S.F->addParamAttr(K, Attribute::getWithAlignment(Ctx, Align(Word)));
        S.F->addParamAttr(K, Attribute::NonNull);
        S.F->addParamAttr(K, Attribute::NoUndef);
      }
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
    // Union{} (it always throws) needs no value.
    if (S.M->TopLevel || S.Ret.isRepresentable() || S.Ret.isBottom() ||
        Diags.errorCount() != Before)
      continue;
    std::string Sig = signature(S.M->Name, S.Args);
    if (!S.Ret.isError())
      Diags.error(S.M->Range, "return type of `" + Sig + "` is " +
                                  typeName(S.Ret) +
                                  ": type-unstable code is not supported yet");
  }
  LoweredModule R;
  for (Spec &S : Specs) {
    std::vector<std::string> ArgNames;
    for (const std::string &Name : S.M->ParamNames)
      ArgNames.push_back(Name == "#unused" ? "" : Name);
    R.Specializations.push_back(
        {S.Symbol, S.M->Name, S.Args, S.Ret, S.Callees, std::move(ArgNames)});
  }
  R.Formats = std::move(Formats);
  R.Throws = std::move(Throws);
  DIB->finalize();
  R.Module = std::move(Mod);
  return R;
}

ModuleBuilder::ModuleBuilder(const Block &Program,
                             const compiler::TargetSpec &Target,
                             LLVMContext &Context, Diagnostics &Diags)
    : P(std::make_unique<Impl>(Program, Target, Context, Diags)) {}

ModuleBuilder::~ModuleBuilder() = default;

void ModuleBuilder::setCheckBounds(CheckBounds Mode) { P->Bounds = Mode; }

JType ModuleBuilder::intType() const { return P->IntT; }

Expected<std::string> ModuleBuilder::request(StringRef Name,
                                             const std::vector<JType> &Args) {
  for (JType T : Args)
    if (!T.isConcrete() || T == NothingT)
      return createStringError("entry point %s: argument type %s is not a "
                               "concrete number type",
                               Name.str().c_str(), typeName(T).c_str());
  std::string Why;
  TypeEnv Env;
  Method *M = P->dispatch(Name, Args, Why, Env);
  if (!M)
    return createStringError("entry point: %s", Why.c_str());
  return P->getSpec(M, Args, Env)->Symbol;
}

LoweredModule ModuleBuilder::build() { return P->build(); }

} // namespace jlremote::lower
