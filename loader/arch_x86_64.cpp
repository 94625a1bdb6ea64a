// x86-64 (the POSIX device): the relocations LLVM's PIC, small-code-model
// objects use. RELA: addends come from the relocation, never the code.
#include "arch.h"
#include "input.h"

#include "device_runtime/image_format.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"

using namespace llvm;
using namespace llvm::ELF;

namespace jlremote::loader {
namespace {

bool always(ArrayRef<uint8_t>, uint64_t) { return true; }

// R_X86_64_PC32 serves calls to local functions (through their section
// symbol) as well as data: it is a branch when the 4 bytes are the operand
// of call/jmp rel32 (E8/E9) or jcc rel32 (0F 80-8F). A RIP-relative data
// operand follows a ModRM byte with mod=00 rm=101 (05, 0D, ... 3D), which
// none of those opcodes can be.
bool callOrJumpOperand(ArrayRef<uint8_t> Section, uint64_t Offset) {
  if (Offset >= 1 &&
      (Section[Offset - 1] == 0xe8 || Section[Offset - 1] == 0xe9))
    return true;
  return Offset >= 2 && Section[Offset - 2] == 0x0f &&
         (Section[Offset - 1] & 0xf0) == 0x80;
}

Error write32Signed(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 32))
    return E;
  support::endian::write32le(Loc, uint32_t(V));
  return Error::success();
}

Error write64(uint8_t *Loc, uint64_t V) {
  support::endian::write64le(Loc, V);
  return Error::success();
}

const RelocHowTo *x86HowTo(uint32_t Type) {
  static const RelocHowTo None{RelExpr::None, 0, nullptr, 0, nullptr, nullptr};
  static const RelocHowTo Abs64{RelExpr::AbsWord, 8,      nullptr, 0,
                                nullptr,          write64};
  static const RelocHowTo Pc32{RelExpr::Pc, 4,       callOrJumpOperand,
                               4,           nullptr, write32Signed};
  static const RelocHowTo Plt32{RelExpr::Pc, 4,       always,
                                4,           nullptr, write32Signed};
  static const RelocHowTo Pc64{RelExpr::Pc, 8, nullptr, 0, nullptr, write64};
  static const RelocHowTo AbsField{RelExpr::AbsField, 4,      nullptr, 0,
                                   nullptr,           nullptr};
  static const RelocHowTo Got{RelExpr::Got, 4, nullptr, 0, nullptr, nullptr};
  switch (Type) {
  case R_X86_64_NONE:
    return &None;
  case R_X86_64_64:
    return &Abs64;
  case R_X86_64_PC32:
    return &Pc32;
  case R_X86_64_PLT32:
    return &Plt32;
  case R_X86_64_PC64:
    return &Pc64;
  case R_X86_64_32:
  case R_X86_64_32S:
  case R_X86_64_16:
  case R_X86_64_8:
    return &AbsField;
  case R_X86_64_GOT32:
  case R_X86_64_GOTPCREL:
  case R_X86_64_GOTPCRELX:
  case R_X86_64_REX_GOTPCRELX:
  case R_X86_64_GOTPC32:
  case R_X86_64_GOTOFF64:
    return &Got;
  default:
    return nullptr;
  }
}

class X86_64Arch final : public Arch {
public:
  X86_64Arch() : Arch(kArchX86_64) {}
  uint16_t machine() const override { return EM_X86_64; }
  bool is64() const override { return true; }

  Error checkAbi(const InputFile &File) const override {
    if (File.OsAbi != ELFOSABI_NONE && File.OsAbi != ELFOSABI_GNU)
      return createStringError(
          "EI_OSABI %u, expected 0 (ELFOSABI_NONE) or 3 (ELFOSABI_GNU)",
          unsigned(File.OsAbi));
    if (File.AbiVersion != 0)
      return createStringError("EI_ABIVERSION %u, expected 0",
                               unsigned(File.AbiVersion));
    return Error::success();
  }
  Error checkFloatAbi(const InputFile &) const override {
    return Error::success(); // one float ABI (SysV)
  }
  const RelocHowTo *howTo(uint32_t Type) const override {
    return x86HowTo(Type);
  }
  const StubFormat &stub() const override { return Stub; }

private:
  StubFormat Stub{{kStubX86_64, sizeof(kStubX86_64)},
                  stubTemplate(kArchX86_64).LiteralOffset,
                  0};
};

} // namespace

const Arch *x86_64Arch() {
  static const X86_64Arch A;
  return &A;
}

} // namespace jlremote::loader
