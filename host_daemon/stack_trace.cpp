#include "stack_trace.h"

#include "device_runtime/image_format.h"
#include "device_runtime/runtime_slots.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDebugFrame.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatAdapters.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>
#include <iterator>
#include <map>
#include <optional>

using namespace llvm;

namespace jlremote::host {

namespace {

constexpr const char *kTopLevelSymbol = "julia_toplevel";

bool isArm(uint8_t Arch) { return Arch != kArchX86_64; }

// DWARF register numbers of the stack pointer and of DeviceStack::Registers
// (AAPCS and the System V psABI number them so).
constexpr uint32_t kArmSp = 13;
constexpr uint32_t kArmRegisters[] = {4, 5, 6, 7, 8, 9, 10, 11, 14};
constexpr uint32_t kX86Sp = 7;
constexpr uint32_t kX86Registers[] = {3, 6, 12, 13, 14, 15};
// Registers a rule may name: r0-r15; rax-r15 and the return address.
constexpr uint32_t kMaxDwarfRegister = 17;

// "f(v::Vector{Float64}, ::Int64)", as Julia prints a method instance.
std::string signature(const lower::Specialization &S) {
  std::string Text = S.Method + "(";
  for (size_t K = 0; K < S.ArgTypes.size(); ++K) {
    if (K)
      Text += ", ";
    if (K < S.ArgNames.size())
      Text += S.ArgNames[K];
    Text += "::" + lower::typeName(S.ArgTypes[K]);
  }
  return Text + ")";
}

// One image as the device placed it: its code from Base to Base + Size,
// the unit's section at its start (loader/linker.cpp lays it out first).
// How the linker names a local symbol's image: "f (static, file.o#2)".
constexpr const char *kStaticMark = " (static, ";

// The specialization an image's code comes from: its name without the
// linker's local-symbol mark and without the suffixes of LLVM's clones
// (function specialization, constant propagation), which keep the
// specialization's arguments and source.
StringRef sourceSymbol(StringRef ImageName) {
  StringRef Name = ImageName.split(kStaticMark).first;
  for (;;) {
    auto [Stem, Number] = Name.rsplit('.');
    if (Number.empty() || !llvm::all_of(Number, isDigit))
      return Name;
    auto [Base, Clone] = Stem.rsplit('.');
    if (!llvm::is_contained({"specialized", "constprop", "llvm"}, Clone))
      return Name;
    Name = Base;
  }
}

struct PlacedImage {
  uint64_t Base = 0, Size = 0;
  std::string Name; // the main entry's symbol
  // (code offset, symbol) of every entry point, for helper images.
  std::vector<std::pair<uint64_t, std::string>> Entries;
};

} // namespace

struct StackSymbolizer::Impl {
  uint8_t Arch;
  // The object with its code sections at distinct addresses (see create).
  std::unique_ptr<MemoryBuffer> Laid;
  std::unique_ptr<object::ObjectFile> Object;
  std::unique_ptr<DWARFContext> Dwarf;
  StringMap<std::string> Signatures; // symbol -> `f(x::Int64)`
  // Defined function symbols: name -> address in the laid-out object and
  // section index (the line table is looked up by both).
  StringMap<object::SectionedAddress> Functions;
  // Frame descriptions by the address they start at.
  std::map<uint64_t, const dwarf::FDE *> Fdes;

  std::optional<PlacedImage> image(loader::Linker &Code, uint32_t Slot,
                                   uint64_t Address) const;
};

// The image of the slot, placed so that its entry lies at Address; none
// for the runtime's slots or a slot the linker cannot build any more.
std::optional<PlacedImage>
StackSymbolizer::Impl::image(loader::Linker &Code, uint32_t Slot,
                             uint64_t Address) const {
  if (Slot < runtimeSlotCount(Arch))
    return std::nullopt;
  Expected<loader::Image> Built = Code.buildImage(Slot);
  if (!Built) {
    consumeError(Built.takeError());
    return std::nullopt;
  }
  const uint8_t *Header = Built->Bytes.data();
  const uint64_t EntryBit = isArm(Arch) ? 1 : 0;
  const uint64_t Entry = support::endian::read16le(Header + 10) & ~EntryBit;
  PlacedImage P;
  P.Base = (Address & ~EntryBit) - Entry;
  P.Size = support::endian::read16le(Header + 4);
  P.Name = Built->Name;
  P.Entries.emplace_back(Entry, Built->Name);
  for (const auto &[ExportSlot, Offset] : Built->Exports)
    P.Entries.emplace_back(Offset & ~EntryBit, Code.symbolOf(ExportSlot).str());
  return P;
}

StackSymbolizer::StackSymbolizer(std::unique_ptr<Impl> P) : P(std::move(P)) {}
StackSymbolizer::~StackSymbolizer() = default;

namespace {

// A relocatable object has every section at address 0, and LLVM's lookup of
// inlined subroutines, unlike its line table, ignores which section an
// address is in. A copy with each code section at its own address (ELF
// relocations then resolve to those addresses) makes every address unique.
// Only code moves: .eh_frame's PC-relative entries resolve right only at 0.
Expected<std::unique_ptr<MemoryBuffer>> layOut(MemoryBufferRef Object,
                                               bool Is64) {
  std::unique_ptr<WritableMemoryBuffer> Copy =
      WritableMemoryBuffer::getNewUninitMemBuffer(Object.getBufferSize(),
                                                  Object.getBufferIdentifier());
  std::memcpy(Copy->getBufferStart(), Object.getBufferStart(),
              Object.getBufferSize());
  uint8_t *Bytes = reinterpret_cast<uint8_t *>(Copy->getBufferStart());
  const size_t Size = Copy->getBufferSize();
  using namespace support::endian;
  if (Size < (Is64 ? 64u : 52u))
    return createStringError("object %s: truncated ELF header",
                             Object.getBufferIdentifier().str().c_str());
  const uint64_t ShOff = Is64 ? read64le(Bytes + 40) : read32le(Bytes + 32);
  const uint16_t ShEntSize = read16le(Bytes + (Is64 ? 58 : 46));
  const uint16_t ShNum = read16le(Bytes + (Is64 ? 60 : 48));
  const uint64_t FlagsAt = 8, AddrAt = Is64 ? 16 : 12, SizeAt = Is64 ? 32 : 20;
  if (ShOff > Size || uint64_t(ShNum) * ShEntSize > Size - ShOff ||
      ShEntSize < (Is64 ? 64u : 40u))
    return createStringError("object %s: section headers outside the file",
                             Object.getBufferIdentifier().str().c_str());
  uint64_t Next = 0x10000;
  for (uint16_t K = 0; K < ShNum; ++K) {
    uint8_t *Header = Bytes + ShOff + uint64_t(K) * ShEntSize;
    const uint64_t Flags =
        Is64 ? read64le(Header + FlagsAt) : read32le(Header + FlagsAt);
    if (!(Flags & ELF::SHF_EXECINSTR))
      continue;
    const uint64_t SectionSize =
        Is64 ? read64le(Header + SizeAt) : read32le(Header + SizeAt);
    if (Is64)
      write64le(Header + AddrAt, Next);
    else
      write32le(Header + AddrAt, uint32_t(Next));
    Next += alignTo(SectionSize, 16) + 16;
  }
  return std::unique_ptr<MemoryBuffer>(std::move(Copy));
}

} // namespace

Expected<std::unique_ptr<StackSymbolizer>>
StackSymbolizer::create(uint8_t Arch, MemoryBufferRef Object,
                        ArrayRef<lower::Specialization> Specs) {
  auto I = std::make_unique<Impl>();
  I->Arch = Arch;
  auto Laid = layOut(Object, !isArm(Arch));
  if (!Laid)
    return Laid.takeError();
  I->Laid = std::move(*Laid);
  auto Obj = object::ObjectFile::createObjectFile(I->Laid->getMemBufferRef());
  if (!Obj)
    return Obj.takeError();
  I->Object = std::move(*Obj);
  I->Dwarf = DWARFContext::create(*I->Object);
  for (const lower::Specialization &S : Specs)
    I->Signatures[S.Symbol] = signature(S);
  I->Signatures[kTopLevelSymbol] = "top-level scope";

  for (const object::SymbolRef &Sym : I->Object->symbols()) {
    Expected<object::SymbolRef::Type> Type = Sym.getType();
    Expected<StringRef> Name = Sym.getName();
    Expected<uint64_t> Address = Sym.getAddress(); // Thumb bit cleared
    Expected<object::section_iterator> Section = Sym.getSection();
    if (!Type || !Name || !Address || !Section)
      return joinErrors(joinErrors(Type.takeError(), Name.takeError()),
                        joinErrors(Address.takeError(), Section.takeError()));
    if (*Type == object::SymbolRef::ST_Function &&
        *Section != I->Object->section_end())
      I->Functions[*Name] = {*Address, (*Section)->getIndex()};
  }

  for (bool Eh : {false, true}) {
    Expected<const DWARFDebugFrame *> Frames =
        Eh ? I->Dwarf->getEHFrame() : I->Dwarf->getDebugFrame();
    if (!Frames)
      return Frames.takeError();
    for (const dwarf::FrameEntry &Entry : **Frames)
      if (const auto *Fde = dyn_cast<dwarf::FDE>(&Entry))
        I->Fdes[Fde->getInitialLocation()] = Fde;
  }
  return std::unique_ptr<StackSymbolizer>(new StackSymbolizer(std::move(I)));
}

Expected<std::vector<StackFrame>>
StackSymbolizer::frames(const DeviceStack &Stack, PcKind Kind,
                        loader::Linker &Code) const {
  const bool Arm = isArm(P->Arch);
  const uint64_t Word = Arm ? 4 : 8;
  const uint64_t EntryBit = Arm ? 1 : 0;

  std::vector<PlacedImage> Images;
  for (const auto &[Slot, Address] : Stack.Placements)
    if (std::optional<PlacedImage> I = P->image(Code, Slot, Address))
      if (llvm::none_of(
              Images, [&](const PlacedImage &O) { return O.Base == I->Base; }))
        Images.push_back(std::move(*I));

  // The registers known in the current frame, by DWARF number.
  std::map<uint32_t, uint64_t> Regs;
  ArrayRef<uint32_t> Saved = Arm ? ArrayRef<uint32_t>(kArmRegisters)
                                 : ArrayRef<uint32_t>(kX86Registers);
  for (size_t K = 0; K < Saved.size() && K < Stack.Registers.size(); ++K)
    Regs[Saved[K]] = Stack.Registers[K];
  const uint32_t SpReg = Arm ? kArmSp : kX86Sp;
  Regs[SpReg] = Stack.Sp;
  auto Read = [&](uint64_t Address) -> std::optional<uint64_t> {
    if (Address < Stack.Sp || Address - Stack.Sp + Word > Stack.Memory.size())
      return std::nullopt;
    const uint8_t *At = Stack.Memory.data() + (Address - Stack.Sp);
    return Arm ? support::endian::read32le(At) : support::endian::read64le(At);
  };

  std::vector<StackFrame> Frames;
  uint64_t Pc = Stack.Pc & ~EntryBit;
  bool ReturnAddress = Kind == PcKind::ReturnAddress;
  // Each round: one physical frame (a call in progress), then its caller.
  // The bound only guards against a cycle in corrupt memory.
  for (size_t Depth = 0; Depth < Stack.Memory.size() / Word + 1; ++Depth) {
    // A return address follows its call: look the call itself up.
    const uint64_t Lookup = ReturnAddress ? Pc - 1 : Pc;
    const PlacedImage *In = nullptr;
    for (const PlacedImage &I : Images)
      if (Lookup >= I.Base && Lookup < I.Base + I.Size)
        In = &I;
    if (!In)
      break;
    const uint64_t Offset = Lookup - In->Base;
    const StringRef Symbol = sourceSymbol(In->Name);
    auto Fn = P->Functions.find(In->Name);
    if (Fn == P->Functions.end())
      Fn = P->Functions.find(StringRef(In->Name).split(kStaticMark).first);
    if (Fn == P->Functions.end()) {
      // A helper library's code: its nearest entry point, no location.
      const std::pair<uint64_t, std::string> *Best = nullptr;
      for (const auto &E : In->Entries)
        if (E.first <= Offset && (!Best || E.first > Best->first))
          Best = &E;
      Frames.push_back({Best ? Best->second : In->Name, "", "", 0, false, Pc});
      break;
    }
    // In the laid-out object: the unit's section, entry Entries[0] in.
    const uint64_t Address = Fn->second.Address - In->Entries[0].first + Offset;

    const DILineInfoSpecifier Spec(
        DILineInfoSpecifier::FileLineInfoKind::RawValue,
        DILineInfoSpecifier::FunctionNameKind::ShortName);
    const DIInliningInfo Inlined = P->Dwarf->getInliningInfoForAddress(
        {Address, Fn->second.SectionIndex}, Spec);
    const uint32_t Count = Inlined.getNumberOfFrames();
    for (uint32_t K = 0; K + 1 < Count; ++K) {
      const DILineInfo &L = Inlined.getFrame(K);
      Frames.push_back({L.FunctionName, "", L.FileName, L.Line, true, Pc});
    }
    StackFrame Outer{In->Name, "", "", 0, false, Pc};
    if (auto Sig = P->Signatures.find(Symbol); Sig != P->Signatures.end()) {
      Outer.Function = Sig->second;
      Outer.Module = Symbol == kTopLevelSymbol ? "" : "Main";
    }
    if (Count) {
      Outer.File = Inlined.getFrame(Count - 1).FileName;
      Outer.Line = Inlined.getFrame(Count - 1).Line;
    }
    Frames.push_back(std::move(Outer));
    if (In->Name == kTopLevelSymbol)
      break;

    // The caller's registers, by the rule of the row covering the call.
    auto Fde = P->Fdes.upper_bound(Address);
    if (Fde == P->Fdes.begin())
      break;
    const dwarf::FDE &Frame = *std::prev(Fde)->second;
    if (Address >= Frame.getInitialLocation() + Frame.getAddressRange())
      break;
    Expected<dwarf::UnwindTable> Table = dwarf::UnwindTable::create(&Frame);
    if (!Table)
      return Table.takeError();
    const dwarf::UnwindRow *Row = nullptr;
    for (const dwarf::UnwindRow &R : *Table)
      if (R.hasAddress() && R.getAddress() <= Address)
        Row = &R;
    if (!Row)
      break;
    const dwarf::UnwindLocation &CfaRule = Row->getCFAValue();
    if (!(CfaRule == dwarf::UnwindLocation::createIsRegisterPlusOffset(
                         CfaRule.getRegister(), CfaRule.getOffset())) ||
        !Regs.count(CfaRule.getRegister()))
      break;
    const uint64_t Cfa = Regs[CfaRule.getRegister()] + CfaRule.getOffset();
    if (Cfa < Regs[SpReg]) // callers' frames lie above: corrupt otherwise
      break;
    std::map<uint32_t, uint64_t> Caller = Regs;
    bool Lost = false;
    for (uint32_t Reg = 0; Reg < kMaxDwarfRegister; ++Reg) {
      std::optional<dwarf::UnwindLocation> Rule =
          Row->getRegisterLocations().getRegisterLocation(Reg);
      if (!Rule)
        continue;
      switch (Rule->getLocation()) {
      case dwarf::UnwindLocation::Same:
        break;
      case dwarf::UnwindLocation::CFAPlusOffset:
        if (*Rule ==
            dwarf::UnwindLocation::createIsCFAPlusOffset(Rule->getOffset())) {
          Caller[Reg] = Cfa + Rule->getOffset();
        } else if (std::optional<uint64_t> V = Read(Cfa + Rule->getOffset())) {
          Caller[Reg] = *V;
        } else {
          Lost = true;
        }
        break;
      default: // not made by LLVM for these targets: unknown from here on
        Caller.erase(Reg);
        break;
      }
    }
    const uint32_t RaReg = Frame.getLinkedCIE()->getReturnAddressRegister();
    if (Lost || !Caller.count(RaReg))
      break;
    Caller[SpReg] = Cfa;
    Pc = Caller[RaReg] & ~EntryBit;
    Regs = std::move(Caller);
    ReturnAddress = true;
    if (Pc == 0)
      break;
  }
  return Frames;
}

std::string renderStackTrace(ArrayRef<StackFrame> Frames) {
  // Julia's process_backtrace: one entry for consecutive equal frames.
  std::vector<std::pair<const StackFrame *, unsigned>> Entries;
  for (const StackFrame &F : Frames) {
    if (!Entries.empty()) {
      const StackFrame &Last = *Entries.back().first;
      if (Last.Function == F.Function && Last.File == F.File &&
          Last.Line == F.Line && Last.Inlined == F.Inlined) {
        ++Entries.back().second;
        continue;
      }
    }
    Entries.push_back({&F, 1});
  }
  if (Entries.empty())
    return "";
  // Base.print_stackframe: the index right-aligned in ndigits + 2 columns,
  // the `@` line indented as far.
  const size_t Width = std::to_string(Entries.size()).size() + 2;
  std::string Text = "Stacktrace:\n";
  for (size_t K = 0; K < Entries.size(); ++K) {
    const auto &[F, Repeats] = Entries[K];
    Text += formatv(" {0} {1}",
                    fmt_align("[" + std::to_string(K + 1) + "]",
                              AlignStyle::Right, Width),
                    F->Function)
                .str();
    if (Repeats > 1)
      Text += formatv(" (repeats {0} times)", Repeats).str();
    Text += "\n" + std::string(Width, ' ') + "@";
    if (!F->Module.empty())
      Text += " " + F->Module;
    if (!F->File.empty())
      Text += formatv(" {0}:{1}", F->File, F->Line).str();
    if (F->Inlined)
      Text += " [inlined]";
    Text += "\n";
  }
  return Text;
}

} // namespace jlremote::host
