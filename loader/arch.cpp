#include "arch.h"
#include "linker.h"

#include "device_runtime/image_format.h"

#include "llvm/Object/ELF.h"

using namespace llvm;

namespace jlremote::loader {

StringRef Arch::name() const { return archName(Id); }

std::string Arch::relocName(uint32_t Type) const {
  const StringRef Known = object::getELFRelocationTypeName(machine(), Type);
  if (Known != "Unknown")
    return Known.str();
  return "relocation type " + std::to_string(Type);
}

const Arch *getArch(uint8_t ImageArch) {
  return ImageArch == kArchX86_64 ? x86_64Arch() : armArch(ImageArch);
}

StringRef archName(uint8_t ImageArch) {
  switch (ImageArch) {
  case kArchThumbV6M:
    return "thumbv6m";
  case kArchThumbV7M:
    return "thumbv7m";
  case kArchThumbV7EM:
    return "thumbv7em";
  case kArchThumbV7EMHard:
    return "thumbv7em-hard";
  case kArchThumbV8MMain:
    return "thumbv8m.main";
  case kArchX86_64:
    return "x86_64";
  }
  return "unknown";
}

Error checkSigned(int64_t Value, unsigned Bits) {
  const int64_t Min = -(int64_t(1) << (Bits - 1)),
                Max = (int64_t(1) << (Bits - 1)) - 1;
  if (Value < Min || Value > Max)
    return createStringError("value %lld is out of range [%lld, %lld]",
                             (long long)Value, (long long)Min, (long long)Max);
  return Error::success();
}

Error checkUnsigned(uint64_t Value, unsigned Bits) {
  const uint64_t Max = (uint64_t(1) << Bits) - 1;
  if (Value > Max)
    return createStringError("value %lld is out of range [0, %llu]",
                             (long long)Value, (unsigned long long)Max);
  return Error::success();
}

Error checkMultiple(uint64_t Value, unsigned Of) {
  if (Value % Of)
    return createStringError("value %lld is not a multiple of %u",
                             (long long)Value, Of);
  return Error::success();
}

} // namespace jlremote::loader
