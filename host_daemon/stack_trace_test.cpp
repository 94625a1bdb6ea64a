// Stack traces of real compiled Julia: the lowerer and codegen make the
// object, the loader its images. On x86-64 the images run here, in this
// process, loaded by the device's own image loader with the slot table and
// stubs the device uses; a throw is caught by a trampoline that records what
// the device's runtime records (return address, caller's sp, callee-saved
// registers, the stack's bytes). On thumbv7m, where nothing here can run
// the code, the stack is built call by call from the object's relocations
// (the call sites) and its CFI rows (where each frame saves what).
#include "stack_trace.h"

#include "compiler/codegen.h"
#include "compiler/frontend/parser.h"
#include "device_runtime/image_loader.h"
#include "device_runtime/runtime_slots.h"

#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDebugFrame.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

#include <csetjmp>
#include <cstring>
#include <map>
#include <sys/mman.h>

using namespace llvm;

namespace jlremote::host {
namespace {

// g is inlined into f, which throws (v[4] of 3 elements) from g's line.
// Integers only: no helper library (libgcc's __aeabi_dadd) needed.
constexpr const char *kInlined = R"(@inline function g(v::Vector{Int}, i)
    return v[i] * 2
end
@noinline function f(v::Vector{Int}, n)
    s = 0
    for i in 1:n
        s += g(v, i)
    end
    return s
end
v = [1, 2, 3]
println(f(v, 4))
)";

// Four frames of h, three of them alike: Julia prints those once. The
// index comes from the data and the recursion is no accumulation, so that
// LLVM can neither see the throw coming nor make the recursion a loop.
constexpr const char *kRecursive = R"(@noinline function h(v::Vector{Int}, k)
    if k == 0
        return v[v[1]]
    end
    return v[k] - h(v, k - 1)
end
v = [5, 2, 3]
println(h(v, 3))
)";

// The 1-based line of the first line of Source containing Text.
uint32_t lineOf(StringRef Source, StringRef Text) {
  const size_t At = Source.find(Text);
  EXPECT_NE(At, StringRef::npos) << Text.str();
  return uint32_t(Source.take_front(At).count('\n') + 1);
}

struct Compiled {
  std::unique_ptr<LLVMContext> Context = std::make_unique<LLVMContext>();
  lower::LoweredModule Lowered;
  std::string IntName;
  std::unique_ptr<MemoryBuffer> Object;
};

Compiled compile(StringRef Text, uint8_t Arch) {
  Compiled C;
  auto Spec = compiler::targetForArch(Arch);
  EXPECT_TRUE(bool(Spec));
  const frontend::Source Src("script.jl", Text.str());
  frontend::Diagnostics Diags(Src);
  frontend::BlockPtr Tree = frontend::parseFile(Src, Diags);
  lower::ModuleBuilder Builder(*Tree, *Spec, *C.Context, Diags);
  C.IntName = lower::typeName(Builder.intType());
  C.Lowered = Builder.build();
  EXPECT_FALSE(Diags.hasErrors()) << Diags.renderAll();
  auto Object =
      compiler::emitObject(*C.Lowered.Module, *Spec, compiler::OptLevel::O2);
  EXPECT_TRUE(bool(Object)) << toString(Object.takeError());
  C.Object = std::move(*Object);
  return C;
}

std::unique_ptr<loader::Linker> link(const Compiled &C, uint8_t Arch) {
  auto Linker = loader::Linker::create(Arch, {});
  EXPECT_TRUE(bool(Linker)) << toString(Linker.takeError());
  EXPECT_FALSE(bool((*Linker)->addObject(
      MemoryBuffer::getMemBufferCopy(C.Object->getBuffer(), "script.o"))));
  return std::move(*Linker);
}

std::vector<StackFrame> symbolize(const Compiled &C, const DeviceStack &Stack,
                                  loader::Linker &Code) {
  auto Symbolizer = StackSymbolizer::create(
      Stack.Arch, C.Object->getMemBufferRef(), C.Lowered.Specializations);
  EXPECT_TRUE(bool(Symbolizer)) << toString(Symbolizer.takeError());
  auto Frames = (*Symbolizer)->frames(Stack, PcKind::ReturnAddress, Code);
  EXPECT_TRUE(bool(Frames)) << toString(Frames.takeError());
  return std::move(*Frames);
}

// What a trace of kInlined must say.
void expectInlinedTrace(const std::vector<StackFrame> &Frames,
                        const std::string &IntName) {
  const std::string Want = "Stacktrace:\n"
                           " [1] g\n"
                           "   @ script.jl:" +
                           std::to_string(lineOf(kInlined, "v[i] * 2")) +
                           " [inlined]\n"
                           " [2] f(v::Vector{" +
                           IntName + "}, n::" + IntName +
                           ")\n"
                           "   @ Main script.jl:" +
                           std::to_string(lineOf(kInlined, "g(v, i)")) +
                           "\n"
                           " [3] top-level scope\n"
                           "   @ script.jl:" +
                           std::to_string(lineOf(kInlined, "f(v, 4)")) + "\n";
  EXPECT_EQ(renderStackTrace(Frames), Want);
}

void expectRecursiveTrace(const std::vector<StackFrame> &Frames,
                          const std::string &IntName) {
  ASSERT_EQ(Frames.size(), 5u) << renderStackTrace(Frames);
  const std::string H = "h(v::Vector{" + IntName + "}, k::" + IntName + ")";
  const std::string Want =
      "Stacktrace:\n"
      " [1] " +
      H +
      "\n   @ Main script.jl:" + std::to_string(lineOf(kRecursive, "v[v[1]]")) +
      "\n [2] " + H + " (repeats 3 times)\n   @ Main script.jl:" +
      std::to_string(lineOf(kRecursive, "h(v, k - 1)")) +
      "\n [3] top-level scope\n   @ script.jl:" +
      std::to_string(lineOf(kRecursive, "h(v, 3)")) + "\n";
  EXPECT_EQ(renderStackTrace(Frames), Want);
}

// ---------------------------------------------------------------------------
// x86-64: the images run in this process.

#if defined(__x86_64__)

extern "C" {
// rbx rbp r12 r13 r14 r15, then the return address and the caller's sp.
__attribute__((visibility("hidden"))) uint64_t StackTraceTestCapture[8];
[[noreturn]] void stackTraceTestThrow();
[[noreturn]] __attribute__((visibility("hidden"))) void stackTraceTestThrown();
}

// jlremote_throw's slot: records the thrower's registers as they are at its
// call, then leaves for C++ on an aligned stack.
asm(R"(
  .text
  .globl stackTraceTestThrow
  .hidden stackTraceTestThrow
  .type stackTraceTestThrow,@function
stackTraceTestThrow:
  movq %rbx, StackTraceTestCapture+0(%rip)
  movq %rbp, StackTraceTestCapture+8(%rip)
  movq %r12, StackTraceTestCapture+16(%rip)
  movq %r13, StackTraceTestCapture+24(%rip)
  movq %r14, StackTraceTestCapture+32(%rip)
  movq %r15, StackTraceTestCapture+40(%rip)
  movq (%rsp), %rax
  movq %rax, StackTraceTestCapture+48(%rip)
  leaq 8(%rsp), %rax
  movq %rax, StackTraceTestCapture+56(%rip)
  andq $-16, %rsp
  call stackTraceTestThrown
  ud2
)");

std::jmp_buf ThrowJump;
uint64_t StackTop = 0;
std::vector<uint8_t> ThrownMemory;

void stackTraceTestThrown() {
  const uint64_t Sp = StackTraceTestCapture[7];
  ThrownMemory.assign(reinterpret_cast<const uint8_t *>(Sp),
                      reinterpret_cast<const uint8_t *>(StackTop));
  std::longjmp(ThrowJump, 1);
}

alignas(16) uint8_t Heap[1 << 16];
size_t HeapUsed = 0;
void *hostAlloc(size_t Size) {
  void *P = Heap + HeapUsed;
  HeapUsed += (Size + 15) & ~size_t(15);
  return HeapUsed <= sizeof Heap ? P : nullptr;
}
void hostPrint(uint32_t, const void *, size_t) {}

// Runs Entry with the stack's top (the frame above Entry's) recorded; true
// when it threw.
__attribute__((noinline)) bool runEntry(void (*Entry)()) {
  StackTop = reinterpret_cast<uint64_t>(__builtin_frame_address(0)) + 16;
  if (setjmp(ThrowJump))
    return true;
  Entry();
  return false;
}

// The device's side of loading, in memory of this process: images placed
// as the runtime places them, every slot they reach loaded first.
class HostDevice {
public:
  explicit HostDevice(loader::Linker &Code) : Code(Code) {
    Memory = static_cast<uint8_t *>(mmap(nullptr, kMemory,
                                         PROT_READ | PROT_WRITE | PROT_EXEC,
                                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    EXPECT_NE(Memory, MAP_FAILED);
    Slots[kSlotPrint] = reinterpret_cast<uintptr_t>(&hostPrint);
    Slots[kSlotAlloc] = reinterpret_cast<uintptr_t>(&hostAlloc);
    Slots[kSlotThrow] = reinterpret_cast<uintptr_t>(&stackTraceTestThrow);
  }
  ~HostDevice() { munmap(Memory, kMemory); }

  uintptr_t load(uint32_t Slot) {
    if (Slots[Slot])
      return Slots[Slot];
    auto Image = Code.buildImage(Slot);
    EXPECT_TRUE(bool(Image)) << toString(Image.takeError());
    const std::vector<uint8_t> &B = Image->Bytes;
    const uint16_t CodeSize = support::endian::read16le(&B[4]);
    const uint16_t BssSize = support::endian::read16le(&B[6]);
    const uint16_t Relocs = support::endian::read16le(&B[8]);
    const size_t Block = imageBlockSize(CodeSize, BssSize, Relocs);
    // The code base (16 bytes in) aligned as the device aligns it.
    Used = (Used + kImageHeaderSize + 15) / 16 * 16 - kImageHeaderSize;
    uint8_t *At = Memory + Used;
    Used += Block;
    EXPECT_LE(Used, kMemory);
    std::memcpy(At, B.data(), kImageHeaderSize + CodeSize);
    std::memcpy(At + kImageHeaderSize + CodeSize + BssSize,
                B.data() + kImageHeaderSize + CodeSize, Relocs * kRelocSize);
    uintptr_t Entry = 0;
    const StubHook Hook{&writeSlotStub, Slots, kSlots};
    const ImageCheck Check =
        loadImage(At, B.size(), Block, kArchX86_64, Hook, &Entry);
    EXPECT_EQ(Check.Status, kImageOk) << Check.Value;
    Slots[Slot] = Entry;
    for (const auto &[Export, Offset] : Image->Exports)
      Slots[Export] =
          reinterpret_cast<uintptr_t>(At + kImageHeaderSize) + Offset;
    for (uint16_t K = 0; K < Relocs; ++K) {
      const uint32_t R = support::endian::read32le(B.data() + kImageHeaderSize +
                                                   CodeSize + K * kRelocSize);
      const uint32_t Target = R >> 16;
      if (Target != kRelocBase && Target >= runtimeSlotCount(kArchX86_64))
        load(Target);
    }
    return Entry;
  }

  std::vector<std::pair<uint32_t, uint64_t>> placements() const {
    std::vector<std::pair<uint32_t, uint64_t>> P;
    for (uint32_t S = 0; S < kSlots; ++S)
      if (Slots[S])
        P.emplace_back(S, Slots[S]);
    return P;
  }

private:
  static constexpr size_t kMemory = 1 << 16;
  static constexpr uint32_t kSlots = 256;
  loader::Linker &Code;
  uint8_t *Memory = nullptr;
  size_t Used = 0;
  uintptr_t Slots[kSlots] = {};
};

// Compiles Text for x86-64, runs its top level here until it throws, and
// returns the frames of the stack it threw from.
std::vector<StackFrame> runAndUnwind(const Compiled &C) {
  auto Code = link(C, kArchX86_64);
  HostDevice Device(*Code);
  auto Slot = Code->slotFor("julia_toplevel");
  EXPECT_TRUE(bool(Slot));
  auto Entry = reinterpret_cast<void (*)()>(Device.load(*Slot));
  EXPECT_TRUE(runEntry(Entry)) << "the program did not throw";
  DeviceStack Stack{kArchX86_64,
                    StackTraceTestCapture[6],
                    StackTraceTestCapture[7],
                    {StackTraceTestCapture, StackTraceTestCapture + 6},
                    ThrownMemory,
                    Device.placements()};
  return symbolize(C, Stack, *Code);
}

TEST(StackTraceX86_64, InlinedFrameOfARealThrow) {
  Compiled C = compile(kInlined, kArchX86_64);
  std::vector<StackFrame> Frames = runAndUnwind(C);
  expectInlinedTrace(Frames, C.IntName);
}

TEST(StackTraceX86_64, RecursionOfARealThrow) {
  Compiled C = compile(kRecursive, kArchX86_64);
  std::vector<StackFrame> Frames = runAndUnwind(C);
  expectRecursiveTrace(Frames, C.IntName);
  // Each of h's frames was found at its own place on the stack: the pcs of
  // the recursive calls are one call site.
  ASSERT_EQ(Frames.size(), 5u);
  EXPECT_EQ(Frames[1].Pc, Frames[2].Pc);
  EXPECT_EQ(Frames[2].Pc, Frames[3].Pc);
  EXPECT_NE(Frames[0].Pc, Frames[1].Pc);
}

#endif

// ---------------------------------------------------------------------------
// thumbv7m: the stack built from the object's call sites and CFI rows.

// The object's view for building stacks: function sections, call sites,
// the CFI row at an offset.
class ThumbObject {
public:
  explicit ThumbObject(const MemoryBuffer &Buffer) {
    auto Obj = object::ObjectFile::createObjectFile(Buffer.getMemBufferRef());
    EXPECT_TRUE(bool(Obj));
    Object = std::move(*Obj);
    Dwarf = DWARFContext::create(*Object);
    std::map<uint64_t, uint64_t> FdeSection; // FDE offset + 8 -> section
    for (const object::SectionRef &S : Object->sections()) {
      auto Target = S.getRelocatedSection();
      if (!Target || *Target == Object->section_end())
        continue;
      const uint64_t TargetIndex = (*Target)->getIndex();
      const bool Frames = cantFail((*Target)->getName()) == ".debug_frame";
      for (const object::RelocationRef &R : S.relocations()) {
        auto Sym = R.getSymbol();
        auto In = cantFail(Sym->getSection());
        if (Frames && In != Object->section_end())
          FdeSection[R.getOffset()] = In->getIndex();
        else if (!Frames)
          Calls[{TargetIndex, In != Object->section_end()
                                  ? "section " + std::to_string(In->getIndex())
                                  : cantFail(Sym->getName()).str()}] =
              R.getOffset();
      }
    }
    const DWARFDebugFrame *Frames = cantFail(Dwarf->getDebugFrame());
    for (const dwarf::FrameEntry &E : *Frames)
      if (auto *Fde = dyn_cast<dwarf::FDE>(&E))
        Fdes[FdeSection.at(Fde->getOffset() + 8)] = Fde;
  }

  uint64_t section(StringRef Function) const {
    for (const object::SymbolRef &S : Object->symbols())
      if (cantFail(S.getName()) == Function)
        return cantFail(S.getSection())->getIndex();
    ADD_FAILURE() << "no symbol " << Function.str();
    return 0;
  }
  // The offset of the call from Caller to Callee (its BL: 4 bytes). Calls
  // of defined functions name local aliases: they are keyed by section; a
  // function's call of itself has no relocation: its BL is decoded.
  uint64_t call(StringRef Caller, StringRef Callee) const {
    if (Caller == Callee)
      return selfCall(Caller);
    const bool Defined = Callee.starts_with("julia_");
    auto It = Calls.find(
        {section(Caller), Defined ? "section " + std::to_string(section(Callee))
                                  : Callee.str()});
    EXPECT_NE(It, Calls.end()) << Caller.str() << " -> " << Callee.str();
    return It == Calls.end() ? 0 : It->second;
  }
  // The BL (T1 encoding) in Function whose target is Function's start.
  uint64_t selfCall(StringRef Function) const {
    const uint64_t Index = section(Function);
    for (const object::SectionRef &S : Object->sections()) {
      if (S.getIndex() != Index)
        continue;
      const StringRef Code = cantFail(S.getContents());
      for (uint64_t At = 0; At + 4 <= Code.size(); At += 2) {
        const uint32_t Hi = support::endian::read16le(Code.data() + At);
        const uint32_t Lo = support::endian::read16le(Code.data() + At + 2);
        if ((Hi & 0xF800) != 0xF000 || (Lo & 0xD000) != 0xD000)
          continue;
        const uint32_t S1 = (Hi >> 10) & 1;
        const uint32_t I1 = !(((Lo >> 13) & 1) ^ S1);
        const uint32_t I2 = !(((Lo >> 11) & 1) ^ S1);
        const int32_t Imm = int32_t((S1 << 24 | I1 << 23 | I2 << 22 |
                                     (Hi & 0x3FF) << 12 | (Lo & 0x7FF) << 1)
                                    << 7) >>
                            7;
        if (int64_t(At) + 4 + Imm == 0)
          return At;
      }
    }
    ADD_FAILURE() << "no call of itself in " << Function.str();
    return 0;
  }
  // The CFI row covering Offset of Function.
  dwarf::UnwindRow row(StringRef Function, uint64_t Offset) const {
    const dwarf::FDE *Fde = Fdes.at(section(Function));
    dwarf::UnwindTable Table = cantFail(dwarf::UnwindTable::create(Fde));
    dwarf::UnwindRow Found;
    for (const dwarf::UnwindRow &R : Table)
      if (R.getAddress() <= Fde->getInitialLocation() + Offset)
        Found = R;
    return Found;
  }

private:
  std::unique_ptr<object::ObjectFile> Object;
  std::unique_ptr<DWARFContext> Dwarf;
  std::map<std::pair<uint64_t, std::string>, uint64_t> Calls;
  std::map<uint64_t, const dwarf::FDE *> Fdes;
};

// Places every image at made-up addresses and builds the stack of the call
// chain Chain (outermost first; the last one calls jlremote_throw) as the
// functions' prologues left it.
DeviceStack emulate(const Compiled &C, loader::Linker &Code,
                    const std::vector<std::string> &Chain) {
  const ThumbObject Obj(*C.Object);
  DeviceStack Stack;
  Stack.Arch = kArchThumbV7M;
  std::map<std::string, uint64_t> Base;
  uint64_t Next = 0x20001000;
  for (const std::string &Name : Chain) {
    if (Base.count(Name))
      continue;
    const uint32_t Slot = cantFail(Code.slotFor(Name));
    auto Image = cantFail(Code.buildImage(Slot));
    Base[Name] = Next;
    Stack.Placements.emplace_back(
        Slot, Next + support::endian::read16le(&Image.Bytes[10]));
    Next += Image.Bytes.size() + 16;
  }
  // Return addresses, innermost first: each function's call of the next.
  std::vector<uint64_t> Returns;
  for (size_t K = Chain.size(); K-- > 0;) {
    const std::string Callee =
        K + 1 < Chain.size() ? Chain[K + 1] : "jlremote_throw";
    Returns.push_back(Base[Chain[K]] + Obj.call(Chain[K], Callee) + 4 + 1);
  }
  constexpr uint64_t kRuntimeReturn = 0x00000401; // the runtime's runCall
  Returns.push_back(kRuntimeReturn);

  // Registers of the innermost frame; each frame's saves get new values.
  std::map<uint32_t, uint64_t> Regs;
  for (uint32_t R = 4; R <= 11; ++R)
    Regs[R] = 0xA0000000 + R;
  for (uint32_t R = 4; R <= 11; ++R)
    Stack.Registers.push_back(Regs[R]);
  Stack.Registers.push_back(Returns[0]); // lr at the call: its return
  Stack.Pc = Returns[0];
  Stack.Sp = 0x20007000;
  std::map<uint64_t, uint32_t> Words;
  uint64_t Sp = Stack.Sp;
  for (size_t K = 0; K + 1 < Returns.size(); ++K) {
    const std::string &Fn = Chain[Chain.size() - 1 - K];
    const dwarf::UnwindRow Row = Obj.row(Fn, Returns[K] - 1 - Base[Fn]);
    EXPECT_EQ(Row.getCFAValue().getRegister(), 13u) << Fn; // sp-based
    const uint64_t Cfa = Sp + Row.getCFAValue().getOffset();
    for (uint32_t R = 4; R <= 14; ++R) {
      auto Rule = Row.getRegisterLocations().getRegisterLocation(R);
      if (!Rule)
        continue;
      EXPECT_EQ(Rule->getLocation(), dwarf::UnwindLocation::CFAPlusOffset);
      const uint64_t Caller =
          R == 14 ? Returns[K + 1] : (Regs[R] = 0xB0000000 + K * 16 + R);
      Words[Cfa + Rule->getOffset()] = uint32_t(Caller);
    }
    Sp = Cfa;
  }
  Stack.Memory.assign(Sp - Stack.Sp, 0);
  for (const auto &[Address, Value] : Words)
    support::endian::write32le(&Stack.Memory[Address - Stack.Sp], Value);
  return Stack;
}

TEST(StackTraceThumbV7M, InlinedFrameFromCfiRows) {
  Compiled C = compile(kInlined, kArchThumbV7M);
  auto Code = link(C, kArchThumbV7M);
  const std::string F =
      "julia_f_Vector{" + C.IntName + "}_" + C.IntName; // the lowerer's
  DeviceStack Stack = emulate(C, *Code, {"julia_toplevel", F});
  expectInlinedTrace(symbolize(C, Stack, *Code), C.IntName);
}

TEST(StackTraceThumbV7M, RecursionFromCfiRows) {
  Compiled C = compile(kRecursive, kArchThumbV7M);
  auto Code = link(C, kArchThumbV7M);
  const std::string H = "julia_h_Vector{" + C.IntName + "}_" + C.IntName;
  DeviceStack Stack = emulate(C, *Code, {"julia_toplevel", H, H, H, H});
  expectRecursiveTrace(symbolize(C, Stack, *Code), C.IntName);
}

// The stack's bytes end before the top level: the frames found so far.
TEST(StackTraceThumbV7M, EndOfMemoryEndsTheTrace) {
  Compiled C = compile(kRecursive, kArchThumbV7M);
  auto Code = link(C, kArchThumbV7M);
  const std::string H = "julia_h_Vector{" + C.IntName + "}_" + C.IntName;
  DeviceStack Stack = emulate(C, *Code, {"julia_toplevel", H, H, H, H});
  const size_t Whole = symbolize(C, Stack, *Code).size();
  Stack.Memory.resize(Stack.Memory.size() / 2);
  const size_t Cut = symbolize(C, Stack, *Code).size();
  EXPECT_GE(Cut, 1u);
  EXPECT_LT(Cut, Whole);
}

TEST(StackTraceRender, IndexPaddingFromTenFrames) {
  std::vector<StackFrame> Frames;
  for (uint32_t K = 0; K < 10; ++K)
    Frames.push_back(
        {"f" + std::to_string(K) + "()", "Main", "s.jl", K + 1, false, 0});
  const std::string Text = renderStackTrace(Frames);
  EXPECT_NE(Text.find("\n  [1] f0()\n    @ Main s.jl:1\n"), std::string::npos)
      << Text;
  EXPECT_NE(Text.find("\n [10] f9()\n    @ Main s.jl:10\n"), std::string::npos)
      << Text;
}

} // namespace
} // namespace jlremote::host
