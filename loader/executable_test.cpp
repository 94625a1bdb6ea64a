// The runtime path: ELF executables linked at 0 with --emit-relocs by
// arm-none-eabi-gcc become one image with only base relocations; linked at
// fixed addresses (a runtime placed in flash), their bytes and bss range.
#include "loader/linker.h"

#include "crc32.h"
#include "device_runtime/image_format.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace llvm;
using namespace jlremote;
using namespace jlremote::loader;
using support::endian::read16le;
using support::endian::read32le;

namespace {

constexpr const char *kScript = R"(
SECTIONS {
  . = 0;
  .text : { *(.text.entry) *(.text*) *(.rodata*) }
  .data : { *(.data*) }
  .bss : { *(.bss*) *(COMMON) }
  /DISCARD/ : { *(.ARM.exidx*) *(.ARM.extab*) }
}
)";

// Code in a board's flash, bss in its RAM (as runtime_flash.ld places them).
constexpr const char *kPlacedScript = R"(
SECTIONS {
  .text 0x800 : { *(.text.entry) *(.text*) *(.rodata*) }
  .data : { *(.data*) }
  .bss 0x20001000 : { *(.bss*) *(COMMON) }
  /DISCARD/ : { *(.ARM.exidx*) *(.ARM.extab*) }
}
)";

class ArmExecutable : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("executable-test", Dir));
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }

  std::string write(StringRef Name, StringRef Text) {
    SmallString<128> Path(Dir);
    sys::path::append(Path, Name);
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    OS << Text;
    return std::string(Path);
  }

  // Links `Source` with `ScriptText` (at 0 by default) and --emit-relocs;
  // returns the ELF.
  std::unique_ptr<MemoryBuffer> link(StringRef Name, StringRef Source,
                                     StringRef ScriptText = kScript) {
    const std::string In = write(Name, Source),
                      Script = write("link.ld", ScriptText);
    const std::string Out = In + ".elf";
    std::vector<StringRef> Args = {JLREMOTE_TEST_ARM_GCC,
                                   "-mthumb",
                                   "-mcpu=cortex-m3",
                                   "-O2",
                                   "-ffunction-sections",
                                   "-fdata-sections",
                                   "-nostdlib",
                                   "-nostartfiles",
                                   "-Wl,--emit-relocs",
                                   "-Wl,-e,entry",
                                   "-T",
                                   Script,
                                   In,
                                   "-o",
                                   Out};
    std::string Message;
    const int Status = sys::ExecuteAndWait(JLREMOTE_TEST_ARM_GCC, Args,
                                           std::nullopt, {}, 0, 0, &Message);
    EXPECT_EQ(Status, 0) << Message;
    auto Buffer = MemoryBuffer::getFile(Out);
    EXPECT_TRUE(bool(Buffer));
    return std::move(*Buffer);
  }

  SmallString<128> Dir;
};

TEST_F(ArmExecutable, AbsoluteWordsBecomeBaseRelocations) {
  auto Elf = link("runtime.c", R"(
int answer(void);
static int counter;
static const char *const names[] = {"alpha", "beta"};
int (*const table[])(void) = {answer};
int entry(int i) {
  counter += i;
  return table[0]() + names[i & 1][0] + counter;
}
int answer(void) { return 42; }
)");
  auto Image = buildExecutableImage(Elf->getMemBufferRef(), kArchThumbV7M);
  ASSERT_TRUE(bool(Image)) << toString(Image.takeError());
  const std::vector<uint8_t> &I = *Image;

  auto Obj =
      cantFail(object::ELF32LEObjectFile::create(Elf->getMemBufferRef()));
  const uint32_t CodeSize = read16le(&I[4]), BssSize = read16le(&I[6]),
                 Count = read16le(&I[8]), Entry = read16le(&I[10]);
  EXPECT_EQ(I[3], kArchThumbV7M);
  EXPECT_EQ(Entry, Obj.getELFFile().getHeader().e_entry);
  EXPECT_EQ(Entry & 1u, 1u);
  EXPECT_GE(BssSize, 4u); // counter
  EXPECT_EQ(I.size(), kImageHeaderSize + CodeSize + 4 * Count);
  std::vector<uint8_t> Zeroed = I;
  std::fill(Zeroed.begin() + kImageCrcOffset, Zeroed.begin() + 16, 0);
  EXPECT_EQ(read32le(&I[kImageCrcOffset]), crc32(Zeroed.data(), Zeroed.size()));

  // As many base relocations as the link left ABS32 words, each pointing
  // into the image; the code bytes are the linked sections'.
  unsigned Abs32 = 0;
  for (const object::SectionRef &S : Obj.sections()) {
    for (const object::RelocationRef &R : S.relocations())
      Abs32 += R.getType() == ELF::R_ARM_ABS32;
    if (S.isText() || S.isData()) {
      StringRef Bytes = cantFail(S.getContents());
      EXPECT_TRUE(std::equal(Bytes.bytes_begin(), Bytes.bytes_end(),
                             I.begin() + 16 + S.getAddress()))
          << cantFail(S.getName()).str();
    }
  }
  ASSERT_GT(Abs32, 0u);
  EXPECT_EQ(Count, Abs32);
  uint32_t AnswerAddress = 0;
  for (const object::SymbolRef &Sym : Obj.symbols())
    if (cantFail(Sym.getName()) == "answer")
      AnswerAddress = uint32_t(cantFail(Sym.getAddress()));
  bool PointsAtAnswer = false;
  for (unsigned N = 0; N < Count; ++N) {
    const uint32_t Reloc = read32le(&I[16 + CodeSize + 4 * N]);
    EXPECT_EQ(Reloc >> 16, kRelocBase);
    const uint32_t Word = read32le(&I[16 + (Reloc & 0xffff) * 4]);
    EXPECT_LT(Word, CodeSize + BssSize);
    PointsAtAnswer |= Word == (AnswerAddress | 1);
  }
  EXPECT_TRUE(PointsAtAnswer) << "table[0] holds answer's Thumb address";
}

TEST_F(ArmExecutable, AbsoluteMovwIsRefusedByName) {
  auto Elf = link("movw.s", R"(
  .syntax unified
  .thumb
  .section .text.entry, "ax"
  .global entry
  .type entry, %function
entry:
  movw r0, #:lower16:value
  movt r0, #:upper16:value
  ldr r0, [r0]
  bx lr
  .data
value:
  .word 7
)");
  auto Image = buildExecutableImage(Elf->getMemBufferRef(), kArchThumbV7M);
  ASSERT_FALSE(bool(Image));
  const std::string Message = toString(Image.takeError());
  EXPECT_EQ(Message.rfind("R_ARM_THM_MOVW_ABS_NC at `.text`+0x0 of ", 0), 0u)
      << Message;
  EXPECT_NE(Message.find("(to `value`): an absolute instruction field"),
            std::string::npos)
      << Message;
}

TEST_F(ArmExecutable, WrongMachineAndObjectKindAreNamed) {
  auto Elf = link("tiny.c", "int entry(void) { return 1; }\n");
  auto X86 = buildExecutableImage(Elf->getMemBufferRef(), kArchX86_64);
  ASSERT_FALSE(bool(X86));
  EXPECT_NE(toString(X86.takeError())
                .find("ELF class 1 (ELFCLASS32), arch "
                      "x86_64 needs ELFCLASS64"),
            std::string::npos);
  auto Unknown = buildExecutableImage(Elf->getMemBufferRef(), 77);
  ASSERT_FALSE(bool(Unknown));
  EXPECT_EQ(toString(Unknown.takeError()), "arch 77: not a known image arch");
}

TEST_F(ArmExecutable, PlacedExecutableKeepsItsAddresses) {
  auto Elf = link("placed.c", R"(
int answer(void);
static int counter;
int (*const table[])(void) = {answer};
int entry(int i) {
  counter += i;
  return table[0]() + counter;
}
int answer(void) { return 42; }
)",
                  kPlacedScript);
  auto Placed = readPlacedExecutable(Elf->getMemBufferRef(), kArchThumbV7M);
  ASSERT_TRUE(bool(Placed)) << toString(Placed.takeError());
  auto Obj =
      cantFail(object::ELF32LEObjectFile::create(Elf->getMemBufferRef()));
  EXPECT_EQ(Placed->Address, 0x800u);
  EXPECT_EQ(Placed->Entry, Obj.getELFFile().getHeader().e_entry);
  EXPECT_EQ(Placed->Entry & 1u, 1u);
  EXPECT_EQ(Placed->BssAddress, 0x20001000u);
  EXPECT_GE(Placed->BssSize, 4u); // counter
  uint64_t AnswerAddress = 0;
  for (const object::SymbolRef &Sym : Obj.symbols())
    if (cantFail(Sym.getName()) == "answer")
      AnswerAddress = cantFail(Sym.getAddress());
  ASSERT_GE(AnswerAddress, 0x800u);
  // The bytes are the linked ones: table[0] already holds answer's address.
  for (const object::SectionRef &S : Obj.sections())
    if (S.isText()) {
      StringRef Bytes = cantFail(S.getContents());
      EXPECT_TRUE(std::equal(Bytes.bytes_begin(), Bytes.bytes_end(),
                             Placed->Bytes.begin() + (S.getAddress() - 0x800)));
    }
  bool HoldsAnswer = false;
  for (size_t Offset = 0; Offset + 4 <= Placed->Bytes.size(); Offset += 4)
    HoldsAnswer |= read32le(&Placed->Bytes[Offset]) == (AnswerAddress | 1);
  EXPECT_TRUE(HoldsAnswer);
}

TEST_F(ArmExecutable, PlacedExecutableRefusesInitialisedData) {
  auto Elf =
      link("data.c", "int value = 7;\nint entry(void) { return value++; }\n",
           kPlacedScript);
  auto Placed = readPlacedExecutable(Elf->getMemBufferRef(), kArchThumbV7M);
  ASSERT_FALSE(bool(Placed));
  EXPECT_NE(toString(Placed.takeError())
                .find("section `.data` is initialised writable data"),
            std::string::npos);
}

} // namespace
