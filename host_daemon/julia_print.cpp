#include "julia_print.h"

#include "julia_format.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Unicode.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace jlremote::host {

using Kind = JuliaType::Kind;

JuliaType::JuliaType(Kind K) : TheKind(K) {
  assert(K != Kind::Tuple && K != Kind::Struct && K != Kind::UnitRange &&
         K != Kind::StepRange && K != Kind::Vector && K != Kind::Matrix &&
         K != Kind::Ptr && "parametric kinds have their own constructors");
}

JuliaType::JuliaType(Kind K, std::string Name,
                     std::vector<JuliaType> Parameters,
                     std::vector<JuliaType> Fields)
    : TheKind(K), StructName(std::move(Name)),
      Parameters(std::move(Parameters)), Fields(std::move(Fields)) {}

JuliaType JuliaType::tuple(std::vector<JuliaType> Elements) {
  return JuliaType(Kind::Tuple, "", Elements, Elements);
}

JuliaType JuliaType::structType(std::string Name,
                                std::vector<JuliaType> Parameters,
                                std::vector<JuliaType> Fields) {
  return JuliaType(Kind::Struct, std::move(Name), std::move(Parameters),
                   std::move(Fields));
}

JuliaType JuliaType::unitRange(JuliaType Element) {
  return JuliaType(Kind::UnitRange, "", {Element}, {Element, Element});
}

JuliaType JuliaType::stepRange(JuliaType Element, JuliaType Step) {
  return JuliaType(Kind::StepRange, "", {Element, Step},
                   {Element, Step, Element});
}

JuliaType JuliaType::vector(JuliaType Element) {
  return JuliaType(Kind::Vector, "", {Element}, {Element});
}

JuliaType JuliaType::matrix(JuliaType Element) {
  return JuliaType(Kind::Matrix, "", {Element}, {Element});
}

JuliaType JuliaType::ptr(JuliaType Element) {
  return JuliaType(Kind::Ptr, "", {Element}, {});
}

std::string JuliaType::name() const {
  static constexpr const char *Primitive[] = {
      "Int8",   "Int16", "Int32",   "Int64",   "UInt8", "UInt16",  "UInt32",
      "UInt64", "Bool",  "Float32", "Float64", "Char",  "Nothing", "String"};
  std::string Out;
  switch (TheKind) {
  case Kind::Tuple:
    Out = "Tuple";
    break;
  case Kind::Struct:
    Out = StructName;
    break;
  case Kind::UnitRange:
    Out = "UnitRange";
    break;
  case Kind::StepRange:
    Out = "StepRange";
    break;
  case Kind::Vector:
    // Julia 1.6+ writes the alias for Array{T, 1}.
    Out = "Vector";
    break;
  case Kind::Matrix: // Array{T, 2}
    Out = "Matrix";
    break;
  case Kind::Ptr:
    Out = "Ptr";
    break;
  default:
    return Primitive[static_cast<int>(TheKind)];
  }
  // `Tuple{}` keeps its braces; a struct without parameters has none.
  if (Parameters.empty() && TheKind != Kind::Tuple)
    return Out;
  Out += '{';
  for (size_t I = 0; I < Parameters.size(); ++I)
    Out += (I ? ", " : "") + Parameters[I].name();
  return Out + '}';
}

namespace {

bool isSigned(Kind K) { return K >= Kind::Int8 && K <= Kind::Int64; }
bool isUnsigned(Kind K) { return K >= Kind::UInt8 && K <= Kind::UInt64; }

unsigned integerBytes(Kind K) {
  switch (K) {
  case Kind::Int8:
  case Kind::UInt8:
  case Kind::Bool:
    return 1;
  case Kind::Int16:
  case Kind::UInt16:
    return 2;
  case Kind::Int32:
  case Kind::UInt32:
  case Kind::Float32:
  case Kind::Char:
    return 4;
  default:
    return 8;
  }
}

// Julia's isprint: categories L, M, N, P, S and Zs (base/strings/unicode.jl).
// LLVM's table is the same set except that it counts the soft hyphen (Cf).
bool isPrintable(uint32_t CodePoint) {
  return CodePoint != 0xAD &&
         llvm::sys::unicode::isPrintable(static_cast<int>(CodePoint));
}

// A Julia Char: the UTF-8 bytes of the character, first byte in the most
// significant byte. Valid if those bytes are one well-formed, shortest UTF-8
// sequence (Julia's ismalformed/isoverlong).
struct DecodedChar {
  std::string Bytes;
  bool Valid = false;
  uint32_t CodePoint = 0;
};

DecodedChar decodeChar(uint32_t Raw) {
  DecodedChar C;
  // ncodeunits(c) = max(1, 4 - trailing_zeros(u) >> 3) (base/char.jl).
  const unsigned Units =
      Raw == 0 ? 1 : 4 - static_cast<unsigned>(std::countr_zero(Raw)) / 8;
  for (unsigned I = 0; I < Units; ++I)
    C.Bytes += static_cast<char>(Raw >> (24 - 8 * I));
  const auto *Begin = reinterpret_cast<const llvm::UTF8 *>(C.Bytes.data());
  const llvm::UTF8 *Cursor = Begin;
  llvm::UTF32 CodePoint = 0;
  llvm::UTF32 *Target = &CodePoint;
  // Strict conversion rejects overlong forms and surrogates, as Julia does.
  if (llvm::ConvertUTF8toUTF32(&Cursor, Begin + Units, &Target, Target + 1,
                               llvm::strictConversion) == llvm::conversionOK &&
      Cursor == Begin + Units) {
    C.Valid = true;
    C.CodePoint = CodePoint;
  }
  return C;
}

std::string hex(uint64_t Value, unsigned Digits) {
  std::string Out = llvm::utohexstr(Value, /*LowerCase=*/true);
  if (Out.size() < Digits)
    Out.insert(0, Digits - Out.size(), '0');
  return Out;
}

// The "typeinfo_implicit" rule of base/arrayshow.jl: element types whose
// values read back unambiguously without a `T[...]` prefix.
bool isTypeinfoImplicit(const JuliaType &T, const PrintTarget &Target) {
  switch (T.kind()) {
  case Kind::Float64:
  case Kind::Char:
  case Kind::String:
  case Kind::Nothing: // a singleton type
    return true;
  case Kind::Int32:
    return Target.IntBits == 32;
  case Kind::Int64:
    return Target.IntBits == 64;
  case Kind::Vector:
  case Kind::Matrix:
    return isTypeinfoImplicit(T.fields()[0], Target);
  case Kind::Tuple:
    return llvm::all_of(T.fields(), [&](const JuliaType &F) {
      return isTypeinfoImplicit(F, Target);
    });
  case Kind::Struct:
    // A struct without fields is a singleton type.
    return T.fields().empty();
  default:
    return false;
  }
}

// The bytes of a value of type T in the wire form when they do not depend on
// the value (numbers, Bool, Char, Nothing, and tuples and structs of them):
// so a matrix's elements can be read out of order.
std::optional<uint64_t> fixedWireBytes(const JuliaType &T) {
  const Kind K = T.kind();
  if (isSigned(K) || isUnsigned(K) || K == Kind::Bool || K == Kind::Char ||
      K == Kind::Float32 || K == Kind::Float64)
    return integerBytes(K);
  if (K == Kind::Nothing)
    return 0;
  if (K != Kind::Tuple && K != Kind::Struct)
    return std::nullopt;
  uint64_t Sum = 0;
  for (const JuliaType &F : T.fields()) {
    const std::optional<uint64_t> Bytes = fixedWireBytes(F);
    if (!Bytes)
      return std::nullopt;
    Sum += *Bytes;
  }
  return Sum;
}

class Writer {
public:
  Writer(llvm::ArrayRef<uint8_t> Bytes, const PrintTarget &Target)
      : Bytes(Bytes), Target(Target) {}

  // print(io, x): only String, Char, unsigned integers and Float32 have
  // their own `print` methods; everything else prints as it shows.
  llvm::Error print(const JuliaType &T) {
    switch (T.kind()) {
    case Kind::String: {
      auto Text = readString(T);
      if (!Text)
        return Text.takeError();
      Out += *Text;
      return llvm::Error::success();
    }
    case Kind::Char: {
      auto Raw = readInteger(T, 4);
      if (!Raw)
        return Raw.takeError();
      Out += decodeChar(static_cast<uint32_t>(*Raw)).Bytes;
      return llvm::Error::success();
    }
    case Kind::Float32: {
      // Ryu.jl: print(io, x::Float32) = show(io, x, forceuntyped, fromprint).
      auto Raw = readInteger(T, 4);
      if (!Raw)
        return Raw.takeError();
      Out += formatFloat32(std::bit_cast<float>(static_cast<uint32_t>(*Raw)),
                           FloatStyle::Print);
      return llvm::Error::success();
    }
    default:
      if (isUnsigned(T.kind())) {
        // intfuncs.jl: print(io, n::Unsigned) = print(io, string(n)).
        auto Raw = readInteger(T, integerBytes(T.kind()));
        if (!Raw)
          return Raw.takeError();
        Out += std::to_string(*Raw);
        return llvm::Error::success();
      }
      return show(T, nullptr);
    }
  }

  // show(io, x) in a context whose :typeinfo is `TypeInfo` (null: Any).
  llvm::Error show(const JuliaType &T, const JuliaType *TypeInfo) {
    const Kind K = T.kind();
    if (isSigned(K) || isUnsigned(K) || K == Kind::Bool || K == Kind::Char ||
        K == Kind::Float32 || K == Kind::Float64) {
      auto Raw = readInteger(T, integerBytes(K));
      if (!Raw)
        return Raw.takeError();
      showScalar(K, *Raw, TypeInfo && *TypeInfo == T);
      return llvm::Error::success();
    }
    switch (K) {
    case Kind::Nothing:
      Out += "nothing";
      return llvm::Error::success();
    case Kind::String: {
      auto Text = readString(T);
      if (!Text)
        return Text.takeError();
      showString(*Text);
      return llvm::Error::success();
    }
    case Kind::Tuple:
      return showTuple(T, TypeInfo);
    case Kind::Struct:
      return showStruct(T);
    case Kind::UnitRange:
    case Kind::StepRange:
      // range.jl: show(io, r::UnitRange) = print(io, repr(first(r)), ':',
      // repr(last(r))); StepRange adds repr(step(r)) in the middle. repr
      // starts from a fresh context, so no typeinfo reaches the bounds.
      for (size_t I = 0; I < T.fields().size(); ++I) {
        if (I)
          Out += ':';
        if (auto Err = show(T.fields()[I], nullptr))
          return Err;
      }
      return llvm::Error::success();
    case Kind::Vector:
      return showVector(T, TypeInfo);
    case Kind::Matrix:
      return showMatrix(T, TypeInfo);
    case Kind::Ptr: {
      // show.jl: show(io, p::Ptr) = print(io, typeof(p), " @0x$(string(UInt(p),
      // base = 16, pad = Sys.WORD_SIZE>>2))"); print falls back to it.
      auto Raw = readInteger(T, Target.IntBits / 8);
      if (!Raw)
        return Raw.takeError();
      Out += T.name() + " @0x" + hex(*Raw, Target.IntBits / 4);
      return llvm::Error::success();
    }
    default:
      llvm_unreachable("scalar kinds handled above");
    }
  }

  std::string takeText() { return std::move(Out); }
  size_t used() const { return Offset; }

private:
  llvm::Expected<uint64_t> readInteger(const JuliaType &T, unsigned Size) {
    if (Bytes.size() - Offset < Size)
      return llvm::createStringError(
          "value of type %s: needs %u bytes at offset %zu, %zu left",
          T.name().c_str(), Size, Offset, Bytes.size() - Offset);
    uint64_t Value = 0;
    for (unsigned I = 0; I < Size; ++I)
      Value |= uint64_t(Bytes[Offset + I]) << (8 * I);
    Offset += Size;
    return Value;
  }

  llvm::Expected<std::string> readString(const JuliaType &T) {
    auto Length = readInteger(T, 4);
    if (!Length)
      return Length.takeError();
    if (Bytes.size() - Offset < *Length)
      return llvm::createStringError(
          "String of %llu bytes at offset %zu, %zu bytes left",
          static_cast<unsigned long long>(*Length), Offset,
          Bytes.size() - Offset);
    std::string Text(reinterpret_cast<const char *>(Bytes.data() + Offset),
                     *Length);
    Offset += *Length;
    return Text;
  }

  // Raw holds the value's bits, zero-extended. `KnownType`: the context's
  // :typeinfo is this very type (inside a Vector{T} of it).
  void showScalar(Kind K, uint64_t Raw, bool KnownType) {
    const unsigned Size = integerBytes(K);
    switch (K) {
    case Kind::Bool:
      // show.jl: a Bool whose type the context knows shows as 1 / 0
      // (`Bool[1, 0]`).
      Out += KnownType ? (Raw ? "1" : "0") : (Raw ? "true" : "false");
      return;
    case Kind::Float32:
      Out +=
          formatFloat32(std::bit_cast<float>(static_cast<uint32_t>(Raw)),
                        KnownType ? FloatStyle::ShowUntyped : FloatStyle::Show);
      return;
    case Kind::Float64:
      Out += formatFloat64(std::bit_cast<double>(Raw));
      return;
    case Kind::Char:
      showChar(static_cast<uint32_t>(Raw));
      return;
    default:
      break;
    }
    if (isUnsigned(K)) {
      // intfuncs.jl: show(io, n::Unsigned) writes "0x" and
      // string(n, pad = sizeof(n) << 1, base = 16).
      Out += "0x" + hex(Raw, 2 * Size);
      return;
    }
    // Sign-extend from the value's width.
    const unsigned Shift = 64 - 8 * Size;
    Out += std::to_string(static_cast<int64_t>(Raw << Shift) >> Shift);
  }

  // base/char.jl, show(io, c::AbstractChar).
  void showChar(uint32_t Raw) {
    const DecodedChar C = decodeChar(Raw);
    if (!C.Valid) {
      // show_invalid: '\x..' for each byte.
      Out += '\'';
      for (unsigned char Byte : C.Bytes)
        Out += "\\x" + hex(Byte, 2);
      Out += '\'';
      return;
    }
    static constexpr char Escaped[] = "0\0\0\0\0\0\0abtnvfr";
    const uint32_t U = C.CodePoint;
    if (U <= '\r' && Escaped[U]) {
      Out += std::string("'\\") + Escaped[U] + "'";
    } else if (U == 0x1B) {
      Out += "'\\e'";
    } else if (U == '\'' || U == '\\') {
      Out += std::string("'\\") + static_cast<char>(U) + "'";
    } else if (isPrintable(U)) {
      Out += "'" + C.Bytes + "'";
    } else {
      // \x for ASCII, \u up to FFFF, \U beyond; at least 2 hex digits.
      const char Letter = U <= 0x7F ? 'x' : U <= 0xFFFF ? 'u' : 'U';
      const unsigned Digits =
          std::max(2u, 8u - static_cast<unsigned>(std::countl_zero(U)) / 4);
      Out += std::string("'\\") + Letter + hex(U, Digits) + "'";
    }
  }

  // strings/io.jl: show(io, s::String) = print_quoted, i.e. '"',
  // escape_string(io, s, ('"', '$')), '"'.
  void showString(const std::string &Text) {
    Out += '"';
    // Decode character by character as Julia's String iteration does: a
    // well-formed sequence is one Char, each byte of a bad one its own.
    std::vector<DecodedChar> Chars;
    for (size_t I = 0; I < Text.size();) {
      const unsigned Length = std::max(
          1u, static_cast<unsigned>(llvm::getNumBytesForUTF8(Text[I])));
      DecodedChar C;
      if (I + Length <= Text.size()) {
        uint32_t Raw = 0;
        for (unsigned J = 0; J < Length; ++J)
          Raw |= uint32_t(uint8_t(Text[I + J])) << (24 - 8 * J);
        C = decodeChar(Raw);
      }
      if (!C.Valid || C.Bytes.size() != Length) {
        C = decodeChar(uint32_t(uint8_t(Text[I])) << 24);
        C.Valid = false;
        I += 1;
      } else {
        I += Length;
      }
      Chars.push_back(std::move(C));
    }
    for (size_t I = 0; I < Chars.size(); ++I) {
      const DecodedChar &C = Chars[I];
      const DecodedChar *Next = I + 1 < Chars.size() ? &Chars[I + 1] : nullptr;
      const uint32_t U = C.CodePoint;
      if (!C.Valid) {
        for (unsigned char Byte : C.Bytes)
          Out += "\\x" + hex(Byte, 2);
      } else if (U == '"' || U == '$') {
        Out += '\\';
        Out += static_cast<char>(U);
      } else if (U == 0) {
        // escape_nul: "\0" would read back wrongly before an octal digit.
        const bool Octal = Next && Next->Valid && Next->CodePoint >= '0' &&
                           Next->CodePoint <= '7';
        Out += Octal ? "\\x00" : "\\0";
      } else if (U == 0x1B) {
        Out += "\\e";
      } else if (U == '\\') {
        Out += "\\\\";
      } else if (U >= '\a' && U <= '\r') {
        Out += '\\';
        Out += "abtnvfr"[U - '\a'];
      } else if (isPrintable(U)) {
        Out += C.Bytes;
      } else if (U <= 0x7F) {
        Out += "\\x" + hex(U, 2);
      } else {
        // need_full_hex: pad fully if a hex digit follows.
        const bool Full = Next && Next->Valid && Next->CodePoint < 0x80 &&
                          llvm::isHexDigit(static_cast<char>(Next->CodePoint));
        if (U <= 0xFFFF)
          Out += "\\u" + hex(U, Full ? 4 : 2);
        else
          Out += "\\U" + hex(U, Full ? 8 : 4);
      }
    }
    Out += '"';
  }

  // show.jl, show_delim_array over a tuple: each element sees the matching
  // field type as :typeinfo when the context's typeinfo is this tuple type;
  // a 1-tuple keeps its comma.
  llvm::Error showTuple(const JuliaType &T, const JuliaType *TypeInfo) {
    const bool Known = TypeInfo && *TypeInfo == T;
    Out += '(';
    const auto Elements = T.fields();
    for (size_t I = 0; I < Elements.size(); ++I) {
      if (I)
        Out += ", ";
      if (auto Err = show(Elements[I], Known ? &Elements[I] : nullptr))
        return Err;
    }
    if (Elements.size() == 1)
      Out += ',';
    Out += ')';
    return llvm::Error::success();
  }

  // show.jl, _show_default: the type as `show(io, typeof(x))` writes it, then
  // the fields shown with :typeinfo reset to Any: `Point{Float32}(1.0f0,
  // 2.0f0)`.
  llvm::Error showStruct(const JuliaType &T) {
    Out += T.name() + '(';
    const auto Fields = T.fields();
    for (size_t I = 0; I < Fields.size(); ++I) {
      if (I)
        Out += ", ";
      if (auto Err = show(Fields[I], nullptr))
        return Err;
    }
    Out += ')';
    return llvm::Error::success();
  }

  // arrayshow.jl, show_vector and typeinfo_prefix: no prefix when the
  // context already knows the element type, or when the vector is not empty
  // and its element type is implicit; `T[` otherwise (so `Float64[]`). The
  // elements then see the element type as :typeinfo, unless it was implicit.
  llvm::Error showVector(const JuliaType &T, const JuliaType *TypeInfo) {
    auto Count = readInteger(T, 4);
    if (!Count)
      return Count.takeError();
    const JuliaType &Element = T.fields()[0];
    const bool ContextKnows = TypeInfo && *TypeInfo == T;
    const bool Implicit =
        !ContextKnows && *Count != 0 && isTypeinfoImplicit(Element, Target);
    if (!ContextKnows && !Implicit)
      Out += Element.name();
    // (Implicit element types ignore a typeinfo that is not their own.)
    const JuliaType *ElementInfo = Implicit ? nullptr : &Element;
    Out += '[';
    for (uint64_t I = 0; I < *Count; ++I) {
      if (I)
        Out += ", ";
      if (auto Err = show(Element, ElementInfo))
        return Err;
    }
    Out += ']';
    return llvm::Error::success();
  }

  // arrayshow.jl, show(io, X::AbstractArray) for a matrix: the prefix as
  // for a vector, then the rows (`[1.0 2.0; 3.0 4.0]`, one column:
  // `[1.0; 2.0;;]`); empty: `Matrix{Float64}(undef, 0, 3)`. The elements
  // arrive column by column, so they are read out of order.
  llvm::Error showMatrix(const JuliaType &T, const JuliaType *TypeInfo) {
    auto Rows = readInteger(T, 4);
    if (!Rows)
      return Rows.takeError();
    auto Columns = readInteger(T, 4);
    if (!Columns)
      return Columns.takeError();
    const JuliaType &Element = T.fields()[0];
    const std::optional<uint64_t> ElementSize = fixedWireBytes(Element);
    if (!ElementSize || *ElementSize == 0)
      return llvm::createStringError("%s: matrices of this element type "
                                     "cannot be printed yet",
                                     T.name().c_str());
    const uint64_t Size = *ElementSize;
    const size_t First = Offset;
    // Rows and columns are below 2^32 each: the product fits in 64 bits.
    const uint64_t Count = *Rows * *Columns;
    if (Count > (Bytes.size() - First) / Size)
      return llvm::createStringError(
          "%s of %llu x %llu at offset %zu: %zu bytes left", T.name().c_str(),
          static_cast<unsigned long long>(*Rows),
          static_cast<unsigned long long>(*Columns), First,
          Bytes.size() - First);
    if (Count == 0) {
      Out += T.name() + "(undef, " + std::to_string(*Rows) + ", " +
             std::to_string(*Columns) + ")";
      return llvm::Error::success();
    }
    const bool ContextKnows = TypeInfo && *TypeInfo == T;
    const bool Implicit = !ContextKnows && isTypeinfoImplicit(Element, Target);
    if (!ContextKnows && !Implicit)
      Out += Element.name();
    const JuliaType *ElementInfo = Implicit ? nullptr : &Element;
    Out += '[';
    for (uint64_t I = 0; I < *Rows; ++I) {
      for (uint64_t J = 0; J < *Columns; ++J) {
        if (J)
          Out += ' ';
        Offset = First + (J * *Rows + I) * Size;
        if (auto Err = show(Element, ElementInfo))
          return Err;
      }
      if (I + 1 < *Rows)
        Out += "; ";
    }
    if (*Columns == 1)
      Out += ";;";
    Out += ']';
    Offset = First + Count * Size;
    return llvm::Error::success();
  }

  llvm::ArrayRef<uint8_t> Bytes;
  const PrintTarget &Target;
  size_t Offset = 0;
  std::string Out;
};

// Writes the value at the front of Bytes and drops the bytes it used.
template <typename Fn>
llvm::Expected<std::string> writeLeading(llvm::ArrayRef<uint8_t> &Bytes,
                                         const PrintTarget &Target, Fn Body) {
  Writer W(Bytes, Target);
  if (auto Err = Body(W))
    return std::move(Err);
  Bytes = Bytes.drop_front(W.used());
  return W.takeText();
}

// Writes the value that Bytes holds, all of it.
template <typename Fn>
llvm::Expected<std::string> write(const JuliaType &Type,
                                  llvm::ArrayRef<uint8_t> Bytes,
                                  const PrintTarget &Target, Fn Body) {
  llvm::ArrayRef<uint8_t> Rest = Bytes;
  auto Text = writeLeading(Rest, Target, Body);
  if (Text && !Rest.empty())
    return llvm::createStringError(
        "value of type %s: %zu bytes received, %zu used", Type.name().c_str(),
        Bytes.size(), Bytes.size() - Rest.size());
  return Text;
}

} // namespace

llvm::Expected<std::string> printValue(const JuliaType &Type,
                                       llvm::ArrayRef<uint8_t> Bytes,
                                       const PrintTarget &Target) {
  return write(Type, Bytes, Target, [&](Writer &W) { return W.print(Type); });
}

llvm::Expected<std::string> showValue(const JuliaType &Type,
                                      llvm::ArrayRef<uint8_t> Bytes,
                                      const PrintTarget &Target) {
  return write(Type, Bytes, Target,
               [&](Writer &W) { return W.show(Type, nullptr); });
}

llvm::Expected<std::string> printLeadingValue(const JuliaType &Type,
                                              llvm::ArrayRef<uint8_t> &Bytes,
                                              const PrintTarget &Target) {
  return writeLeading(Bytes, Target, [&](Writer &W) { return W.print(Type); });
}

llvm::Expected<std::string> showLeadingValue(const JuliaType &Type,
                                             llvm::ArrayRef<uint8_t> &Bytes,
                                             const PrintTarget &Target) {
  return writeLeading(Bytes, Target,
                      [&](Writer &W) { return W.show(Type, nullptr); });
}

llvm::Expected<std::string> showLine(llvm::StringRef Expression,
                                     const JuliaType &Type,
                                     llvm::ArrayRef<uint8_t> Bytes,
                                     const PrintTarget &Target) {
  // show.jl, @show: println(sprint(show_unquoted, ex) * " = ", repr(value)).
  auto Shown = showValue(Type, Bytes, Target);
  if (!Shown)
    return Shown.takeError();
  return (Expression + " = " + *Shown + "\n").str();
}

} // namespace jlremote::host
