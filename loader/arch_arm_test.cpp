// Every Thumb relocation the loader handles: write a value into a real
// instruction, decode it with LLVM's disassembler and with the loader's own
// addend reader, and check the range errors.
#include "arch.h"
#include "thumb_disassembler.h"

#include "device_runtime/image_format.h"

#include "llvm/BinaryFormat/ELF.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace llvm::ELF;
using namespace jlremote;
using namespace jlremote::loader;

namespace {

const Arch &v7m() { return *getArch(kArchThumbV7M); }

struct EncodeCase {
  uint32_t Type;
  std::vector<uint8_t> Instruction; // as assembled with a zero field
  int64_t Value;
  std::string Disassembly;
};

std::ostream &operator<<(std::ostream &OS, const EncodeCase &C) {
  return OS << v7m().relocName(C.Type) << " " << C.Value;
}

class ThumbEncoding : public ::testing::TestWithParam<EncodeCase> {};

TEST_P(ThumbEncoding, WritesDecodesAndReadsBack) {
  const EncodeCase &C = GetParam();
  const RelocHowTo *How = v7m().howTo(C.Type);
  ASSERT_NE(How, nullptr);
  std::vector<uint8_t> Bytes = C.Instruction;
  ASSERT_FALSE(errorToBool(How->Write(Bytes.data(), uint64_t(C.Value))));
  static const ThumbDisassembler Disassemble("cortex-m3");
  EXPECT_EQ(Disassemble(Bytes), C.Disassembly);
  if (C.Type != R_ARM_THM_MOVT_PREL) // MOVT keeps only the high half
    EXPECT_EQ(How->ReadAddend(Bytes.data()), C.Value);
}

// Instructions: bl / b.w / beq.w / b / beq with zero offsets, ldr r3 and
// ldr.w r5 from [pc], adr.w r2, movw / movt r1, each with its opcode bits.
INSTANTIATE_TEST_SUITE_P(
    Relocations, ThumbEncoding,
    ::testing::Values(
        EncodeCase{
            R_ARM_THM_CALL, {0x00, 0xf0, 0x00, 0xf8}, 0x123456, "bl #1193046"},
        EncodeCase{R_ARM_THM_CALL,
                   {0x00, 0xf0, 0x00, 0xf8},
                   -0x200004,
                   "bl #-2097156"},
        EncodeCase{
            R_ARM_THM_CALL, {0x00, 0xf0, 0x00, 0xf8}, 16777214, "bl #16777214"},
        EncodeCase{R_ARM_THM_CALL,
                   {0x00, 0xf0, 0x00, 0xe8},
                   0x100,
                   "bl #256"}, // BLX becomes BL: every callee is Thumb
        EncodeCase{R_ARM_THM_JUMP24,
                   {0x00, 0xf0, 0x00, 0xb8},
                   -16777216,
                   "b.w #-16777216"},
        EncodeCase{
            R_ARM_THM_JUMP24, {0x00, 0xf0, 0x00, 0xb8}, 0x4a2, "b.w #1186"},
        EncodeCase{R_ARM_THM_JUMP19,
                   {0x00, 0xf0, 0x00, 0x80},
                   0xffffe,
                   "beq.w #1048574"},
        EncodeCase{R_ARM_THM_JUMP19,
                   {0x00, 0xf0, 0x00, 0x80},
                   -0x100000,
                   "beq.w #-1048576"},
        EncodeCase{R_ARM_THM_JUMP11, {0x00, 0xe0}, -2048, "b #-2048"},
        EncodeCase{R_ARM_THM_JUMP11, {0x00, 0xe0}, 2046, "b #2046"},
        EncodeCase{R_ARM_THM_JUMP8, {0x00, 0xd0}, -256, "beq #-256"},
        EncodeCase{R_ARM_THM_JUMP8, {0x00, 0xd0}, 254, "beq #254"},
        EncodeCase{R_ARM_THM_PC8, {0x00, 0x4b}, 1016, "ldr r3, [pc, #1016]"},
        EncodeCase{R_ARM_THM_PC8, {0x00, 0x4b}, 8, "ldr r3, [pc, #8]"},
        EncodeCase{R_ARM_THM_PC12,
                   {0xdf, 0xf8, 0x00, 0x50},
                   4095,
                   "ldr.w r5, [pc, #4095]"},
        EncodeCase{R_ARM_THM_PC12,
                   {0xdf, 0xf8, 0x00, 0x50},
                   -1234,
                   "ldr.w r5, [pc, #-1234]"},
        EncodeCase{R_ARM_THM_ALU_PREL_11_0,
                   {0x0f, 0xf2, 0x00, 0x02},
                   4095,
                   "adr.w r2, #4095"},
        EncodeCase{R_ARM_THM_ALU_PREL_11_0,
                   {0x0f, 0xf2, 0x00, 0x02},
                   -2050,
                   "adr.w r2, #-2050"},
        EncodeCase{R_ARM_THM_MOVW_PREL_NC,
                   {0x40, 0xf2, 0x00, 0x01},
                   0x5678,
                   "movw r1, #22136"},
        EncodeCase{R_ARM_THM_MOVW_PREL_NC,
                   {0x40, 0xf2, 0x00, 0x01},
                   -8,
                   "movw r1, #65528"},
        EncodeCase{R_ARM_THM_MOVT_PREL,
                   {0xc0, 0xf2, 0x00, 0x01},
                   0x12345678,
                   "movt r1, #4660"}));

TEST(ThumbRelocations, MovwMovtPairBuildsTheFullOffset) {
  std::vector<uint8_t> Movw{0x40, 0xf2, 0x00, 0x01},
      Movt{0xc0, 0xf2, 0x00, 0x01};
  const int64_t Offset = -0x12344;
  ASSERT_FALSE(errorToBool(
      v7m().howTo(R_ARM_THM_MOVW_PREL_NC)->Write(Movw.data(), Offset)));
  ASSERT_FALSE(errorToBool(
      v7m().howTo(R_ARM_THM_MOVT_PREL)->Write(Movt.data(), Offset)));
  auto Half = [](const std::vector<uint8_t> &B) {
    return uint32_t(v7m().howTo(R_ARM_THM_MOVW_PREL_NC)->ReadAddend(B.data())) &
           0xffff;
  };
  EXPECT_EQ(Half(Movt) << 16 | Half(Movw), uint32_t(Offset));
}

TEST(ThumbRelocations, WordsAndPrel31) {
  uint8_t Word[4];
  ASSERT_FALSE(errorToBool(v7m().howTo(R_ARM_ABS32)->Write(Word, 0x1234)));
  EXPECT_EQ(v7m().howTo(R_ARM_ABS32)->ReadAddend(Word), 0x1234);
  ASSERT_FALSE(errorToBool(v7m().howTo(R_ARM_REL32)->Write(Word, -20)));
  EXPECT_EQ(v7m().howTo(R_ARM_REL32)->ReadAddend(Word), -20);
  uint8_t Prel31[4] = {0, 0, 0, 0x80}; // bit 31 belongs to the table entry
  ASSERT_FALSE(errorToBool(v7m().howTo(R_ARM_PREL31)->Write(Prel31, -8)));
  EXPECT_EQ(Prel31[3] & 0x80, 0x80);
  EXPECT_EQ(v7m().howTo(R_ARM_PREL31)->ReadAddend(Prel31), -8);
}

struct RangeCase {
  uint32_t Type;
  std::vector<uint8_t> Instruction;
  int64_t Value;
  std::string Error;
};

std::ostream &operator<<(std::ostream &OS, const RangeCase &C) {
  return OS << v7m().relocName(C.Type) << " " << C.Value;
}

class ThumbRange : public ::testing::TestWithParam<RangeCase> {};

TEST_P(ThumbRange, RefusesAndLeavesTheInstruction) {
  const RangeCase &C = GetParam();
  std::vector<uint8_t> Bytes = C.Instruction;
  Error E = v7m().howTo(C.Type)->Write(Bytes.data(), uint64_t(C.Value));
  EXPECT_EQ(toString(std::move(E)), C.Error);
  EXPECT_EQ(Bytes, C.Instruction);
}

INSTANTIATE_TEST_SUITE_P(
    Relocations, ThumbRange,
    ::testing::Values(
        RangeCase{R_ARM_THM_CALL,
                  {0x00, 0xf0, 0x00, 0xf8},
                  1 << 24,
                  "value 16777216 is out of range [-16777216, 16777215]"},
        RangeCase{R_ARM_THM_JUMP24,
                  {0x00, 0xf0, 0x00, 0xb8},
                  -16777218,
                  "value -16777218 is out of range [-16777216, 16777215]"},
        RangeCase{R_ARM_THM_JUMP19,
                  {0x00, 0xf0, 0x00, 0x80},
                  1 << 20,
                  "value 1048576 is out of range [-1048576, 1048575]"},
        RangeCase{R_ARM_THM_JUMP11,
                  {0x00, 0xe0},
                  2048,
                  "value 2048 is out of range [-2048, 2047]"},
        RangeCase{R_ARM_THM_JUMP8,
                  {0x00, 0xd0},
                  -258,
                  "value -258 is out of range [-256, 255]"},
        RangeCase{R_ARM_THM_PC8,
                  {0x00, 0x4b},
                  1024,
                  "value 1024 is out of range [0, 1023]"},
        RangeCase{R_ARM_THM_PC8,
                  {0x00, 0x4b},
                  -4,
                  "value -4 is out of range [0, 1023]"},
        RangeCase{
            R_ARM_THM_PC8, {0x00, 0x4b}, 6, "value 6 is not a multiple of 4"},
        RangeCase{R_ARM_THM_PC12,
                  {0xdf, 0xf8, 0x00, 0x50},
                  -4096,
                  "value 4096 is out of range [0, 4095]"},
        RangeCase{R_ARM_THM_ALU_PREL_11_0,
                  {0x0f, 0xf2, 0x00, 0x02},
                  4096,
                  "value 4096 is out of range [0, 4095]"},
        RangeCase{R_ARM_PREL31,
                  {0, 0, 0, 0},
                  int64_t(1) << 30,
                  "value 1073741824 is out of range [-1073741824, "
                  "1073741823]"},
        RangeCase{R_ARM_THM_MOVT_PREL,
                  {0xc0, 0xf2, 0x00, 0x01},
                  int64_t(1) << 32,
                  "value 4294967296 is out of range [-2147483648, "
                  "2147483647]"}));

TEST(ThumbRelocations, ClassifiesWhatTheDeviceCannotDo) {
  EXPECT_EQ(v7m().howTo(R_ARM_THM_MOVW_ABS_NC)->Expr, RelExpr::AbsField);
  EXPECT_EQ(v7m().howTo(R_ARM_THM_MOVT_ABS)->Expr, RelExpr::AbsField);
  EXPECT_EQ(v7m().howTo(R_ARM_GOT_BREL)->Expr, RelExpr::Got);
  EXPECT_EQ(v7m().howTo(R_ARM_NONE)->Expr, RelExpr::None);
  EXPECT_EQ(v7m().howTo(R_ARM_TLS_GD32), nullptr);
  EXPECT_EQ(v7m().relocName(R_ARM_TLS_GD32), "R_ARM_TLS_GD32");
  EXPECT_EQ(v7m().relocName(250), "relocation type 250");
}

TEST(ThumbStubs, V7LoadsTheSlotIntoIpAndJumpsThroughIt) {
  for (uint8_t Id :
       {kArchThumbV7M, kArchThumbV7EM, kArchThumbV7EMHard, kArchThumbV8MMain}) {
    const StubFormat &Stub = getArch(Id)->stub();
    ASSERT_EQ(Stub.LiteralOffset, 8);
    EXPECT_EQ(Stub.Code.size(), 12u);
    EXPECT_EQ(Stub.EntryBit, 1);
    static const ThumbDisassembler Disassemble("cortex-m3");
    // pc reads as the instruction's address + 4: 0 + 4 + 4 = the literal.
    EXPECT_EQ(Disassemble(Stub.Code.take_front(Stub.LiteralOffset)),
              "ldr.w r12, [pc, #4]; ldr.w pc, [r12]");
  }
}

TEST(ThumbStubs, V6MGoesThroughTheStackAndKeepsArgumentRegisters) {
  const StubFormat &Stub = getArch(kArchThumbV6M)->stub();
  ASSERT_EQ(Stub.LiteralOffset, 12);
  EXPECT_EQ(Stub.Code.size(), 16u);
  static const ThumbDisassembler Disassemble("cortex-m0");
  // Align(2 + 4, 4) + 8 = 12: the literal. r0 is restored by the pop, r1-r3
  // and lr are never written, sp ends where it started, no flags are set.
  EXPECT_EQ(Disassemble(Stub.Code.take_front(Stub.LiteralOffset)),
            "push {r0, r1}; ldr r0, [pc, #8]; mov r12, r0; ldr r0, [r0]; "
            "str r0, [sp, #4]; pop {r0, pc}");
}

} // namespace
