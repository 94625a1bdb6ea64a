#include "errors.h"

#include "llvm/Support/FormatVariadic.h"

#include <array>

namespace jlremote::host {
namespace {

// Indexed by jlremote.Arch.
constexpr std::array<const char *, 7> kArchNames = {
    nullptr,          "thumbv6m",      "thumbv7m", "thumbv7em",
    "thumbv7em-hard", "thumbv8m.main", "x86_64"};

} // namespace

std::string archName(uint32_t Arch) {
  if (Arch < kArchNames.size() && kArchNames[Arch])
    return kArchNames[Arch];
  return llvm::formatv("arch {0}", Arch);
}

uint8_t archFromName(llvm::StringRef Name) {
  for (size_t I = 1; I < kArchNames.size(); ++I)
    if (Name == kArchNames[I])
      return uint8_t(I);
  return 0;
}

std::string boardName(uint32_t Board) {
  switch (Board) {
  case 1:
    return "mps2-an385";
  case 2:
    return "microbit";
  case 3:
    return "mps2-an386";
  case 4:
    return "mps2-an500";
  case 5:
    return "mps2-an505";
  case 100:
    return "posix";
  default:
    return llvm::formatv("board {0}", Board);
  }
}

std::string payloadName(const google::protobuf::Descriptor &Envelope,
                        uint32_t Field) {
  const google::protobuf::FieldDescriptor *F =
      Envelope.FindFieldByNumber(int(Field));
  if (!F || !F->message_type())
    return llvm::formatv("field {0}", Field);
  return F->message_type()->name();
}

std::string stageName(uint32_t Stage) {
  switch (Stage) {
  case jlremote::STAGE_RESIDENT:
    return "resident";
  case jlremote::STAGE_RUNTIME:
    return "runtime";
  default:
    return llvm::formatv("stage {0}", Stage);
  }
}

std::string describeDeviceError(const jlremote::DeviceError &E) {
  const uint32_t V = E.value(), X = E.expected();
  const std::string Loading = llvm::formatv(" (loading slot {0})", E.slot());
  switch (E.code()) {
  case jlremote::ERROR_PROTOCOL_MISMATCH:
    return llvm::formatv("device speaks protocol {0}, host speaks {1}", V, X);
  case jlremote::ERROR_BAD_MESSAGE:
    return llvm::formatv("device could not decode a request (value {0}, "
                         "expected {1})",
                         V, X);
  case jlremote::ERROR_IMAGE_MAGIC:
    return llvm::formatv("image magic {0:x4}, expected {1:x4} (\"JL\")", V,
                         unsigned('J') | unsigned('L') << 8)
               .str() +
           Loading;
  case jlremote::ERROR_IMAGE_VERSION:
    return llvm::formatv("image format version {0}, device reads version {1}",
                         V, X)
               .str() +
           Loading;
  case jlremote::ERROR_IMAGE_ARCH:
    return "image arch " + archName(V) + ", device is " + archName(X) + Loading;
  case jlremote::ERROR_IMAGE_SIZE:
    return llvm::formatv("image size {0} bytes in its header, {1} bytes "
                         "received",
                         V, X)
               .str() +
           Loading;
  case jlremote::ERROR_IMAGE_CRC:
    return llvm::formatv("image CRC {0:x8}, header says {1:x8}", V, X).str() +
           Loading;
  case jlremote::ERROR_IMAGE_RELOC:
    return llvm::formatv("image relocation {0} (target {1}) is out of range", V,
                         X)
               .str() +
           Loading;
  case jlremote::ERROR_OUT_OF_MEMORY:
    return llvm::formatv("out of device memory: {0} bytes asked, largest free "
                         "block {1}",
                         V, X)
               .str() +
           Loading;
  case jlremote::ERROR_BAD_SLOT:
    return llvm::formatv("slot {0} out of range: the device has {1} slots", V,
                         X);
  case jlremote::ERROR_NOT_IN_STAGE:
    // expected is the stage the device is in (the resident sends 1).
    return payloadName(*jlremote::ToDevice::descriptor(), V) +
           " refused: the device is in the " + stageName(X) + " stage";
  case jlremote::ERROR_BAD_ADDRESS:
    return llvm::formatv("write of {1} bytes at {0:x8} is outside the device's "
                         "RAM",
                         V, X);
  default:
    return llvm::formatv("device error {0} (value {1}, expected {2}, slot {3})",
                         unsigned(E.code()), V, X, E.slot());
  }
}

llvm::Error makeDeviceError(const jlremote::DeviceError &E) {
  return llvm::createStringError(describeDeviceError(E));
}

namespace {

// What the fault was: the signal on the POSIX device; on v7-M the causes
// CFSR records (ARMv7-M ARM, B3.2.15); v6-M has only HardFault.
std::string faultKind(const jlremote::Fault &F, uint32_t Arch) {
  if (Arch == jlremote::ARCH_X86_64)
    return F.status() == 7    ? "SIGBUS"
           : F.status() == 11 ? "SIGSEGV"
                              : "signal " + std::to_string(F.status());
  struct Cause {
    uint32_t Bit;
    const char *Text;
  };
  static const Cause Causes[] = {
      {1u << 0, "instruction access violation"},
      {1u << 1, "data access violation"},
      {1u << 8, "instruction bus error"},
      {1u << 9, "bus fault"},
      {1u << 10, "imprecise bus fault"},
      {1u << 16, "undefined instruction"},
      {1u << 17, "invalid state"},
      {1u << 18, "invalid exception return"},
      {1u << 19, "no coprocessor"},
      {1u << 24, "unaligned access"},
      {1u << 25, "division by zero"},
  };
  std::string Kind;
  for (const Cause &C : Causes)
    if (F.status() & C.Bit)
      Kind += (Kind.empty() ? "" : ", ") + std::string(C.Text);
  return Kind.empty() ? "HardFault" : Kind;
}

} // namespace

std::string describeFault(const jlremote::Fault &F, uint32_t Arch,
                          llvm::StringRef Function) {
  std::string Text = "processor fault: " + faultKind(F, Arch);
  if (F.address_valid())
    Text += llvm::formatv(" at address {0:x}", F.address()).str();
  Text += llvm::formatv(", pc {0:x}", F.pc()).str();
  if (!Function.empty())
    Text += llvm::formatv(" in {0}+{1:x}", Function, F.offset()).str();
  static const char *const ArmNames[] = {"r0", "r1", "r2", "r3", "r12"};
  static const char *const X86Names[] = {"rdi", "rsi", "rdx", "rcx",
                                         "r8",  "r9",  "rax"};
  const bool X86 = Arch == jlremote::ARCH_X86_64;
  Text += " (";
  for (int I = 0; I < F.registers_size() && I < (X86 ? 7 : 5); ++I)
    Text += llvm::formatv("{0}={1:x} ", X86 ? X86Names[I] : ArmNames[I],
                          F.registers(I))
                .str();
  Text += llvm::formatv("sp={0:x}", F.sp()).str();
  if (!X86)
    Text += llvm::formatv(" lr={0:x}", F.lr()).str();
  return Text + ")";
}

} // namespace jlremote::host
