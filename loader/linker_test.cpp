// Images built from objects that compiler/ emits for IR strings: stub
// relocations, data pulled in, base relocations, header and CRC, the
// refusals, libgcc's soft-float and division members; and on x86-64 the
// images are loaded with the device's own loader and run in this process.
#include "linker_test_support.h"

#include "arch.h"
#include "crc32.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"

#include <cstring>
#include <deque>
#include <set>

using namespace llvm;
using namespace jlremote;
using namespace jlremote::loader;
using namespace jlremote::loader::test;
using support::endian::write32le;

namespace {

constexpr const char *kCaller = R"(
define i32 @callee(i32 %x) noinline {
  %y = mul i32 %x, 7
  ret i32 %y
}
define i32 @caller(i32 %x) {
  %r = call i32 @callee(i32 %x)
  %s = add i32 %r, 1
  ret i32 %s
}
)";

class AllArches : public ::testing::TestWithParam<uint8_t> {};

TEST_P(AllArches, CallGoesThroughOneStubAndOneSlotRelocation) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, kCaller))));
  const Image I = build(*L, "caller");
  const View V(I);
  const StubFormat &Stub = getArch(Arch)->stub();

  // Header.
  EXPECT_EQ(I.Bytes[0], 'J');
  EXPECT_EQ(I.Bytes[1], 'L');
  EXPECT_EQ(I.Bytes[2], kImageFormatVersion);
  EXPECT_EQ(I.Bytes[3], Arch);
  EXPECT_EQ(I.Bytes.size(),
            kImageHeaderSize + V.CodeSize + 4 * V.Relocs.size());
  EXPECT_EQ(V.Entry & 1u, Stub.EntryBit); // Thumb entries are odd
  EXPECT_EQ(V.Entry & ~1u, 0u);           // the unit comes first
  std::vector<uint8_t> Zeroed = I.Bytes;
  write32le(&Zeroed[kImageCrcOffset], 0);
  EXPECT_EQ(read32le(&I.Bytes[kImageCrcOffset]),
            crc32(Zeroed.data(), Zeroed.size()));

  // One import: callee, through the stub at the start of the bss, which
  // costs nothing on the wire but its relocation.
  EXPECT_EQ(I.Name, "caller");
  EXPECT_EQ(L->symbolOf(I.Slot), "caller");
  ASSERT_EQ(V.Relocs.size(), 1u);
  const uint32_t CalleeSlot = cantFail(L->slotFor("callee"));
  EXPECT_EQ(V.Relocs[0] >> 16, CalleeSlot);
  const size_t Word = imageWordSize(Arch);
  const size_t StubStart = alignTo(V.CodeSize, Word);
  EXPECT_EQ((V.Relocs[0] & 0xffff) * Word, StubStart);
  EXPECT_EQ(V.BssSize, StubStart - V.CodeSize + Stub.Code.size());
  EXPECT_EQ(V.CodeSize, I.RawCodeSize);
  EXPECT_EQ(I.Bytes.size(), kImageHeaderSize + I.RawCodeSize + 4 * 1);
  EXPECT_TRUE(I.Exports.empty());
  EXPECT_EQ(I.RelocCount, 1u);

  // The device's loader writes the template there, with the slot's address
  // in the literal (a loader for the image's own arch; runs anywhere).
  std::vector<uint8_t> Block(
      imageBlockSize(V.CodeSize, V.BssSize, V.Relocs.size()), 0xa5);
  placeImage(I, Block.data());
  std::vector<uintptr_t> Slots(CalleeSlot + 1);
  uintptr_t Entry = 0;
  const ImageCheck Check = loadImage(
      Block.data(), I.Bytes.size(), Block.size(), Arch,
      StubHook{&writeSlotStub, Slots.data(), uint32_t(Slots.size())}, &Entry);
  ASSERT_EQ(Check.Status, kImageOk) << "value " << Check.Value;
  std::vector<uint8_t> Expected(Stub.Code.begin(), Stub.Code.end());
  const uintptr_t SlotAddress = uintptr_t(&Slots[CalleeSlot]);
  for (size_t B = 0; B < Word; ++B)
    Expected[Stub.LiteralOffset + B] =
        uint8_t(uint64_t(SlotAddress) >> (8 * B));
  EXPECT_TRUE(std::equal(Expected.begin(), Expected.end(),
                         Block.begin() + kImageHeaderSize + StubStart));

  // The call instruction lands on the stub: find the one call in the code.
  bool Found = false;
  for (size_t Offset = 0; Offset + 4 <= V.CodeSize; Offset += 2) {
    const uint8_t *P = V.code() + Offset;
    if (Arch == kArchX86_64) {
      if (P[0] == 0xe8 || P[0] == 0xe9) {
        const int32_t Disp = int32_t(read32le(P + 1));
        Found |= Offset + 5 + Disp == StubStart;
      }
      --Offset; // byte steps on x86-64
      continue;
    }
    const uint16_t Hi = read16le(P), Lo = read16le(P + 2);
    if ((Hi & 0xf800) == 0xf000 && (Lo & 0xd000) >= 0x9000) { // bl / b.w
      const int64_t Disp =
          getArch(Arch)->howTo(ELF::R_ARM_THM_CALL)->ReadAddend(P);
      Found |= int64_t(Offset) + 4 + Disp == int64_t(StubStart);
    }
  }
  EXPECT_TRUE(Found) << "no call to the stub at " << StubStart;
  logSize(archName(Arch), I);
}

INSTANTIATE_TEST_SUITE_P(Arches, AllArches,
                         ::testing::Values(kArchThumbV6M, kArchThumbV7M,
                                           kArchThumbV7EM, kArchThumbV7EMHard,
                                           kArchThumbV8MMain, kArchX86_64),
                         [](const auto &Info) {
                           std::string Name = archName(Info.param).str();
                           std::replace(Name.begin(), Name.end(), '.', '_');
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

class ArmArches : public ::testing::TestWithParam<uint8_t> {};

TEST_P(ArmArches, ConstantTableIsInTheImageAndReachedPcRelative) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
@table = internal constant [6 x i32] [i32 305419896, i32 2, i32 3, i32 5, i32 8, i32 13]
define i32 @pick(i32 %i) {
  %p = getelementptr [6 x i32], ptr @table, i32 0, i32 %i
  %v = load i32, ptr %p
  ret i32 %v
}
)"))));
  const Image I = build(*L, "pick");
  const View V(I);
  EXPECT_EQ(V.Relocs.size(), 0u);
  EXPECT_EQ(V.BssSize, 0u);
  // The table's first word is somewhere after the code.
  const uint8_t First[] = {0x78, 0x56, 0x34, 0x12};
  EXPECT_NE(std::search(V.code(), V.code() + V.CodeSize, First, First + 4),
            V.code() + V.CodeSize);
  EXPECT_GE(I.RawCodeSize, 24u + 4u);
  logSize(archName(Arch), I);
}

TEST_P(ArmArches, PointerTableAndWritableDataGetBaseRelocations) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
@a = internal constant i32 11
@b = internal constant i32 22
@ptrs = internal constant [2 x ptr] [ptr @a, ptr @b]
@counter = internal global i32 0
define i32 @deref(i32 %i) {
  %p = getelementptr [2 x ptr], ptr @ptrs, i32 0, i32 %i
  %q = load ptr, ptr %p
  %v = load i32, ptr %q
  %c = load i32, ptr @counter
  %n = add i32 %c, %v
  store i32 %n, ptr @counter
  ret i32 %n
}
)"))));
  const Image I = build(*L, "deref");
  const View V(I);
  ASSERT_EQ(V.baseRelocs(), 3u); // two table entries and the counter
  EXPECT_TRUE(V.slotTargets().empty());
  EXPECT_GE(V.BssSize, 4u);
  std::multiset<uint32_t> Targets;
  for (uint32_t R : V.Relocs)
    Targets.insert(read32le(V.code() + (R & 0xffff) * 4));
  // The table entries point at 11 and 22 in the image; the counter past the
  // code, into the bss.
  unsigned Found = 0;
  for (uint32_t T : Targets) {
    if (T >= V.CodeSize) {
      EXPECT_LT(T, V.CodeSize + V.BssSize);
      continue;
    }
    const uint32_t Value = read32le(V.code() + T);
    Found += Value == 11 || Value == 22;
  }
  EXPECT_EQ(Found, 2u);
}

TEST_P(ArmArches, SoftFloatAndDivisionFromLibgccConvert) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
define double @dmath(double %a, double %b, i32 %i) {
  %s = fadd double %a, %b
  %d = fsub double %s, %b
  %m = fmul double %d, %a
  %q = fdiv double %m, %b
  %c = fcmp olt double %q, %a
  %w = sitofp i32 %i to double
  %r = select i1 %c, double %q, double %w
  ret double %r
}
define i32 @dtoi(double %a) {
  %i = fptosi double %a to i32
  ret i32 %i
}
define double @ftod(float %a, float %b) {
  %s = fadd float %a, %b
  %m = fmul float %s, %b
  %q = fdiv float %m, %a
  %d = fpext float %q to double
  ret double %d
}
define i64 @ldiv(i64 %a, i64 %b) {
  %q = sdiv i64 %a, %b
  %u = udiv i64 %a, %b
  %s = add i64 %q, %u
  ret i64 %s
}
define i32 @idiv(i32 %a, i32 %b) {
  %q = udiv i32 %a, %b
  %r = srem i32 %a, %b
  %s = add i32 %q, %r
  ret i32 %s
}
)"))));
  // Every image reachable from these, through their stub relocations.
  std::deque<uint32_t> Work;
  for (const char *F : {"dmath", "dtoi", "ftod", "ldiv", "idiv"})
    Work.push_back(cantFail(L->slotFor(F)));
  std::set<uint32_t> Built;
  std::set<std::string> Names;
  while (!Work.empty()) {
    const uint32_t Slot = Work.front();
    Work.pop_front();
    if (!Built.insert(Slot).second)
      continue;
    auto I = L->buildImage(Slot);
    ASSERT_TRUE(bool(I)) << L->symbolOf(Slot).str() << ": "
                         << toString(I.takeError());
    Names.insert(I->Name);
    for (auto [ExportSlot, Offset] : I->Exports) {
      Built.insert(ExportSlot);
      EXPECT_EQ(Offset & 1u, 1u);
      EXPECT_LT(Offset, I->Bytes.size());
    }
    for (uint32_t Target : View(*I).slotTargets())
      Work.push_back(Target);
    if (I->Name.starts_with("__aeabi_d") || I->Name.starts_with("__aeabi_l") ||
        I->Name == "ldiv")
      logSize(archName(Arch), *I);
  }
  const bool HardFloat = Arch == kArchThumbV7EMHard;
  // Images built under these names (or exported by one that was).
  std::set<std::string> Reached;
  for (uint32_t Slot : Built)
    Reached.insert(L->symbolOf(Slot).str());
  for (const char *Needed :
       {"__aeabi_dadd", "__aeabi_dsub", "__aeabi_dmul", "__aeabi_ddiv",
        "__aeabi_i2d", "__aeabi_d2iz", "__aeabi_ldivmod", "__aeabi_uldivmod"})
    EXPECT_TRUE(Reached.count(Needed))
        << Needed << " among " << join(Reached, " ");
  if (!HardFloat)
    for (const char *Needed :
         {"__aeabi_fadd", "__aeabi_fmul", "__aeabi_fdiv", "__aeabi_f2d"})
      EXPECT_TRUE(Reached.count(Needed))
          << Needed << " among " << join(Reached, " ");
  if (Arch == kArchThumbV6M) {
    // No divide instruction, and ldivmod's helper chain.
    EXPECT_TRUE(Reached.count("__aeabi_uidiv") || Reached.count("__udivsi3"));
    EXPECT_TRUE(Reached.count("__aeabi_idivmod"));
    EXPECT_TRUE(Reached.count("__gnu_ldivmod_helper"));
    EXPECT_TRUE(Reached.count("__divdi3"));
  }
}

TEST_P(ArmArches, LibgccEntriesSharingASectionAreExports) {
  const uint8_t Arch = GetParam();
  auto L = makeLinker(Arch);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
define i32 @idiv(i32 %a, i32 %b) {
  %q = sdiv i32 %a, %b
  ret i32 %q
}
)"))));
  auto Slot = cantFail(L->slotFor("__aeabi_idiv"));
  auto I = L->buildImage(Slot);
  ASSERT_TRUE(bool(I)) << toString(I.takeError());
  // libgcc's assembly defines __aeabi_idiv and __divsi3 at one address.
  std::set<std::string> Exported;
  for (auto [S, Offset] : I->Exports)
    Exported.insert(L->symbolOf(S).str());
  EXPECT_TRUE(Exported.count("__divsi3"));
}

INSTANTIATE_TEST_SUITE_P(Arches, ArmArches,
                         ::testing::Values(kArchThumbV6M, kArchThumbV7M,
                                           kArchThumbV7EM, kArchThumbV7EMHard,
                                           kArchThumbV8MMain),
                         [](const auto &Info) {
                           std::string Name = archName(Info.param).str();
                           std::replace(Name.begin(), Name.end(), '.', '_');
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

// Objects with one header field changed: each its own error.
class Refusals : public ::testing::Test {
protected:
  std::string addPatched(size_t Offset, std::vector<uint8_t> Value) {
    auto Object = compileIr(kArchThumbV7M, kCaller, "patched");
    std::string Bytes = Object->getBuffer().str();
    std::copy(Value.begin(), Value.end(), Bytes.begin() + Offset);
    auto L = makeLinker(kArchThumbV7M);
    Error E = L->addObject(MemoryBuffer::getMemBufferCopy(Bytes, "patched.o"));
    return E ? toString(std::move(E)) : "accepted";
  }
};

TEST_F(Refusals, HeaderFieldsAreNamed) {
  EXPECT_EQ(addPatched(ELF::EI_CLASS, {ELF::ELFCLASS64}),
            "patched.o: ELF class 2 (ELFCLASS64), arch thumbv7m needs "
            "ELFCLASS32");
  EXPECT_EQ(addPatched(ELF::EI_DATA, {ELF::ELFDATA2MSB}),
            "patched.o: ELF byte order 2, images are little-endian "
            "(ELFDATA2LSB)");
  EXPECT_EQ(addPatched(18, {ELF::EM_386, 0}), // e_machine
            "patched.o: machine 3 (386), arch thumbv7m needs 40 (arm)");
  EXPECT_EQ(addPatched(16, {ELF::ET_EXEC, 0}), // e_type
            "patched.o: ELF type 2, expected a relocatable object (ET_REL)");
  EXPECT_EQ(addPatched(ELF::EI_OSABI, {97}),
            "patched.o: EI_OSABI 97, expected 0 (ELFOSABI_NONE)");
  EXPECT_EQ(addPatched(39, {0x04}), // e_flags, top byte: EABI version
            "patched.o: e_flags 0x04000200: EABI version 4, expected 5 "
            "(EF_ARM_EABI_VER5)");
  EXPECT_EQ(addPatched(0, {'X'}), "patched.o: not an ELF file");
  EXPECT_EQ(addPatched(0, {0x7f}), "accepted");
}

TEST(Linker, WrongMachineAndFloatAbiAreRefused) {
  auto L = makeLinker(kArchThumbV7EM);
  EXPECT_EQ(toString(L->addObject(compileIr(kArchX86_64, kCaller, "x86"))),
            "x86.o: ELF class 2 (ELFCLASS64), arch thumbv7em needs ELFCLASS32");
  EXPECT_EQ(
      toString(L->addObject(compileIr(kArchThumbV7EMHard, kCaller, "hard"))),
      "hard.o: float ABI hard (e_flags EF_ARM_ABI_FLOAT_HARD), arch thumbv7em "
      "uses soft");
  auto Hard = makeLinker(kArchThumbV7EMHard);
  EXPECT_EQ(
      toString(Hard->addObject(compileIr(kArchThumbV7M, kCaller, "soft"))),
      "soft.o: float ABI soft (e_flags EF_ARM_ABI_FLOAT_SOFT), arch "
      "thumbv7em-hard uses hard");
  // A refused object leaves nothing behind.
  EXPECT_EQ(toString(L->slotFor("caller").takeError()),
            "undefined symbol `caller`");
}

TEST(Linker, UndefinedSymbolsNameTheirCaller) {
  auto L = makeLinker(kArchThumbV7M);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchThumbV7M, R"(
declare i32 @missing(i32)
define i32 @lonely(i32 %x) {
  %r = call i32 @missing(i32 %x)
  %s = add i32 %r, 1
  ret i32 %s
}
)"))));
  EXPECT_EQ(buildError(*L, "lonely"),
            "undefined symbol `missing` (called from `lonely`)");
  EXPECT_EQ(toString(L->slotFor("nowhere").takeError()),
            "undefined symbol `nowhere`");
  // The runtime's slots, then `lonely`'s.
  EXPECT_EQ(toString(L->buildImage(99).takeError()),
            "slot 99 is not assigned (" +
                std::to_string(kRuntimeSlotCount + 1) + " slots)");
}

TEST(Linker, RuntimeFunctionsHaveTheirSlotsAndNoImage) {
  for (uint8_t Arch : {kArchThumbV6M, kArchThumbV7M, kArchX86_64}) {
    auto L = makeLinker(Arch);
    ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
declare void @jlremote_print(i32, ptr, i32)
define i32 @say(i32 %x) {
  %v = alloca i32
  store i32 %x, ptr %v
  call void @jlremote_print(i32 7, ptr %v, i32 4)
  ret i32 %x
}
)"))));
    // The runtime's slot, before any user function's.
    EXPECT_EQ(cantFail(L->slotFor("jlremote_print")), uint32_t(kSlotPrint));
    const Image I = build(*L, "say");
    EXPECT_EQ(View(I).slotTargets(), std::vector<uint32_t>{kSlotPrint});
    EXPECT_EQ(I.Slot, runtimeSlotCount(Arch));
    EXPECT_EQ(toString(L->buildImage(kSlotPrint).takeError()),
              "slot 0 is the runtime's `jlremote_print`: the device has its "
              "code");
  }
}

TEST(Linker, AddressesOfOtherFunctionsAreRefused) {
  for (uint8_t Arch : {kArchThumbV7M, kArchX86_64}) {
    auto L = makeLinker(Arch);
    ASSERT_FALSE(errorToBool(L->addObject(compileIr(Arch, R"(
@handler = global ptr @g
define i32 @g() noinline {
  ret i32 1
}
define ptr @address() {
  ret ptr @g
}
define ptr @stored() {
  %p = load ptr, ptr @handler
  ret ptr %p
}
)"))));
    const std::string Pc =
        Arch == kArchX86_64 ? "R_X86_64_PC32" : "R_ARM_REL32";
    const std::string Abs = Arch == kArchX86_64 ? "R_X86_64_64" : "R_ARM_ABS32";
    EXPECT_EQ(buildError(*L, "address"),
              "function `address` takes the address of `g` (" + Pc +
                  "): not supported yet");
    EXPECT_EQ(buildError(*L, "stored"),
              "function `stored` takes the address of `g` (" + Abs +
                  "): not supported yet");
  }
}

TEST(Linker, OverAlignedDataIsRefused) {
  auto L = makeLinker(kArchThumbV7M);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchThumbV7M, R"(
@wide = internal constant [8 x i32] [i32 1, i32 2, i32 3, i32 4, i32 5, i32 6, i32 7, i32 8], align 32
define i32 @wideload(i32 %i) {
  %p = getelementptr [8 x i32], ptr @wide, i32 0, i32 %i
  %v = load i32, ptr %p
  ret i32 %v
}
)",
                                                  "wide"))));
  EXPECT_EQ(buildError(*L, "wideload"),
            "section `.rodata.cst32` of wide.o needs alignment 32, images of "
            "thumbv7m are aligned to 8");
}

TEST(Linker, GotAndUnknownRelocationsAreNamed) {
  auto L = makeLinker(kArchX86_64);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
@outside = external global i32
@tls = thread_local global i32 0
define i32 @viagot() {
  %v = load i32, ptr @outside
  ret i32 %v
}
define i32 @viatls() {
  %v = load i32, ptr @tls
  ret i32 %v
}
)",
                                                  "odd"))));
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
@outside = global i32 5
)",
                                                  "data"))));
  EXPECT_EQ(buildError(*L, "viagot"),
            "function `viagot` reaches `outside` with R_X86_64_REX_GOTPCRELX: "
            "globals through the GOT are not supported yet");
  const std::string Tls = buildError(*L, "viatls");
  EXPECT_EQ(Tls,
            "unknown relocation R_X86_64_TLSLD at `.text.viatls`+0x4 of odd.o");
}

// Two objects, each with a static `helper` (multiplying by Factor * N) and
// a global `userN` calling it: the statics share a name and must not share
// a slot.
void addStaticHelpers(Linker &L, uint8_t Arch, const std::string &Type,
                      int Factor) {
  for (int N : {1, 2}) {
    const std::string T = Type, K = std::to_string(N * Factor),
                      U = std::to_string(N);
    const std::string Ir = "define internal " + T + " @helper(" + T +
                           " %x) noinline {\n  %y = mul " + T + " %x, " + K +
                           "\n  ret " + T + " %y\n}\ndefine " + T + " @user" +
                           U + "(" + T + " %x) {\n  %r = call " + T +
                           " @helper(" + T + " %x)\n  %s = add " + T +
                           " %r, 1\n  ret " + T + " %s\n}\n";
    ASSERT_FALSE(errorToBool(L.addObject(compileIr(Arch, Ir, "static" + U))));
  }
}

TEST(Linker, StaticsWithTheSameNameStayApart) {
  auto L = makeLinker(kArchThumbV6M);
  addStaticHelpers(*L, kArchThumbV6M, "i32", 1000);
  const Image A = build(*L, "user1"), B = build(*L, "user2");
  ASSERT_EQ(View(A).slotTargets().size(), 1u);
  ASSERT_EQ(View(B).slotTargets().size(), 1u);
  const uint32_t SlotA = View(A).slotTargets()[0],
                 SlotB = View(B).slotTargets()[0];
  EXPECT_NE(SlotA, SlotB);
  // Files are numbered in the order they join the link: the two helper
  // objects come first (#0, #1).
  EXPECT_EQ(L->symbolOf(SlotA), "helper (static, static1.o#2)");
  EXPECT_EQ(L->symbolOf(SlotB), "helper (static, static2.o#3)");
  auto HelperA = L->buildImage(SlotA);
  ASSERT_TRUE(bool(HelperA)) << toString(HelperA.takeError());
}

// --- x86-64: images run in this process, loaded by the device's loader. ---

TEST(X86Images, FibonacciThroughSlots) {
  auto L = makeLinker(kArchX86_64);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
declare i64 @fib_rest(i64)
define i64 @fib(i64 %n) {
  %small = icmp slt i64 %n, 2
  br i1 %small, label %done, label %more
done:
  ret i64 %n
more:
  %r = call i64 @fib_rest(i64 %n)
  ret i64 %r
}
)",
                                                  "fib"))));
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
declare i64 @fib(i64)
define i64 @fib_rest(i64 %n) {
  %a = sub i64 %n, 1
  %b = sub i64 %n, 2
  %fa = call i64 @fib(i64 %a)
  %fb = call i64 @fib(i64 %b)
  %s = add i64 %fa, %fb
  ret i64 %s
}
)",
                                                  "fib_rest"))));
  X86Device Device(*L);
  auto *Fib = Device.function<int64_t(int64_t)>("fib");
  EXPECT_EQ(Fib(20), 6765);
  EXPECT_EQ(Fib(1), 1);
  EXPECT_EQ(Device.Loaded, 2u);
  logSize("x86_64", build(*L, "fib"));
  logSize("x86_64", build(*L, "fib_rest"));
}

TEST(X86Images, DataTablesSwitchesHelpersAndLibgcc) {
  auto L = makeLinker(kArchX86_64);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
@table = internal constant [5 x i64] [i64 10, i64 20, i64 30, i64 40, i64 50]
@names = internal constant [2 x ptr] [ptr @one, ptr @two]
@one = internal constant i64 111
@two = internal constant i64 222
@calls = internal global i64 0
define i64 @lookup(i64 %i) {
  %p = getelementptr [5 x i64], ptr @table, i64 0, i64 %i
  %v = load i64, ptr %p
  %c = load i64, ptr @calls
  %c1 = add i64 %c, 1
  store i64 %c1, ptr @calls
  %r = add i64 %v, %c1
  ret i64 %r
}
define i64 @named(i64 %i) {
  %p = getelementptr [2 x ptr], ptr @names, i64 0, i64 %i
  %q = load ptr, ptr %p
  %v = load i64, ptr %q
  ret i64 %v
}
define i64 @choose(i64 %i) {
  switch i64 %i, label %other [ i64 0, label %a
                                i64 1, label %b
                                i64 2, label %c
                                i64 3, label %d
                                i64 4, label %e ]
a: ret i64 7
b: ret i64 11
c: ret i64 13
d: ret i64 17
e: ret i64 19
other: ret i64 -1
}
define i64 @copysum(ptr %src, i64 %n) {
  %buf = alloca [64 x i8]
  call void @llvm.memcpy.p0.p0.i64(ptr %buf, ptr %src, i64 %n, i1 false)
  %p = getelementptr i8, ptr %buf, i64 63
  %v = load i8, ptr %p
  %w = zext i8 %v to i64
  ret i64 %w
}
define i128 @wide(i128 %a, i128 %b) {
  %q = sdiv i128 %a, %b
  ret i128 %q
}
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
)",
                                                  "mixed"))));
  X86Device Device(*L);
  auto *Lookup = Device.function<int64_t(int64_t)>("lookup");
  EXPECT_EQ(Lookup(2), 31);
  EXPECT_EQ(Lookup(4), 52); // the image's own counter persists
  EXPECT_EQ(Device.function<int64_t(int64_t)>("named")(1), 222);
  auto *Choose = Device.function<int64_t(int64_t)>("choose");
  EXPECT_EQ(Choose(0), 7);
  EXPECT_EQ(Choose(3), 17);
  EXPECT_EQ(Choose(9), -1);
  uint8_t Source[64];
  for (int I = 0; I < 64; ++I)
    Source[I] = uint8_t(I * 3);
  EXPECT_EQ(
      Device.function<int64_t(const uint8_t *, int64_t)>("copysum")(Source, 64),
      189);
  auto *Wide = Device.function<__int128(__int128, __int128)>("wide");
  const __int128 Big = (__int128(1) << 100) + 12345;
  EXPECT_TRUE(Wide(Big, 1000) == Big / 1000);
  for (const char *F : {"lookup", "choose", "copysum", "wide"})
    logSize("x86_64", build(*L, F));
}

TEST(X86Images, StaticFunctionsCalledThroughSectionSymbols) {
  auto L = makeLinker(kArchX86_64);
  addStaticHelpers(*L, kArchX86_64, "i64", 10);
  X86Device Device(*L);
  EXPECT_EQ(Device.function<int64_t(int64_t)>("user1")(3), 31);
  EXPECT_EQ(Device.function<int64_t(int64_t)>("user2")(3), 61);
}

TEST(X86Images, ALaterDefinitionReplacesTheFunctionInItsSlot) {
  auto L = makeLinker(kArchX86_64);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
define i64 @version() {
  ret i64 1
}
)",
                                                  "v1"))));
  const uint32_t Slot = cantFail(L->slotFor("version"));
  {
    X86Device Device(*L);
    EXPECT_EQ(Device.function<int64_t()>("version")(), 1);
  }
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, R"(
define i64 @version() {
  ret i64 2
}
)",
                                                  "v2"))));
  EXPECT_EQ(cantFail(L->slotFor("version")), Slot);
  X86Device Device(*L);
  EXPECT_EQ(Device.function<int64_t()>("version")(), 2);
}

TEST(X86Images, CorruptedImageIsRefusedByTheDevice) {
  auto L = makeLinker(kArchX86_64);
  ASSERT_FALSE(errorToBool(L->addObject(compileIr(kArchX86_64, kCaller))));
  Image I = build(*L, "caller");
  I.Bytes[kImageHeaderSize + 1] ^= 0x40;
  std::vector<uintptr_t> Slots(8, 0);
  std::vector<uint8_t> Block(4096);
  placeImage(I, Block.data());
  uintptr_t Entry = 0;
  const ImageCheck Check = loadImage(
      Block.data(), I.Bytes.size(), Block.size(), kArchX86_64,
      StubHook{&writeSlotStub, Slots.data(), uint32_t(Slots.size())}, &Entry);
  EXPECT_EQ(Check.Status, kImageBadCrc);
}

} // namespace
