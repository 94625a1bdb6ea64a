// Values sent by the device, written on the host byte for byte as Julia 1.11
// writes them. The device sends raw bits and the compiler knows their type;
// the host turns the pair into text with Julia's two entry points:
//   printValue: `print`, `println`, string interpolation (`string(x)`)
//   showValue:  `show`, `repr`, and so `@show x` (`showLine`)
// The rules come from Julia's base/: show.jl (structs, tuples, typeinfo),
// arrayshow.jl (vector prefixes), range.jl, char.jl, strings/io.jl
// (escapes), intfuncs.jl (unsigned hex), ryu/ (floats, julia_format.h).
//
// Wire form of a value (what the device writes; little-endian, packed, no
// padding, so that it does not depend on the target's alignment rules):
//   integers, Bool (1 byte), Float32, Float64: their bytes
//   Char: Julia's 32-bit Char (UTF-8 bytes from the most significant byte)
//   Nothing: no bytes
//   Tuple, struct: the fields one after the other
//   UnitRange: start, stop; StepRange: start, step, stop (stop as Julia
//     stores it, i.e. already the last element)
//   Vector: UInt32 element count, then the elements
//   Matrix: UInt32 rows, UInt32 columns, then the elements column by column
//   String: UInt32 byte count, then the UTF-8 bytes
//   Ptr: the address, as wide as the device's word (PrintTarget::IntBits)
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jlremote::host {

/// A concrete Julia type, as far as printing needs it.
class JuliaType {
public:
  enum class Kind {
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Bool,
    Float32,
    Float64,
    Char,
    Nothing,
    String,
    Tuple,
    Struct,
    UnitRange,
    StepRange,
    Vector,
    Matrix,
    Ptr,
  };

  /// A type without parameters (Int8 ... String).
  explicit JuliaType(Kind K);
  static JuliaType tuple(std::vector<JuliaType> Elements);
  /// A user `struct` (or `mutable struct`) defined in Main: its name, its
  /// type parameters (`Point{Float64}`: {Float64}) and its field types.
  static JuliaType structType(std::string Name,
                              std::vector<JuliaType> Parameters,
                              std::vector<JuliaType> Fields);
  static JuliaType unitRange(JuliaType Element);
  static JuliaType stepRange(JuliaType Element, JuliaType Step);
  static JuliaType vector(JuliaType Element);
  static JuliaType matrix(JuliaType Element);
  static JuliaType ptr(JuliaType Element);

  Kind kind() const { return TheKind; }
  /// Type parameters, as written in the type's name.
  llvm::ArrayRef<JuliaType> parameters() const { return Parameters; }
  /// What the wire form holds, in order: a tuple's elements, a struct's
  /// fields, a range's start/(step)/stop, an array's element type; nothing
  /// for a Ptr.
  llvm::ArrayRef<JuliaType> fields() const { return Fields; }

  /// The name Julia's `show(io, T)` writes: `Point{Float64}`,
  /// `Tuple{Int32, Float32}`, `Vector{Float64}`, `StepRange{Int64, Int64}`.
  std::string name() const;

  bool operator==(const JuliaType &Other) const = default;

private:
  JuliaType(Kind K, std::string Name, std::vector<JuliaType> Parameters,
            std::vector<JuliaType> Fields);

  Kind TheKind;
  std::string StructName;
  std::vector<JuliaType> Parameters;
  std::vector<JuliaType> Fields;
};

/// What differs between devices: Julia's `Int` is the device's word, Int32 on
/// 32-bit cores (as in Julia on 32-bit ARM), Int64 on the x86-64 POSIX
/// device. Only the vector prefix depends on it: `Int32[1, 2]` on a 64-bit
/// device, `[1, 2]` on a 32-bit one (`typeinfo_implicit` treats `Int` alone
/// as implicit).
struct PrintTarget {
  unsigned IntBits = 32;
};

/// What `print(io, x)` writes for the value `Bytes` of type `Type`.
llvm::Expected<std::string> printValue(const JuliaType &Type,
                                       llvm::ArrayRef<uint8_t> Bytes,
                                       const PrintTarget &Target);

/// What `show(io, x)` (and `repr(x)`) writes.
llvm::Expected<std::string> showValue(const JuliaType &Type,
                                      llvm::ArrayRef<uint8_t> Bytes,
                                      const PrintTarget &Target);

/// printValue and showValue for one of several values sent one after the
/// other (a print site's): formats the value at the front of `Bytes` and
/// drops the bytes it used from `Bytes`.
llvm::Expected<std::string> printLeadingValue(const JuliaType &Type,
                                              llvm::ArrayRef<uint8_t> &Bytes,
                                              const PrintTarget &Target);
llvm::Expected<std::string> showLeadingValue(const JuliaType &Type,
                                             llvm::ArrayRef<uint8_t> &Bytes,
                                             const PrintTarget &Target);

/// The line `@show Expression` prints: `x = 1.5\n`. `Expression` is the
/// source text as Julia's `show_unquoted` writes it (the compiler's job).
llvm::Expected<std::string> showLine(llvm::StringRef Expression,
                                     const JuliaType &Type,
                                     llvm::ArrayRef<uint8_t> Bytes,
                                     const PrintTarget &Target);

} // namespace jlremote::host
