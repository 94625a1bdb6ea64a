#include "print_sites.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"

namespace jlremote::host {
namespace {

using Kind = JuliaType::Kind;
using lower::JType;
using lower::TypeNode;

llvm::Expected<std::vector<JuliaType>>
juliaTypesOf(const std::vector<JType> &Types) {
  std::vector<JuliaType> Out;
  for (const JType &T : Types) {
    auto J = juliaTypeOf(T);
    if (!J)
      return J.takeError();
    Out.push_back(std::move(*J));
  }
  return Out;
}

llvm::Expected<JuliaType> juliaTypeOfNode(const TypeNode &N,
                                          const JType &Whole) {
  auto Parameters = juliaTypesOf(N.Parameters);
  if (!Parameters)
    return Parameters.takeError();
  auto Fields = juliaTypesOf(N.Fields);
  if (!Fields)
    return Fields.takeError();
  // How many parameters each kind of node needs (structs and tuples: any).
  const auto Expect = [&](size_t Count) -> llvm::Error {
    if (Parameters->size() == Count)
      return llvm::Error::success();
    return llvm::createStringError(
        llvm::formatv("type {0} has {1} parameters, {2} expected",
                      lower::typeName(Whole), Parameters->size(), Count));
  };
  switch (N.TheKind) {
  case TypeNode::Kind::Tuple:
    return JuliaType::tuple(std::move(*Fields));
  case TypeNode::Kind::Struct:
    return JuliaType::structType(N.Name, std::move(*Parameters),
                                 std::move(*Fields));
  case TypeNode::Kind::Ptr:
    if (auto Err = Expect(1))
      return std::move(Err);
    return JuliaType::ptr((*Parameters)[0]);
  case TypeNode::Kind::UnitRange:
    if (auto Err = Expect(1))
      return std::move(Err);
    return JuliaType::unitRange((*Parameters)[0]);
  case TypeNode::Kind::StepRange:
    if (auto Err = Expect(2))
      return std::move(Err);
    return JuliaType::stepRange((*Parameters)[0], (*Parameters)[1]);
  case TypeNode::Kind::Vector:
    if (auto Err = Expect(1))
      return std::move(Err);
    return JuliaType::vector((*Parameters)[0]);
  case TypeNode::Kind::Matrix:
    if (auto Err = Expect(1))
      return std::move(Err);
    return JuliaType::matrix((*Parameters)[0]);
  case TypeNode::Kind::Type:
    break; // printing a type (`println(Float64)`) is not supported yet
  case TypeNode::Kind::Exception:
    break; // a caught exception is a print piece of its own (Exception)
  }
  return llvm::createStringError(
      llvm::formatv("printing values of type {0} is not supported yet",
                    lower::typeName(Whole)));
}

} // namespace

llvm::Expected<JuliaType> juliaTypeOf(const JType &T) {
  if (!T.isConcrete())
    return llvm::createStringError(
        llvm::formatv("values of type {0} cannot be printed (not concrete)",
                      lower::typeName(T)));
  if (const TypeNode *N = T.node())
    return juliaTypeOfNode(*N, T);
  switch (T.Mask) {
  case lower::BoolBit:
    return JuliaType(Kind::Bool);
  case lower::Int8Bit:
    return JuliaType(Kind::Int8);
  case lower::Int16Bit:
    return JuliaType(Kind::Int16);
  case lower::Int32Bit:
    return JuliaType(Kind::Int32);
  case lower::Int64Bit:
    return JuliaType(Kind::Int64);
  case lower::UInt8Bit:
    return JuliaType(Kind::UInt8);
  case lower::UInt16Bit:
    return JuliaType(Kind::UInt16);
  case lower::UInt32Bit:
    return JuliaType(Kind::UInt32);
  case lower::UInt64Bit:
    return JuliaType(Kind::UInt64);
  case lower::Float32Bit:
    return JuliaType(Kind::Float32);
  case lower::Float64Bit:
    return JuliaType(Kind::Float64);
  case lower::NothingBit:
    return JuliaType(Kind::Nothing);
  case lower::CharBit:
    return JuliaType(Kind::Char);
  default:
    return llvm::createStringError(
        llvm::formatv("type bit {0:x} has no printing form", T.Mask));
  }
}

llvm::Expected<PrintSites::Pieces>
PrintSites::convert(const lower::PrintFormat &Format) {
  Pieces Out;
  for (const lower::PrintPiece &P : Format.Pieces) {
    Piece Converted{P.TheKind, P.Text, std::nullopt};
    if (P.TheKind == lower::PrintPiece::Print ||
        P.TheKind == lower::PrintPiece::Show) {
      auto Type = juliaTypeOf(P.Type);
      if (!Type)
        return Type.takeError();
      Converted.Type = std::move(*Type);
    }
    Out.push_back(std::move(Converted));
  }
  return Out;
}

llvm::Expected<PrintSites>
PrintSites::create(const std::vector<lower::PrintFormat> &Formats,
                   const std::vector<lower::ThrowSite> &Throws,
                   PrintTarget Target) {
  std::vector<Pieces> Sites;
  for (size_t F = 0; F < Formats.size(); ++F) {
    auto P = convert(Formats[F]);
    if (!P)
      return llvm::createStringError(llvm::formatv(
          "print format {0}: {1}", F, llvm::toString(P.takeError())));
    Sites.push_back(std::move(*P));
  }
  std::vector<Throw> ThrowSites;
  for (size_t T = 0; T < Throws.size(); ++T) {
    const auto Fail = [&](llvm::Error Err) {
      return llvm::createStringError(
          llvm::formatv("throw site {0} ({1}): {2}", T, Throws[T].TypeName,
                        llvm::toString(std::move(Err))));
    };
    auto Message = convert(Throws[T].Message);
    if (!Message)
      return Fail(Message.takeError());
    auto Shown = convert(Throws[T].Shown);
    if (!Shown)
      return Fail(Shown.takeError());
    ThrowSites.push_back(
        Throw{Throws[T].TypeName, std::move(*Message), std::move(*Shown)});
  }
  return PrintSites(std::move(Sites), std::move(ThrowSites), Target);
}

llvm::Error PrintSites::render(const Pieces &Format,
                               llvm::ArrayRef<uint8_t> &Rest,
                               std::string &Out) const {
  for (const Piece &P : Format) {
    switch (P.Kind) {
    case lower::PrintPiece::Literal:
      Out += P.Text;
      continue;
    case lower::PrintPiece::Exception:
    case lower::PrintPiece::ExceptionMessage:
      if (auto Err = renderException(P.Kind, Rest, Out))
        return Err;
      continue;
    case lower::PrintPiece::Print:
    case lower::PrintPiece::Show:
      break;
    }
    auto Text = P.Kind == lower::PrintPiece::Print
                    ? printLeadingValue(*P.Type, Rest, Target)
                    : showLeadingValue(*P.Type, Rest, Target);
    if (!Text)
      return Text.takeError();
    Out += *Text;
  }
  return llvm::Error::success();
}

// {UInt32 site, UInt32 size, payload[size]}: the exception object from its
// site on (device_runtime/runtime_slots.h, ExceptionHeader).
llvm::Error PrintSites::renderException(lower::PrintPiece::Kind Kind,
                                        llvm::ArrayRef<uint8_t> &Rest,
                                        std::string &Out) const {
  if (Rest.size() < 8)
    return llvm::createStringError(llvm::formatv(
        "an exception needs 8 bytes of site and size, {0} left", Rest.size()));
  const uint32_t Site = llvm::support::endian::read32le(Rest.data());
  const uint32_t Size = llvm::support::endian::read32le(Rest.data() + 4);
  if (Rest.size() - 8 < Size)
    return llvm::createStringError(
        llvm::formatv("an exception from throw site {0} with a {1}-byte "
                      "payload, {2} bytes left",
                      Site, Size, Rest.size() - 8));
  auto Text = throwText(Kind, Site, Rest.slice(8, Size));
  if (!Text)
    return Text.takeError();
  Out += *Text;
  Rest = Rest.drop_front(8 + size_t(Size));
  return llvm::Error::success();
}

llvm::Expected<std::string>
PrintSites::throwText(lower::PrintPiece::Kind Kind, uint32_t Site,
                      llvm::ArrayRef<uint8_t> Payload) const {
  if (Site >= Throws.size())
    return llvm::createStringError(
        llvm::formatv("throw site {0} with {1} bytes of payload: the program "
                      "has {2} throw sites",
                      Site, Payload.size(), Throws.size()));
  const Throw &T = Throws[Site];
  const bool Show = Kind == lower::PrintPiece::Exception;
  if (Show && T.Shown.empty())
    return T.TypeName + "(...)";
  std::string Out;
  llvm::ArrayRef<uint8_t> Rest = Payload;
  llvm::Error Err = render(Show ? T.Shown : T.Message, Rest, Out);
  if (!Err && !Rest.empty())
    Err = llvm::createStringError(
        llvm::formatv("{0} bytes left over", Rest.size()));
  if (Err)
    return llvm::createStringError(llvm::formatv(
        "throw site {0} ({1}) with {2} bytes of payload: {3}", Site, T.TypeName,
        Payload.size(), llvm::toString(std::move(Err))));
  return Out;
}

llvm::Expected<std::string>
PrintSites::message(uint32_t Site, llvm::ArrayRef<uint8_t> Payload) const {
  return throwText(lower::PrintPiece::ExceptionMessage, Site, Payload);
}

llvm::Expected<std::string>
PrintSites::shown(uint32_t Site, llvm::ArrayRef<uint8_t> Payload) const {
  return throwText(lower::PrintPiece::Exception, Site, Payload);
}

llvm::Expected<std::string>
PrintSites::format(uint32_t Format, llvm::ArrayRef<uint8_t> Values) const {
  if (Format >= Sites.size())
    return llvm::createStringError(
        llvm::formatv("print format {0} with {1} bytes of values: the program "
                      "has {2} print formats",
                      Format, Values.size(), Sites.size()));
  std::string Out;
  llvm::ArrayRef<uint8_t> Rest = Values;
  llvm::Error Err = render(Sites[Format], Rest, Out);
  if (!Err && !Rest.empty())
    Err = llvm::createStringError(
        llvm::formatv("{0} bytes left over", Rest.size()));
  if (Err)
    return llvm::createStringError(
        llvm::formatv("print format {0} with {1} bytes of values: {2}", Format,
                      Values.size(), llvm::toString(std::move(Err))));
  return Out;
}

} // namespace jlremote::host
