// The generic core: symbol tables and slots, then per image: collect the
// unit and what it references, lay it out, apply relocations, reserve the
// import stubs in the bss (the device writes them).
// Everything arch-specific is behind `Arch` (arch.h).
#include "linker.h"

#include "arch.h"
#include "image_writer.h"
#include "input.h"

#include "device_runtime/image_format.h"
#include "device_runtime/runtime_slots.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/Archive.h"
#include "llvm/Support/MathExtras.h"

#include <map>
#include <set>

using namespace llvm;

namespace jlremote::loader {

namespace {

struct SymbolRef {
  InputFile *File = nullptr;
  uint32_t Index = 0;
  const InputSymbol &sym() const { return File->Symbols[Index]; }
  bool operator==(const SymbolRef &O) const {
    return File == O.File && Index == O.Index;
  }
};

struct HelperLibrary {
  std::string Path;
  std::unique_ptr<MemoryBuffer> Buffer;
  std::unique_ptr<object::Archive> Archive; // null for a plain object
  StringMap<SymbolRef> Defs;                // globals of the loaded members
  std::set<uint64_t> LoadedMembers;         // by offset in the archive
};

Error fail(const Twine &Message) { return createStringError(Message); }

// The function symbol starting at `Offset` of a section: a global one if
// there is one, else a local one.
std::optional<uint32_t> functionAt(const InputFile &File, uint16_t Section,
                                   uint64_t Offset, uint8_t EntryBit) {
  std::optional<uint32_t> Local;
  for (uint32_t I = 0; I < File.Symbols.size(); ++I) {
    const InputSymbol &S = File.Symbols[I];
    if (!S.isFunction() || S.Section != Section ||
        (S.Value & ~uint64_t(EntryBit)) != Offset)
      continue;
    if (S.isGlobal())
      return I;
    Local = Local.value_or(I);
  }
  return Local;
}

// A section of the image being built.
struct Placed {
  InputFile *File;
  uint16_t Section;
  uint64_t Offset = 0;
  const InputSection &sec() const { return File->Sections[Section]; }
};

// A relocation of a placed section, resolved to where it points.
struct Resolved {
  size_t From; // index in the placed sections
  const InputReloc *R;
  const RelocHowTo *How;
  // Either a placed section and the symbol's offset in it, or a stub and
  // the difference between the symbol and the start of the function.
  size_t ToSection = SIZE_MAX;
  size_t ToStub = SIZE_MAX;
  int64_t Value = 0;
  std::string TargetName;
};

} // namespace

struct Linker::Impl {
  const Arch &A;
  std::vector<std::unique_ptr<InputFile>> Files;
  std::vector<std::unique_ptr<MemoryBuffer>> UserBuffers;
  std::vector<HelperLibrary> Helpers;
  StringMap<SymbolRef> UserDefs;  // later objects replace earlier ones
  StringMap<SymbolRef> LocalDefs; // static functions, by file-qualified key
  std::vector<std::string> SlotSymbols;
  StringMap<uint32_t> SlotOf;
  const uint32_t RuntimeSlots;

  // The runtime's own functions take the first slots (runtime_slots.h):
  // calls to them go through stubs like any import, and have no image.
  explicit Impl(const Arch &A) : A(A), RuntimeSlots(runtimeSlotCount(A.id())) {
    for (uint32_t Slot = 0; Slot < RuntimeSlots; ++Slot) {
      SlotSymbols.push_back(runtimeSlotSymbol(Slot));
      SlotOf[runtimeSlotSymbol(Slot)] = Slot;
    }
  }

  // Takes a parsed file into the link; its static functions become
  // reachable by their qualified keys.
  InputFile &adopt(std::unique_ptr<InputFile> File, bool Helper) {
    File->Serial = uint32_t(Files.size());
    File->Helper = Helper;
    Files.push_back(std::move(File));
    InputFile &F = *Files.back();
    for (uint32_t I = 0; I < F.Symbols.size(); ++I) {
      const InputSymbol &S = F.Symbols[I];
      if (!S.isGlobal() && S.isFunction() && S.isDefinedInSection())
        LocalDefs[F.key(I)] = SymbolRef{&F, I};
    }
    return F;
  }

  Expected<std::unique_ptr<InputFile>> parse(MemoryBufferRef Buffer) {
    return InputFile::parse(Buffer, A, InputFile::Kind::Relocatable);
  }

  static void addGlobals(InputFile &F, StringMap<SymbolRef> &Defs,
                         bool Replace) {
    for (uint32_t I = 0; I < F.Symbols.size(); ++I) {
      const InputSymbol &S = F.Symbols[I];
      if (!S.isGlobal() || S.Section == ELF::SHN_UNDEF || S.Name.empty())
        continue;
      if (Replace)
        Defs[S.Name] = SymbolRef{&F, I};
      else
        Defs.try_emplace(S.Name, SymbolRef{&F, I});
    }
  }

  // User objects, static functions, then the helper libraries in order
  // (archive members are parsed when their archive index names the symbol),
  // under the helpers' name for the symbol (helperAlias).
  Expected<std::optional<SymbolRef>> lookup(StringRef Key) {
    if (auto It = UserDefs.find(Key); It != UserDefs.end())
      return It->second;
    if (auto It = LocalDefs.find(Key); It != LocalDefs.end())
      return It->second;
    if (StringRef Alias = helperAlias(A.id(), Key); !Alias.empty())
      Key = Alias;
    for (HelperLibrary &L : Helpers) {
      if (auto It = L.Defs.find(Key); It != L.Defs.end())
        return It->second;
      if (!L.Archive)
        continue;
      auto Child = L.Archive->findSym(Key);
      if (!Child)
        return fail(L.Path + ": " + toString(Child.takeError()));
      if (!*Child)
        continue;
      const uint64_t Offset = (*Child)->getChildOffset();
      if (!L.LoadedMembers.insert(Offset).second)
        continue; // the index names a member that does not define it
      auto Member = (*Child)->getMemoryBufferRef();
      auto MemberName = (*Child)->getName();
      if (!Member || !MemberName)
        return fail(
            L.Path + ": " +
            toString(joinErrors(Member.takeError(), MemberName.takeError())));
      const std::string Name = L.Path + "(" + MemberName->str() + ")";
      auto F = parse(MemoryBufferRef(Member->getBuffer(), Name));
      if (!F)
        return F.takeError();
      addGlobals(adopt(std::move(*F), /*Helper=*/true), L.Defs,
                 /*Replace=*/false);
      if (auto It = L.Defs.find(Key); It != L.Defs.end())
        return It->second;
    }
    return std::nullopt;
  }

  Expected<SymbolRef> define(StringRef Key, StringRef User) {
    auto Def = lookup(Key);
    if (!Def)
      return Def.takeError();
    if (!*Def)
      return fail("undefined symbol `" + Key + "`" +
                  (User.empty() ? Twine() : " (called from `" + User + "`)"));
    return **Def;
  }

  Expected<uint32_t> slotFor(StringRef Key) {
    if (auto It = SlotOf.find(Key); It != SlotOf.end())
      return It->second;
    auto Def = define(Key, "");
    if (!Def)
      return Def.takeError();
    const InputSymbol &S = Def->sym();
    if (S.Section == ELF::SHN_COMMON || !S.isDefinedInSection() ||
        !Def->File->Sections[S.Section].isExec())
      return fail("symbol `" + Key + "` is not code: no slot for it");
    if (SlotSymbols.size() >= kRelocBase)
      return fail("out of slots: " + Twine(SlotSymbols.size()) +
                  " are assigned");
    const uint32_t Slot = uint32_t(SlotSymbols.size());
    SlotSymbols.push_back(Key.str());
    SlotOf[Key] = Slot;
    return Slot;
  }

  Expected<Image> build(uint32_t Slot);
};

Expected<Image> Linker::Impl::build(uint32_t Slot) {
  if (Slot >= SlotSymbols.size())
    return fail("slot " + Twine(Slot) + " is not assigned (" +
                Twine(SlotSymbols.size()) + " slots)");
  const std::string Key = SlotSymbols[Slot];
  if (Slot < RuntimeSlots)
    return fail("slot " + Twine(Slot) + " is the runtime's `" + Key +
                "`: the device has its code");
  auto Main = define(Key, "");
  if (!Main)
    return Main.takeError();
  InputFile &UnitFile = *Main->File;
  const uint16_t UnitSection = Main->sym().Section;
  const StubFormat &Stub = A.stub();
  const size_t Word = imageWordSize(A.id());
  auto Where = [&](const Placed &P, uint64_t Offset) {
    return "`" + P.sec().Name + "`+0x" + utohexstr(Offset) + " of " +
           P.File->Name;
  };

  // 1. The unit, the data it reaches (transitively) and its imports.
  std::vector<Placed> Sections{{&UnitFile, UnitSection}};
  std::map<std::pair<InputFile *, uint16_t>, size_t> SectionIndex{
      {{&UnitFile, UnitSection}, 0}};
  std::vector<std::string> Imports;
  StringMap<size_t> ImportIndex;
  std::vector<Resolved> Relocs;
  for (size_t I = 0; I < Sections.size(); ++I) {
    InputFile &File = *Sections[I].File;
    const InputSection &Sec = Sections[I].sec();
    for (const InputReloc &R : Sec.Relocs) {
      const RelocHowTo *How = A.howTo(R.Type);
      const std::string TypeName = A.relocName(R.Type);
      if (!How)
        return fail("unknown relocation " + TypeName + " at " +
                    Where(Sections[I], R.Offset));
      if (How->Expr == RelExpr::None)
        continue;
      SymbolRef To{&File, R.Symbol};
      const InputSymbol &Named = To.sym();
      if (auto Runtime = SlotOf.find(Named.Name);
          Named.Section == ELF::SHN_UNDEF && Runtime != SlotOf.end() &&
          Runtime->second < RuntimeSlots) {
        // A runtime function: the device has its code; calls reach it
        // through a stub like any import.
        if (!How->IsBranch || !How->IsBranch(Sec.Data, R.Offset))
          return fail("function `" + Key +
                      "` takes the address of the "
                      "runtime's `" +
                      Named.Name + "` (" + TypeName + "): not supported");
        auto [It, New] = ImportIndex.try_emplace(Named.Name, Imports.size());
        if (New)
          Imports.push_back(Named.Name);
        Resolved Res;
        Res.From = I;
        Res.R = &R;
        Res.How = How;
        Res.ToStub = It->second;
        Res.TargetName = Named.Name;
        Res.Value = Stub.EntryBit;
        Relocs.push_back(std::move(Res));
        continue;
      }
      if (Named.Section == ELF::SHN_UNDEF) {
        auto Def = define(Named.Name, Key);
        if (!Def)
          return Def.takeError();
        To = *Def;
      }
      const InputSymbol &T = To.sym();
      if (T.Section == ELF::SHN_COMMON)
        return fail("`" + T.Name +
                    "` is a common symbol: compile with "
                    "-fno-common");
      if (!T.isDefinedInSection())
        return fail("`" + Key + "` refers to absolute symbol `" + T.Name +
                    "` (" + TypeName + "): not supported");
      if (How->Expr == RelExpr::Got)
        return fail("function `" + Key + "` reaches `" + T.Name + "` with " +
                    TypeName +
                    ": globals through the GOT are not supported yet");
      if (How->Expr == RelExpr::AbsField)
        return fail("function `" + Key + "` has an absolute " + TypeName +
                    " to `" + T.Name + "` at " + Where(Sections[I], R.Offset) +
                    ": the device only relocates whole pointer words");
      if (R.Offset + How->Size > Sec.Data.size())
        return fail(TypeName + " at " + Where(Sections[I], R.Offset) +
                    " runs past the section");
      const InputSection &TS = To.File->Sections[T.Section];
      Resolved Res;
      Res.From = I;
      Res.R = &R;
      Res.How = How;
      Res.TargetName = T.Name;
      Res.Value = int64_t(T.Value);
      const auto SectionKey = std::make_pair(To.File, T.Section);
      if (auto It = SectionIndex.find(SectionKey); It != SectionIndex.end()) {
        Res.ToSection = It->second;
      } else if (!TS.isAlloc()) {
        return fail("`" + Key + "` refers to `" + T.Name +
                    "` in non-loaded section `" + TS.Name + "`");
      } else if (!TS.isExec()) {
        // Data goes into the image; writable data too, so each image has
        // its own copy of it for now.
        Res.ToSection = Sections.size();
        SectionIndex[SectionKey] = Sections.size();
        Sections.push_back(Placed{To.File, T.Section});
      } else {
        // Code outside the unit: another function, reached through a stub.
        const bool Branch = How->IsBranch && How->IsBranch(Sec.Data, R.Offset);
        // The function the reference lands on, named by its global symbol
        // when it has one (the assembler may use a local alias or the
        // section symbol, but slots belong to the global name).
        const uint64_t Landing = T.isFunction()
                                     ? T.Value & ~uint64_t(Stub.EntryBit)
                                     : uint64_t(int64_t(T.Value) + R.Addend +
                                                (Branch ? How->BranchBias : 0));
        std::optional<uint32_t> Func =
            functionAt(*To.File, T.Section, Landing, Stub.EntryBit);
        if (!Func && !Branch) // only to name the target of an address
          Func = functionAt(*To.File, T.Section, Landing + How->BranchBias,
                            Stub.EntryBit);
        // A function pointer to a stub would dangle once this image is
        // evicted; libgcc's computed tail calls use theirs at once.
        if (How->Expr == RelExpr::AbsWord || (!Branch && !File.Helper))
          return fail("function `" + Key + "` takes the address of `" +
                      (Func ? To.File->Symbols[*Func].Name : T.Name) + "` (" +
                      TypeName + "): not supported yet");
        if (!Func)
          return fail("function `" + Key + "` refers into the middle of `" +
                      TS.Name + "` (offset 0x" + utohexstr(Landing) + ")");
        const std::string Callee = To.File->key(*Func);
        auto [It, New] = ImportIndex.try_emplace(Callee, Imports.size());
        if (New)
          Imports.push_back(Callee);
        Res.ToStub = It->second;
        Res.TargetName = Callee;
        Res.Value = int64_t(T.Value) - int64_t(To.File->Symbols[*Func].Value) +
                    Stub.EntryBit;
      }
      Relocs.push_back(std::move(Res));
    }
  }

  // 2. Layout: the unit, read-only data, writable data; then the bss:
  // first the stubs (word-aligned; each a whole number of words), then the
  // .bss sections.
  const uint64_t BaseAlign = imageBaseAlign(A.id());
  uint64_t Cursor = 0;
  auto Place = [&](Placed &P) -> Error {
    const InputSection &S = P.sec();
    if (S.Align > BaseAlign)
      return fail("section `" + S.Name + "` of " + P.File->Name +
                  " needs alignment " + Twine(S.Align) + ", images of " +
                  A.name() + " are aligned to " + Twine(BaseAlign));
    Cursor = alignTo(Cursor, S.Align);
    P.Offset = Cursor;
    Cursor += S.Size;
    return Error::success();
  };
  auto PlaceAll = [&](auto Wanted) -> Error {
    for (size_t I = 1; I < Sections.size(); ++I)
      if (Wanted(Sections[I].sec()))
        if (Error E = Place(Sections[I]))
          return E;
    return Error::success();
  };
  if (Error E = Place(Sections[0]))
    return std::move(E);
  if (Error E = PlaceAll(
          [](const InputSection &S) { return !S.isNoBits() && !S.isWrite(); }))
    return std::move(E);
  if (Error E = PlaceAll(
          [](const InputSection &S) { return !S.isNoBits() && S.isWrite(); }))
    return std::move(E);
  const uint64_t CodeSize = Cursor;
  if (!Imports.empty())
    Cursor = alignTo(Cursor, Word);
  const uint64_t StubsStart = Cursor;
  Cursor += Imports.size() * Stub.Code.size();
  if (Error E = PlaceAll([](const InputSection &S) { return S.isNoBits(); }))
    return std::move(E);
  const uint64_t BssSize = Cursor - CodeSize;

  // 3. Bytes and relocations applied; one stub relocation per import.
  std::vector<uint8_t> Code(CodeSize, 0);
  size_t RawCodeSize = 0;
  for (const Placed &P : Sections) {
    if (P.sec().isNoBits())
      continue;
    std::copy(P.sec().Data.begin(), P.sec().Data.end(),
              Code.begin() + P.Offset);
    RawCodeSize += P.sec().Size;
  }

  std::vector<uint32_t> ImageRelocs;
  for (const Resolved &Res : Relocs) {
    const Placed &From = Sections[Res.From];
    const uint64_t P = From.Offset + Res.R->Offset;
    const int64_t S =
        Res.ToStub != SIZE_MAX
            ? int64_t(StubsStart + Res.ToStub * Stub.Code.size()) + Res.Value
            : int64_t(Sections[Res.ToSection].Offset) + Res.Value;
    const int64_t SA = S + Res.R->Addend;
    uint64_t V;
    switch (Res.How->Expr) {
    case RelExpr::AbsWord:
      if (P % Word)
        return fail("pointer word at " + Where(From, Res.R->Offset) +
                    " is not aligned to " + Twine(Word) + " bytes");
      V = uint64_t(SA);
      ImageRelocs.push_back(makeReloc(uint16_t(P / Word), kRelocBase));
      break;
    case RelExpr::Pc:
      V = uint64_t(SA - int64_t(P));
      break;
    case RelExpr::PcWordAlign:
      V = uint64_t(SA - int64_t(P & ~uint64_t(3)));
      break;
    default:
      llvm_unreachable("refused while collecting");
    }
    if (Error E = Res.How->Write(Code.data() + P, V))
      return fail(A.relocName(Res.R->Type) + " at " +
                  Where(From, Res.R->Offset) + " to `" + Res.TargetName +
                  "`: " + toString(std::move(E)));
  }
  for (size_t I = 0; I < Imports.size(); ++I) {
    auto ImportSlot = slotFor(Imports[I]);
    if (!ImportSlot)
      return ImportSlot.takeError();
    const uint64_t Place = StubsStart + I * Stub.Code.size();
    ImageRelocs.push_back(makeReloc(uint16_t(Place / Word), *ImportSlot));
  }

  Image Result;
  const uint64_t Entry = Main->sym().Value; // the unit is at offset 0
  auto Bytes = writeImage(A.id(), Code, BssSize, ImageRelocs, Entry);
  if (!Bytes)
    return fail("function `" + Key + "`: " + toString(Bytes.takeError()));
  Result.Bytes = std::move(*Bytes);
  Result.Slot = Slot;
  Result.Name = Key;
  Result.RawCodeSize = RawCodeSize;
  Result.RelocCount = ImageRelocs.size();

  // Other global entry points of the unit (libgcc's assembly sections hold
  // several), unless another definition of that name is the current one.
  for (uint32_t I = 0; I < UnitFile.Symbols.size(); ++I) {
    const InputSymbol &S = UnitFile.Symbols[I];
    if (!S.isGlobal() || !S.isFunction() || S.Section != UnitSection ||
        S.Name == Key)
      continue;
    auto Def = lookup(S.Name);
    if (!Def)
      return Def.takeError();
    if (!*Def || !(**Def == SymbolRef{&UnitFile, I}))
      continue;
    auto ExportSlot = slotFor(S.Name);
    if (!ExportSlot)
      return ExportSlot.takeError();
    Result.Exports.emplace_back(*ExportSlot, uint32_t(S.Value));
  }
  return std::move(Result);
}

Linker::Linker(std::unique_ptr<Impl> P) : P(std::move(P)) {}
Linker::~Linker() = default;

Expected<std::unique_ptr<Linker>>
Linker::create(uint8_t ArchId, ArrayRef<std::string> HelperLibraryPaths) {
  const Arch *A = getArch(ArchId);
  if (!A)
    return fail("arch " + Twine(unsigned(ArchId)) + ": not a known image arch");
  auto I = std::make_unique<Impl>(*A);
  for (const std::string &Path : HelperLibraryPaths) {
    auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                        /*RequiresNullTerminator=*/false);
    if (!Buffer)
      return fail("helper library " + Path + ": " +
                  Buffer.getError().message());
    HelperLibrary L;
    L.Path = Path;
    L.Buffer = std::move(*Buffer);
    if (L.Buffer->getBuffer().starts_with(object::ArchiveMagic)) {
      auto Archive = object::Archive::create(L.Buffer->getMemBufferRef());
      if (!Archive)
        return fail("helper library " + Path + ": " +
                    toString(Archive.takeError()));
      L.Archive = std::move(*Archive);
    } else {
      auto F = I->parse(L.Buffer->getMemBufferRef());
      if (!F)
        return fail("helper library " + toString(F.takeError()));
      Impl::addGlobals(I->adopt(std::move(*F), /*Helper=*/true), L.Defs,
                       /*Replace=*/false);
    }
    I->Helpers.push_back(std::move(L));
  }
  return std::unique_ptr<Linker>(new Linker(std::move(I)));
}

Error Linker::addObject(std::unique_ptr<MemoryBuffer> Object) {
  auto F = P->parse(Object->getMemBufferRef());
  if (!F)
    return F.takeError();
  if (Error E = P->A.checkFloatAbi(**F))
    return fail((*F)->Name + ": " + toString(std::move(E)));
  Impl::addGlobals(P->adopt(std::move(*F), /*Helper=*/false), P->UserDefs,
                   /*Replace=*/true);
  P->UserBuffers.push_back(std::move(Object));
  return Error::success();
}

Expected<uint32_t> Linker::slotFor(StringRef Symbol) {
  return P->slotFor(Symbol);
}

Expected<Image> Linker::buildImage(uint32_t Slot) { return P->build(Slot); }

StringRef Linker::symbolOf(uint32_t Slot) const {
  return Slot < P->SlotSymbols.size() ? StringRef(P->SlotSymbols[Slot])
                                      : StringRef();
}

} // namespace jlremote::loader
