// Thumb (ARMv6-M, v7-M, v7E-M, v8-M mainline): ELF for the Arm
// Architecture (AAELF32) relocations, as far as LLVM's ROPI code and
// libgcc use them. Encodings follow the Arm ARM; bit layouts are commented
// per field. REL objects: each type also reads its addend back.
#include "arch.h"
#include "input.h"

#include "device_runtime/image_format.h"

#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/ARMAttributeParser.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

using namespace llvm;
using namespace llvm::ELF;
using support::endian::read16le;
using support::endian::read32le;
using support::endian::write16le;
using support::endian::write32le;

namespace jlremote::loader {
namespace {

bool always(ArrayRef<uint8_t>, uint64_t) { return true; }

// R_ARM_ABS32, R_ARM_REL32: a whole word.
int64_t addendWord(const uint8_t *Loc) {
  return SignExtend64<32>(read32le(Loc));
}
Error writeWord(uint8_t *Loc, uint64_t V) {
  write32le(Loc, uint32_t(V));
  return Error::success();
}

// R_ARM_PREL31: bits 0-30 of a word, bit 31 kept (exception tables).
int64_t addendPrel31(const uint8_t *Loc) {
  return SignExtend64<31>(read32le(Loc));
}
Error writePrel31(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 31))
    return E;
  write32le(Loc, (read32le(Loc) & 0x80000000) | (uint32_t(V) & 0x7fffffff));
  return Error::success();
}

// BL / B.W (T1 / T4): hi = 11110 S imm10, lo = 1 J1 x J2 imm11 with
// I1 = !(J1 ^ S), I2 = !(J2 ^ S); offset = S:I1:I2:imm10:imm11:0.
int64_t addendBranch24(const uint8_t *Loc) {
  const uint32_t Hi = read16le(Loc), Lo = read16le(Loc + 2);
  const uint32_t S = (Hi >> 10) & 1, J1 = (Lo >> 13) & 1, J2 = (Lo >> 11) & 1;
  const uint32_t I1 = !(J1 ^ S), I2 = !(J2 ^ S);
  return SignExtend64<25>(S << 24 | I1 << 23 | I2 << 22 | (Hi & 0x3ff) << 12 |
                          (Lo & 0x7ff) << 1);
}
void encodeBranch24(uint8_t *Loc, uint64_t V, uint16_t LoOpcode) {
  write16le(Loc, (read16le(Loc) & 0xf800) |                           // opcode
                     ((V >> 14) & 0x0400) |                           // S
                     ((V >> 12) & 0x03ff));                           // imm10
  write16le(Loc + 2, LoOpcode | ((~(V >> 10) ^ (V >> 11)) & 0x2000) | // J1
                         ((~(V >> 11) ^ (V >> 13)) & 0x0800) |        // J2
                         ((V >> 1) & 0x07ff));                        // imm11
}
Error writeCall(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 25))
    return E;
  // Always BL (bit 12 set), never BLX: every callee is Thumb code.
  encodeBranch24(Loc, V, (read16le(Loc + 2) & 0xc000) | 0x1000);
  return Error::success();
}
Error writeJump24(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 25))
    return E;
  encodeBranch24(Loc, V, read16le(Loc + 2) & 0xd000);
  return Error::success();
}

// B<c>.W (T3): hi = 11110 S cond imm6, lo = 10 J1 0 J2 imm11;
// offset = S:J2:J1:imm6:imm11:0.
int64_t addendJump19(const uint8_t *Loc) {
  const uint32_t Hi = read16le(Loc), Lo = read16le(Loc + 2);
  const uint32_t S = (Hi >> 10) & 1, J1 = (Lo >> 13) & 1, J2 = (Lo >> 11) & 1;
  return SignExtend64<21>(S << 20 | J2 << 19 | J1 << 18 | (Hi & 0x3f) << 12 |
                          (Lo & 0x7ff) << 1);
}
Error writeJump19(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 21))
    return E;
  write16le(Loc, (read16le(Loc) & 0xfbc0) |         // opcode, cond
                     ((V >> 10) & 0x0400) |         // S
                     ((V >> 12) & 0x003f));         // imm6
  write16le(Loc + 2, (read16le(Loc + 2) & 0xd000) | // opcode
                         ((V >> 8) & 0x0800) |      // J2
                         ((V >> 5) & 0x2000) |      // J1
                         ((V >> 1) & 0x07ff));      // imm11
  return Error::success();
}

// B (T2): 11100 imm11; offset = imm11:0.
int64_t addendJump11(const uint8_t *Loc) {
  return SignExtend64<12>((read16le(Loc) & 0x7ff) << 1);
}
Error writeJump11(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 12))
    return E;
  write16le(Loc, (read16le(Loc) & 0xf800) | ((V >> 1) & 0x07ff));
  return Error::success();
}

// B<c> (T1): 1101 cond imm8; offset = imm8:0.
int64_t addendJump8(const uint8_t *Loc) {
  return SignExtend64<9>((read16le(Loc) & 0xff) << 1);
}
Error writeJump8(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 9))
    return E;
  write16le(Loc, (read16le(Loc) & 0xff00) | ((V >> 1) & 0x00ff));
  return Error::success();
}

// LDR (literal) T1 / ADR T1: xxxxx Rt imm8; offset = imm8:00 from
// Align(PC, 4), forwards only. AAELF: addend = ((imm8:00 + 4) & 0x3ff) - 4.
int64_t addendPc8(const uint8_t *Loc) {
  return int64_t((((read16le(Loc) & 0xff) << 2) + 4) & 0x3ff) - 4;
}
Error writePc8(uint8_t *Loc, uint64_t V) {
  if (Error E = checkMultiple(V, 4))
    return E;
  if (Error E = checkUnsigned(V, 10))
    return E;
  write16le(Loc, (read16le(Loc) & 0xff00) | ((V >> 2) & 0xff));
  return Error::success();
}

// LDR (literal) T2: hi = 11111000 U 1011111, lo = Rt imm12; U = forwards.
int64_t addendPc12(const uint8_t *Loc) {
  const int64_t Imm = read16le(Loc + 2) & 0xfff;
  return (read16le(Loc) & 0x0080) ? Imm : -Imm;
}
Error writePc12(uint8_t *Loc, uint64_t V) {
  const int64_t Signed = int64_t(V);
  const uint64_t Magnitude = Signed < 0 ? uint64_t(-Signed) : V;
  if (Error E = checkUnsigned(Magnitude, 12))
    return E;
  write16le(Loc, (read16le(Loc) & 0xff7f) | (Signed < 0 ? 0 : 0x0080)); // U
  write16le(Loc + 2, (read16le(Loc + 2) & 0xf000) | Magnitude);         // imm12
  return Error::success();
}

// ADR.W: ADDW (T3, hi 11110 i 10000 01111) or SUBW (T2, hi 11110 i 10101
// 01111) from Align(PC, 4); lo = 0 imm3 Rd imm8; offset = i:imm3:imm8.
int64_t addendAluPrel(const uint8_t *Loc) {
  const uint32_t Hi = read16le(Loc), Lo = read16le(Loc + 2);
  const int64_t Imm = (Hi & 0x0400) << 1 | (Lo & 0x7000) >> 4 | (Lo & 0x00ff);
  return (Hi & 0x00f0) == 0x00a0 ? -Imm : Imm;
}
Error writeAluPrel(uint8_t *Loc, uint64_t V) {
  const int64_t Signed = int64_t(V);
  const uint64_t Imm = Signed < 0 ? uint64_t(-Signed) : V;
  if (Error E = checkUnsigned(Imm, 12))
    return E;
  write16le(Loc, (read16le(Loc) & 0xfb0f) |           // opcode, Rn
                     (Signed < 0 ? 0x00a0 : 0x0000) | // SUBW / ADDW
                     ((Imm & 0x800) >> 1));           // i
  write16le(Loc + 2, (read16le(Loc + 2) & 0x8f00) |   // Rd
                         ((Imm & 0x700) << 4) |       // imm3
                         (Imm & 0xff));               // imm8
  return Error::success();
}

// MOVW / MOVT (T3 / T1): hi = 11110 i 10x1x0 imm4, lo = 0 imm3 Rd imm8;
// the 16-bit value is imm4:i:imm3:imm8 (low half for MOVW, high for MOVT).
int64_t addendMov(const uint8_t *Loc) {
  const uint32_t Hi = read16le(Loc), Lo = read16le(Loc + 2);
  return SignExtend64<16>((Hi & 0x000f) << 12 | (Hi & 0x0400) << 1 |
                          (Lo & 0x7000) >> 4 | (Lo & 0x00ff));
}
void encodeMov(uint8_t *Loc, uint32_t Half) {
  write16le(Loc, (read16le(Loc) & 0xfbf0) |         // opcode
                     ((Half >> 1) & 0x0400) |       // i
                     ((Half >> 12) & 0x000f));      // imm4
  write16le(Loc + 2, (read16le(Loc + 2) & 0x8f00) | // Rd
                         ((Half << 4) & 0x7000) |   // imm3
                         (Half & 0x00ff));          // imm8
}
Error writeMovw(uint8_t *Loc, uint64_t V) {
  encodeMov(Loc, uint32_t(V) & 0xffff); // _NC: no overflow check
  return Error::success();
}
Error writeMovt(uint8_t *Loc, uint64_t V) {
  if (Error E = checkSigned(int64_t(V), 32))
    return E;
  encodeMov(Loc, (uint32_t(V) >> 16) & 0xffff);
  return Error::success();
}

const RelocHowTo *armHowTo(uint32_t Type) {
  static const RelocHowTo None{RelExpr::None, 0, nullptr, 0, nullptr, nullptr};
  static const RelocHowTo Abs32{RelExpr::AbsWord, 4,        nullptr, 0,
                                addendWord,       writeWord};
  static const RelocHowTo Rel32{RelExpr::Pc, 4,          nullptr,
                                0,           addendWord, writeWord};
  static const RelocHowTo Prel31{RelExpr::Pc,  4,          nullptr, 0,
                                 addendPrel31, writePrel31};
  static const RelocHowTo Call{RelExpr::Pc,    4,        always, 4,
                               addendBranch24, writeCall};
  static const RelocHowTo Jump24{RelExpr::Pc,    4,          always, 4,
                                 addendBranch24, writeJump24};
  static const RelocHowTo Jump19{RelExpr::Pc,  4,          always, 4,
                                 addendJump19, writeJump19};
  static const RelocHowTo Jump11{RelExpr::Pc,  2,          always, 4,
                                 addendJump11, writeJump11};
  static const RelocHowTo Jump8{RelExpr::Pc, 2,           always,
                                4,           addendJump8, writeJump8};
  static const RelocHowTo Pc8{
      RelExpr::PcWordAlign, 2, nullptr, 0, addendPc8, writePc8};
  static const RelocHowTo Pc12{RelExpr::PcWordAlign, 4,        nullptr, 0,
                               addendPc12,           writePc12};
  static const RelocHowTo AluPrel{RelExpr::PcWordAlign, 4,           nullptr, 0,
                                  addendAluPrel,        writeAluPrel};
  static const RelocHowTo MovwPrel{RelExpr::Pc, 4,         nullptr,
                                   0,           addendMov, writeMovw};
  static const RelocHowTo MovtPrel{RelExpr::Pc, 4,         nullptr,
                                   0,           addendMov, writeMovt};
  static const RelocHowTo AbsField{RelExpr::AbsField, 4,      nullptr, 0,
                                   nullptr,           nullptr};
  static const RelocHowTo Got{RelExpr::Got, 4, nullptr, 0, nullptr, nullptr};
  switch (Type) {
  case R_ARM_NONE:
  case R_ARM_V4BX:
    return &None;
  case R_ARM_ABS32:
  case R_ARM_TARGET1: // .init_array entries; arm-none-eabi treats it as ABS32
    return &Abs32;
  case R_ARM_REL32:
    return &Rel32;
  case R_ARM_PREL31:
    return &Prel31;
  case R_ARM_THM_CALL:
    return &Call;
  case R_ARM_THM_JUMP24:
    return &Jump24;
  case R_ARM_THM_JUMP19:
    return &Jump19;
  case R_ARM_THM_JUMP11:
    return &Jump11;
  case R_ARM_THM_JUMP8:
    return &Jump8;
  case R_ARM_THM_PC8:
    return &Pc8;
  case R_ARM_THM_PC12:
    return &Pc12;
  case R_ARM_THM_ALU_PREL_11_0:
    return &AluPrel;
  case R_ARM_THM_MOVW_PREL_NC:
    return &MovwPrel;
  case R_ARM_THM_MOVT_PREL:
    return &MovtPrel;
  case R_ARM_ABS16:
  case R_ARM_ABS12:
  case R_ARM_ABS8:
  case R_ARM_THM_ABS5:
  case R_ARM_THM_MOVW_ABS_NC:
  case R_ARM_THM_MOVT_ABS:
  case R_ARM_MOVW_ABS_NC:
  case R_ARM_MOVT_ABS:
    return &AbsField;
  case R_ARM_GOT_BREL:
  case R_ARM_GOT_PREL:
  case R_ARM_GOTOFF32:
  case R_ARM_BASE_PREL:
    return &Got;
  default:
    return nullptr;
  }
}

class ArmArch final : public Arch {
public:
  explicit ArmArch(uint8_t Id)
      : Arch(Id), Stub{{stubTemplate(Id).Bytes, stubTemplate(Id).Size},
                       stubTemplate(Id).LiteralOffset,
                       1} {}

  uint16_t machine() const override { return EM_ARM; }
  bool is64() const override { return false; }

  Error checkAbi(const InputFile &File) const override {
    if (File.OsAbi != ELFOSABI_NONE)
      return createStringError("EI_OSABI %u, expected 0 (ELFOSABI_NONE)",
                               unsigned(File.OsAbi));
    const uint32_t Version = File.Flags & EF_ARM_EABIMASK;
    if (Version != EF_ARM_EABI_VER5)
      return createStringError(
          "e_flags 0x%08x: EABI version %u, expected 5 (EF_ARM_EABI_VER5)",
          File.Flags, Version >> 24);
    return Error::success();
  }

  Error checkFloatAbi(const InputFile &File) const override {
    const bool WantHard = id() == kArchThumbV7EMHard;
    const uint32_t FloatFlags =
        File.Flags & (EF_ARM_ABI_FLOAT_SOFT | EF_ARM_ABI_FLOAT_HARD);
    bool Hard;
    const char *Source;
    if (FloatFlags == (EF_ARM_ABI_FLOAT_SOFT | EF_ARM_ABI_FLOAT_HARD))
      return createStringError(
          "e_flags 0x%08x has both "
          "EF_ARM_ABI_FLOAT_SOFT and EF_ARM_ABI_FLOAT_HARD",
          File.Flags);
    if (FloatFlags) {
      Hard = FloatFlags == EF_ARM_ABI_FLOAT_HARD;
      Source = Hard ? "e_flags EF_ARM_ABI_FLOAT_HARD"
                    : "e_flags EF_ARM_ABI_FLOAT_SOFT";
    } else {
      // No flag (GNU as, older LLVM): the build attributes decide.
      auto VfpArgs = vfpArgs(File);
      if (!VfpArgs)
        return VfpArgs.takeError();
      if (*VfpArgs == ARMBuildAttrs::CompatibleFPAAPCS)
        return Error::success();
      Hard = *VfpArgs == ARMBuildAttrs::HardFPAAPCS;
      Source = "Tag_ABI_VFP_args";
    }
    if (Hard != WantHard)
      return createStringError(Twine("float ABI ") + (Hard ? "hard" : "soft") +
                               " (" + Source + "), arch " + name() + " uses " +
                               (WantHard ? "hard" : "soft"));
    return Error::success();
  }

  const RelocHowTo *howTo(uint32_t Type) const override {
    return armHowTo(Type);
  }
  const StubFormat &stub() const override { return Stub; }

private:
  static Expected<unsigned> vfpArgs(const InputFile &File) {
    for (const InputSection &S : File.Sections) {
      if (S.Type != SHT_ARM_ATTRIBUTES)
        continue;
      ARMAttributeParser Parser;
      if (Error E = Parser.parse(S.Data, endianness::little))
        return createStringError(".ARM.attributes: %s",
                                 toString(std::move(E)).c_str());
      return Parser.getAttributeValue(ARMBuildAttrs::ABI_VFP_args)
          .value_or(ARMBuildAttrs::BaseAAPCS);
    }
    return ARMBuildAttrs::BaseAAPCS;
  }

  StubFormat Stub;
};

} // namespace

const Arch *armArch(uint8_t ImageArch) {
  static const ArmArch V6M(kArchThumbV6M);
  static const ArmArch V7M(kArchThumbV7M);
  static const ArmArch V7EM(kArchThumbV7EM);
  static const ArmArch V7EMHard(kArchThumbV7EMHard);
  static const ArmArch V8MMain(kArchThumbV8MMain);
  switch (ImageArch) {
  case kArchThumbV6M:
    return &V6M;
  case kArchThumbV7M:
    return &V7M;
  case kArchThumbV7EM:
    return &V7EM;
  case kArchThumbV7EMHard:
    return &V7EMHard;
  case kArchThumbV8MMain:
    return &V8MMain;
  }
  return nullptr;
}

} // namespace jlremote::loader
