#include "call_abi.h"

#include "errors.h"
#include "image_format.h"
#include "julia_format.h"

#include "llvm/IR/DerivedTypes.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <array>
#include <bit>
#include <charconv>

namespace jlremote::host {
namespace {

std::string typeName(const llvm::Type *T) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  T->print(OS);
  return Text;
}

bool isPassable(const llvm::Type *T) {
  if (T->isFloatTy() || T->isDoubleTy())
    return true;
  if (!T->isIntegerTy())
    return false;
  const unsigned Bits = T->getIntegerBitWidth();
  return Bits == 1 || Bits == 8 || Bits == 16 || Bits == 32 || Bits == 64;
}

// An argument ready for placement: its bits, in a register-sized container.
struct ArgValue {
  bool IsFloat;   // goes to float registers under hard-float and SysV
  unsigned Bytes; // 4 or 8 on ARM; 8 on x86-64 (narrower ints extended)
  uint64_t Bits;
};

llvm::Expected<uint64_t> parseInteger(llvm::StringRef Text, unsigned Width,
                                      const std::string &What) {
  if (Width == 1) {
    if (Text == "true" || Text == "1")
      return 1;
    if (Text == "false" || Text == "0")
      return 0;
    return llvm::createStringError(
        llvm::formatv("{0}: '{1}' is not a Bool (true/false)", What, Text));
  }
  // Decimal as in Julia (a leading 0 is not octal), or 0x hex.
  llvm::StringRef Digits = Text;
  const bool Negative = Digits.consume_front("-");
  const unsigned Radix = Digits.consume_front("0x") ? 16 : 10;
  uint64_t Magnitude = 0;
  if (Digits.empty() || Digits.getAsInteger(Radix, Magnitude))
    return llvm::createStringError(
        llvm::formatv("{0}: '{1}' is not an integer", What, Text));
  // Accept both the signed and the unsigned range of the width.
  const uint64_t UnsignedMax =
      Width == 64 ? ~uint64_t(0) : (uint64_t(1) << Width) - 1;
  const uint64_t NegativeMax = uint64_t(1) << (Width - 1);
  if ((Negative && Magnitude > NegativeMax) ||
      (!Negative && Magnitude > UnsignedMax))
    return llvm::createStringError(
        llvm::formatv("{0}: {1} does not fit in {2} bits (-{3}..{4})", What,
                      Text, Width, NegativeMax, UnsignedMax));
  const uint64_t Value = Negative ? uint64_t(0) - Magnitude : Magnitude;
  return Value & UnsignedMax;
}

template <typename T>
llvm::Expected<T> parseFloat(llvm::StringRef Text, const std::string &What) {
  T Value{};
  const char *End = Text.data() + Text.size();
  const auto [Ptr, Ec] = std::from_chars(Text.data(), End, Value);
  if (Ec != std::errc() || Ptr != End)
    return llvm::createStringError(
        llvm::formatv("{0}: '{1}' is not a {2}", What, Text,
                      sizeof(T) == 4 ? "Float32" : "Float64"));
  return Value;
}

llvm::Expected<ArgValue> parseArgument(CallConv Conv, const llvm::Argument &A,
                                       llvm::StringRef Text) {
  const llvm::Function &F = *A.getParent();
  const llvm::Type *T = A.getType();
  const std::string What = llvm::formatv(
      "argument {0} of {1} ({2}{3})", A.getArgNo() + 1, F.getName(),
      A.hasName() ? A.getName().str() + "::" : "", typeName(T));
  const unsigned Register = Conv == CallConv::SysV64 ? 8 : 4;
  if (T->isFloatTy()) {
    auto V = parseFloat<float>(Text, What);
    if (!V)
      return V.takeError();
    return ArgValue{true, 4, std::bit_cast<uint32_t>(*V)};
  }
  if (T->isDoubleTy()) {
    auto V = parseFloat<double>(Text, What);
    if (!V)
      return V.takeError();
    return ArgValue{true, 8, std::bit_cast<uint64_t>(*V)};
  }
  const unsigned Width = T->getIntegerBitWidth();
  auto V = parseInteger(Text, Width, What);
  if (!V)
    return V.takeError();
  uint64_t Bits = *V;
  // Extend to the register as the callee expects.
  if (Width < 64 && !A.hasZExtAttr() && Width > 1 && (Bits >> (Width - 1)) & 1)
    Bits |= ~uint64_t(0) << Width;
  const unsigned Bytes = Width == 64 ? 8 : Register;
  if (Bytes == 4)
    Bits &= 0xFFFFFFFF;
  return ArgValue{false, Bytes, Bits};
}

// Assigns arguments to registers and stack words, one convention's rules.
class Placer {
public:
  explicit Placer(CallConv Conv) : Conv_(Conv) {}

  void place(const ArgValue &V) {
    switch (Conv_) {
    case CallConv::ArmSoftFloat:
      return placeArmCore(V);
    case CallConv::ArmHardFloat:
      return V.IsFloat ? placeVfp(V) : placeArmCore(V);
    case CallConv::SysV64:
      if (V.IsFloat)
        return Fp_.size() < 8 ? Fp_.push_back(V.Bits)
                              : Stack_.push_back(V.Bits);
      return Gp_.size() < 6 ? Gp_.push_back(V.Bits) : Stack_.push_back(V.Bits);
    }
  }

  CallFrame finish() {
    CallFrame Frame{std::move(Gp_), {}, std::move(Stack_)};
    if (Conv_ == CallConv::SysV64) {
      Frame.Fp = std::move(Fp_);
    } else {
      size_t Used = SingleUsed_.size();
      while (Used > 0 && !SingleUsed_[Used - 1])
        --Used;
      Frame.Fp.assign(Singles_.begin(), Singles_.begin() + Used);
    }
    return Frame;
  }

private:
  // AAPCS core registers (C.3-C.5 of the base standard): 64-bit values take
  // an even pair; a value that does not fit closes the registers for good.
  void placeArmCore(const ArgValue &V) {
    if (V.Bytes == 8) {
      Gp_.resize((Gp_.size() + 1) & ~size_t(1), 0);
      if (Gp_.size() + 2 <= 4) {
        Gp_.push_back(V.Bits & 0xFFFFFFFF);
        Gp_.push_back(V.Bits >> 32);
        return;
      }
      Gp_.resize(4, 0);
      return pushArmStack(V);
    }
    if (Gp_.size() < 4)
      return Gp_.push_back(V.Bits);
    pushArmStack(V);
  }

  // AAPCS-VFP: a float takes the lowest free single (back-filling), a double
  // the lowest free aligned pair; the first one that does not fit marks every
  // VFP register used.
  void placeVfp(const ArgValue &V) {
    const size_t Width = V.Bytes / 4;
    for (size_t I = 0; !VfpClosed_ && I + Width <= Singles_.size();
         I += Width) {
      if (SingleUsed_[I] || (Width == 2 && SingleUsed_[I + 1]))
        continue;
      Singles_[I] = V.Bits & 0xFFFFFFFF;
      SingleUsed_[I] = true;
      if (Width == 2) {
        Singles_[I + 1] = V.Bits >> 32;
        SingleUsed_[I + 1] = true;
      }
      return;
    }
    VfpClosed_ = true;
    pushArmStack(V);
  }

  void pushArmStack(const ArgValue &V) {
    if (V.Bytes == 8) {
      if (Stack_.size() % 2)
        Stack_.push_back(0); // 8-byte alignment
      Stack_.push_back(V.Bits & 0xFFFFFFFF);
      Stack_.push_back(V.Bits >> 32);
      return;
    }
    Stack_.push_back(V.Bits);
  }

  CallConv Conv_;
  std::vector<uint64_t> Gp_, Fp_, Stack_;
  std::array<uint64_t, 16> Singles_{};
  std::array<bool, 16> SingleUsed_{};
  bool VfpClosed_ = false;
};

llvm::Error checkSignature(const llvm::Function &F) {
  if (F.isVarArg())
    return llvm::createStringError(llvm::formatv(
        "{0} is variadic: only fixed arguments can be passed", F.getName()));
  for (const llvm::Argument &A : F.args())
    if (!isPassable(A.getType()))
      return llvm::createStringError(llvm::formatv(
          "parameter {0} of {1}{2} has type {3}: only i1, i8, i16, i32, i64, "
          "float and double arguments can be passed",
          A.getArgNo() + 1, F.getName(),
          A.hasName() ? " (" + A.getName().str() + ")" : "",
          typeName(A.getType())));
  const llvm::Type *R = F.getReturnType();
  if (!R->isVoidTy() && !isPassable(R))
    return llvm::createStringError(
        llvm::formatv("{0} returns {1}: only i1-i64, float, double and void "
                      "results can be printed",
                      F.getName(), typeName(R)));
  return llvm::Error::success();
}

} // namespace

llvm::Expected<CallConv> callConvFor(uint8_t Arch) {
  switch (Arch) {
  case kArchThumbV6M:
  case kArchThumbV7M:
  case kArchThumbV7EM:
  case kArchThumbV8MMain:
    return CallConv::ArmSoftFloat;
  case kArchThumbV7EMHard:
    return CallConv::ArmHardFloat;
  case kArchX86_64:
    return CallConv::SysV64;
  default:
    return llvm::createStringError("no calling convention for " +
                                   archName(Arch));
  }
}

llvm::Expected<CallFrame> placeArguments(uint8_t Arch, const llvm::Function &F,
                                         llvm::ArrayRef<std::string> Args) {
  auto Conv = callConvFor(Arch);
  if (!Conv)
    return Conv.takeError();
  if (auto Err = checkSignature(F))
    return std::move(Err);
  if (Args.size() != F.arg_size())
    return llvm::createStringError(
        llvm::formatv("{0} takes {1} argument{2}, {3} given", F.getName(),
                      F.arg_size(), F.arg_size() == 1 ? "" : "s", Args.size()));
  Placer P(*Conv);
  for (const llvm::Argument &A : F.args()) {
    auto V = parseArgument(*Conv, A, Args[A.getArgNo()]);
    if (!V)
      return V.takeError();
    P.place(*V);
  }
  return P.finish();
}

llvm::Expected<std::string> formatResult(uint8_t Arch, const llvm::Function &F,
                                         uint64_t Gp0, uint64_t Gp1,
                                         uint64_t Fp0) {
  auto Conv = callConvFor(Arch);
  if (!Conv)
    return Conv.takeError();
  if (auto Err = checkSignature(F))
    return std::move(Err);
  const llvm::Type *R = F.getReturnType();
  if (R->isVoidTy())
    return "nothing";
  const bool Arm = *Conv != CallConv::SysV64;
  // A 64-bit value in r0:r1 on ARM; one register elsewhere.
  const uint64_t Pair = Arm ? (Gp0 & 0xFFFFFFFF) | (Gp1 << 32) : Gp0;
  if (R->isFloatTy() || R->isDoubleTy()) {
    const bool InGp = *Conv == CallConv::ArmSoftFloat;
    if (R->isFloatTy())
      return formatFloat32(std::bit_cast<float>(uint32_t(InGp ? Gp0 : Fp0)));
    return formatFloat64(std::bit_cast<double>(InGp ? Pair : Fp0));
  }
  const unsigned Width = R->getIntegerBitWidth();
  uint64_t Bits = Width == 64 ? Pair : Gp0;
  if (Width < 64)
    Bits &= (uint64_t(1) << Width) - 1;
  if (Width == 1)
    return Bits ? "true" : "false";
  if (F.hasRetAttribute(llvm::Attribute::ZExt))
    return std::to_string(Bits);
  if (Width < 64 && (Bits >> (Width - 1)) & 1)
    Bits |= ~uint64_t(0) << Width;
  return std::to_string(int64_t(Bits));
}

} // namespace jlremote::host
