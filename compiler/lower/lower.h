// The middle of the Julia front end: a parsed program (frontend/ast.h) in,
// typed and specialised LLVM IR out. Each method is inferred and compiled
// once per tuple of concrete argument types it is called with, as Julia
// does; dispatch to the most specific method happens at compile time.
// Problems are reported to the frontend's Diagnostics, never thrown.
#ifndef JLREMOTE_COMPILER_LOWER_LOWER_H
#define JLREMOTE_COMPILER_LOWER_LOWER_H

#include "compiler/codegen.h"
#include "compiler/frontend/ast.h"
#include "compiler/frontend/diagnostics.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace jlremote::lower {

/// The primitive concrete types, as bits of a set. A JType is a set of
/// concrete types: primitive ones as bits, composite ones (tuples, structs,
/// pointers, ranges, vectors) as interned TypeNodes. One member: concrete;
/// several: a Union; none: Union{}, "no value yet" during inference. Error
/// marks a value whose problem was reported.
enum TypeBit : uint32_t {
  BoolBit = 1u << 0,
  Int8Bit = 1u << 1,
  Int16Bit = 1u << 2,
  Int32Bit = 1u << 3,
  Int64Bit = 1u << 4,
  UInt8Bit = 1u << 5,
  UInt16Bit = 1u << 6,
  UInt32Bit = 1u << 7,
  UInt64Bit = 1u << 8,
  Float32Bit = 1u << 9,
  Float64Bit = 1u << 10,
  NothingBit = 1u << 11,
  ErrorBit = 1u << 12,
  CharBit = 1u << 13,
  // `π`: Irrational{:π} has no bits of its own; an operation with a number
  // gives it that number's float type, as Julia's Irrational does.
  PiBit = 1u << 14,
};

struct TypeNode;

struct JType {
  JType() = default;
  explicit JType(uint32_t Mask) : Mask(Mask) {}
  JType(uint32_t Mask, std::vector<const TypeNode *> Nodes)
      : Mask(Mask), Nodes(std::move(Nodes)) {}

  uint32_t Mask = 0;
  /// Composite members, sorted by address (interned: equal types are one
  /// node), each once.
  std::vector<const TypeNode *> Nodes;

  bool operator==(const JType &) const = default;
  auto operator<=>(const JType &) const = default;
  bool isBottom() const { return Mask == 0 && Nodes.empty(); }
  bool isError() const { return Mask & ErrorBit; }
  bool isConcrete() const {
    if (isError())
      return false;
    if (Nodes.empty())
      return Mask && !(Mask & (Mask - 1));
    return Mask == 0 && Nodes.size() == 1;
  }
  /// The composite type of a concrete composite JType, else null.
  const TypeNode *node() const {
    return Mask == 0 && Nodes.size() == 1 ? Nodes[0] : nullptr;
  }
  JType join(const JType &O) const;
  /// `Union{T, Nothing}` with T a mutable struct: a nullable reference (a
  /// pointer, null for `nothing`), the one Union with a representation.
  bool isNullableRef() const;
  /// Concrete, or a nullable reference: a variable, field, argument or
  /// return value can hold it.
  bool isRepresentable() const { return isConcrete() || isNullableRef(); }
};

/// A composite concrete type, interned: build them with TypeNode::get.
struct TypeNode {
  /// Type: a type used as a value (`Float64` in `f(Float64, n)`), of type
  /// `Type{Float64}`; it has no bits.
  /// Exception: a caught exception, a pointer to its object on the device's
  /// heap ({type, site, size, payload}, device_runtime/runtime_slots.h): Name
  /// "Exception" when its type is known only at run time, else the type it
  /// is known to be (`if e isa MyError`): a Base exception's name, or a user
  /// struct's, which is then Parameters[0] (its fields lie in the payload).
  enum class Kind {
    Tuple,
    Struct,
    Ptr,
    UnitRange,
    StepRange,
    Vector,
    Matrix,
    Type,
    Exception
  };
  Kind TheKind;
  /// Struct: its name (`Point`); Exception: see above; others: empty.
  std::string Name;
  /// The type's parameters as Julia writes them: `Point{Float64}`: Float64;
  /// `Ptr{T}`, `Vector{T}`, `Matrix{T}`, `UnitRange{T}`, `Type{T}`: T;
  /// `StepRange{T, S}`: T, S.
  std::vector<JType> Parameters;
  /// What a value holds, in order: a tuple's elements, a struct's fields,
  /// a range's start, (step,) stop. Empty for Ptr, Vector and Matrix.
  /// A struct's are set once, just after its node is made (so that a field
  /// may name its own struct: `next::Union{Node, Nothing}`).
  std::vector<JType> Fields;
  std::vector<std::string> FieldNames; // structs
  bool Mutable = false;                // `mutable struct`
  /// Structs: which definition (one per `struct` collected, in any
  /// program), so that two programs' `Node`s are two types; 0 otherwise.
  uint64_t Definition = 0;

  static const TypeNode *get(Kind K, std::string Name,
                             std::vector<JType> Parameters,
                             std::vector<JType> Fields,
                             std::vector<std::string> FieldNames = {},
                             bool Mutable = false);
  /// The struct of a definition with these parameters, interned by
  /// (Definition, Parameters); New tells whether its Fields are still to be
  /// set, by the caller, with setFields.
  static const TypeNode *getStruct(uint64_t Definition, std::string Name,
                                   std::vector<JType> Parameters,
                                   std::vector<std::string> FieldNames,
                                   bool Mutable, bool &New);
  static void setFields(const TypeNode *Struct, std::vector<JType> Fields);
};

/// The JType holding exactly one composite type.
inline JType typeOf(const TypeNode *N) { return JType{0, {N}}; }

/// Julia's name of a type: `Float64`, `Point{Float64}`,
/// `Tuple{Float32, Float32}`, `Union{Float64, Int64}`, `Union{}`.
std::string typeName(const JType &T);

/// One compiled specialisation and the specialisations it calls (Julia's
/// backedges, read inverted: a changed callee invalidates its callers).
struct Specialization {
  std::string Symbol; // LLVM function name, e.g. julia_f_Float64
  std::string Method; // Julia function name
  std::vector<JType> ArgTypes;
  JType ReturnType;
  std::vector<std::string> Callees; // symbols, each once
  /// The method's argument names, one per ArgTypes ("" for `::T`), for
  /// stack traces: `f(v::Vector{Float64}, ::Int64)`.
  std::vector<std::string> ArgNames;
};

/// What one print site (`print`, `println`, `@show`, `@assert`'s
/// message) writes, piece by piece. Literal text stays on the host; the
/// device sends the values of the other pieces, in order, in the packed wire
/// form of host_daemon/julia_print.h, with jlremote_print(format, ...).
struct PrintPiece {
  enum Kind {
    Literal, // Text, as is
    Print,   // a value written as `print(io, x)` writes it
    Show,    // a value written as `show(io, x)` writes it
    // A caught exception (Type: an Exception node), as `print`/`show`
    // (Exception) or `showerror` (ExceptionMessage) write it. Its wire value
    // is {uint32 site; uint32 size; payload[size]} (the object from offset
    // 4), rendered with Throws[site].Shown or .Message; its size is known
    // only at run time, so it is the only value of its print call.
    Exception,
    ExceptionMessage,
  };
  Kind TheKind;
  std::string Text;
  JType Type; // Print and Show
};

struct PrintFormat {
  std::vector<PrintPiece> Pieces;
};

/// Exception type ids (the `type` of jlremote_throw and of an exception
/// object): Base's exceptions, then the program's exception structs
/// (subtypes of Exception), numbered from FirstUserException in the order
/// they are defined.
enum class ExceptionType : uint32_t {
  ErrorException = 1,
  BoundsError = 2,
  DivideError = 3,
  InexactError = 4,
  OverflowError = 5,
  DomainError = 6,
  ArgumentError = 7,
  AssertionError = 8,
  OutOfMemoryError = 9,
  FirstUserException = 64,
};

/// One place that throws (a `throw`, `error`, a bounds check...): what the
/// host prints for the exception, over the values the device sends with it
/// (its payload: Message's value pieces, packed in order).
struct ThrowSite {
  uint32_t TypeId;
  std::string TypeName; // Julia's name, with parameters: "BoundsError"
  PrintFormat Message;  // showerror(io, e): what `ERROR: ` is followed by
  /// show(io, e), what print/println/string write, over the same values in
  /// the same order; no pieces when it cannot be written faithfully (a
  /// BoundsError holds its array).
  PrintFormat Shown;
};

struct LoweredModule {
  std::unique_ptr<llvm::Module> Module;
  std::vector<Specialization> Specializations;
  /// The format number a print site sends is its index here.
  std::vector<PrintFormat> Formats;
  /// The site number a throw sends is its index here; site 0 is the
  /// runtime's own OutOfMemoryError (empty payload).
  std::vector<ThrowSite> Throws;
};

/// Builds one module from a program: the entry points requested, everything
/// they call, and `julia_toplevel` (void, no arguments) when the program has
/// top-level statements.
/// Julia's `--check-bounds`: Auto checks every index outside `@inbounds`;
/// Yes checks inside it too; No checks none.
enum class CheckBounds { Auto, Yes, No };

class ModuleBuilder {
public:
  ModuleBuilder(const frontend::Block &Program,
                const compiler::TargetSpec &Target, llvm::LLVMContext &Context,
                frontend::Diagnostics &Diags);
  ~ModuleBuilder();

  /// `Int` on the target: Int32 on 32-bit cores, Int64 otherwise.
  JType intType() const;

  /// Before build(); Auto unless set.
  void setCheckBounds(CheckBounds Mode);

  /// Requests `Name` specialised on `ArgTypes` (concrete); returns the
  /// symbol of the specialisation. No applicable method, or an ambiguity,
  /// is an error naming the call.
  llvm::Expected<std::string> request(llvm::StringRef Name,
                                      const std::vector<JType> &ArgTypes);

  /// Infers and emits everything requested. The module verifies whenever
  /// Diags has no errors.
  LoweredModule build();

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace jlremote::lower

#endif
