#include "print_sites.h"

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

llvm::Expected<PrintSites>
PrintSites::create(const std::vector<lower::PrintFormat> &Formats,
                   PrintTarget Target) {
  std::vector<std::vector<Piece>> Sites;
  for (size_t F = 0; F < Formats.size(); ++F) {
    std::vector<Piece> Pieces;
    for (const lower::PrintPiece &P : Formats[F].Pieces) {
      Piece Out{P.TheKind, P.Text, std::nullopt};
      if (P.TheKind != lower::PrintPiece::Literal) {
        auto Type = juliaTypeOf(P.Type);
        if (!Type)
          return llvm::createStringError(llvm::formatv(
              "print format {0}: {1}", F, llvm::toString(Type.takeError())));
        Out.Type = std::move(*Type);
      }
      Pieces.push_back(std::move(Out));
    }
    Sites.push_back(std::move(Pieces));
  }
  return PrintSites(std::move(Sites), Target);
}

llvm::Expected<std::string>
PrintSites::format(uint32_t Format, llvm::ArrayRef<uint8_t> Values) const {
  if (Format >= Sites.size())
    return llvm::createStringError(
        llvm::formatv("print format {0} with {1} bytes of values: the program "
                      "has {2} print formats",
                      Format, Values.size(), Sites.size()));
  const auto Fail = [&](llvm::Error Err) {
    return llvm::createStringError(
        llvm::formatv("print format {0} with {1} bytes of values: {2}", Format,
                      Values.size(), llvm::toString(std::move(Err))));
  };
  std::string Out;
  llvm::ArrayRef<uint8_t> Rest = Values;
  for (const Piece &P : Sites[Format]) {
    if (P.Kind == lower::PrintPiece::Literal) {
      Out += P.Text;
      continue;
    }
    auto Text = P.Kind == lower::PrintPiece::Print
                    ? printLeadingValue(*P.Type, Rest, Target)
                    : showLeadingValue(*P.Type, Rest, Target);
    if (!Text)
      return Fail(Text.takeError());
    Out += *Text;
  }
  if (!Rest.empty())
    return Fail(llvm::createStringError(
        llvm::formatv("{0} bytes left over", Rest.size())));
  return Out;
}

} // namespace jlremote::host
