#include "input.h"

#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"

using namespace llvm;

namespace jlremote::loader {

bool InputSection::isAlloc() const { return Flags & ELF::SHF_ALLOC; }
bool InputSection::isExec() const { return Flags & ELF::SHF_EXECINSTR; }
bool InputSection::isWrite() const { return Flags & ELF::SHF_WRITE; }
bool InputSection::isNoBits() const { return Type == ELF::SHT_NOBITS; }

bool InputSymbol::isDefinedInSection() const {
  return Section != ELF::SHN_UNDEF && Section < ELF::SHN_LORESERVE;
}
bool InputSymbol::isGlobal() const { return Binding != ELF::STB_LOCAL; }
bool InputSymbol::isFunction() const { return Type == ELF::STT_FUNC; }

std::string InputFile::key(uint32_t Symbol) const {
  const InputSymbol &S = Symbols[Symbol];
  if (S.isGlobal())
    return S.Name;
  return S.Name + " (static, " + Name + "#" + std::to_string(Serial) + ")";
}

namespace {

template <class ELFT>
Expected<std::unique_ptr<InputFile>> parseAs(MemoryBufferRef Buffer,
                                             const Arch &A, InputFile::Kind K) {
  const std::string Who = Buffer.getBufferIdentifier().str();
  auto ELFOrErr = object::ELFFile<ELFT>::create(Buffer.getBuffer());
  if (!ELFOrErr)
    return createStringError("%s: %s", Who.c_str(),
                             toString(ELFOrErr.takeError()).c_str());
  const object::ELFFile<ELFT> &ELF = *ELFOrErr;
  const auto &Header = ELF.getHeader();
  if (Header.e_machine != A.machine())
    return createStringError(
        "%s: machine %u (%s), arch %s needs %u (%s)", Who.c_str(),
        unsigned(Header.e_machine),
        ELF::convertEMachineToArchName(Header.e_machine).str().c_str(),
        A.name().str().c_str(), unsigned(A.machine()),
        ELF::convertEMachineToArchName(A.machine()).str().c_str());
  const bool Relocatable = K == InputFile::Kind::Relocatable;
  const unsigned WantType = Relocatable ? ELF::ET_REL : ELF::ET_EXEC;
  if (Header.e_type != WantType)
    return createStringError("%s: ELF type %u, expected %s", Who.c_str(),
                             unsigned(Header.e_type),
                             Relocatable ? "a relocatable object (ET_REL)"
                                         : "an executable (ET_EXEC)");

  auto File = std::make_unique<InputFile>();
  File->Name = Who;
  File->OsAbi = Header.e_ident[ELF::EI_OSABI];
  File->AbiVersion = Header.e_ident[ELF::EI_ABIVERSION];
  File->Flags = Header.e_flags;
  File->Entry = Header.e_entry;
  if (Error E = A.checkAbi(*File))
    return createStringError("%s: %s", Who.c_str(),
                             toString(std::move(E)).c_str());

  auto Sections = ELF.sections();
  if (!Sections)
    return createStringError("%s: %s", Who.c_str(),
                             toString(Sections.takeError()).c_str());
  const typename ELFT::Shdr *SymTab = nullptr;
  for (const auto &Sec : *Sections) {
    InputSection S;
    auto Name = ELF.getSectionName(Sec);
    if (!Name)
      return createStringError("%s: %s", Who.c_str(),
                               toString(Name.takeError()).c_str());
    S.Name = Name->str();
    S.Type = Sec.sh_type;
    S.Flags = Sec.sh_flags;
    S.Addr = Sec.sh_addr;
    S.Size = Sec.sh_size;
    S.Align = Sec.sh_addralign ? uint64_t(Sec.sh_addralign) : 1;
    if (Sec.sh_type != ELF::SHT_NOBITS && Sec.sh_type != ELF::SHT_NULL) {
      auto Contents = ELF.getSectionContents(Sec);
      if (!Contents)
        return createStringError("%s: section %s: %s", Who.c_str(),
                                 S.Name.c_str(),
                                 toString(Contents.takeError()).c_str());
      S.Data = *Contents;
    }
    if (Sec.sh_type == ELF::SHT_SYMTAB)
      SymTab = &Sec;
    File->Sections.push_back(std::move(S));
  }

  if (SymTab) {
    auto Symbols = ELF.symbols(SymTab);
    auto StrTab = ELF.getStringTableForSymtab(*SymTab);
    if (!Symbols || !StrTab)
      return createStringError(
          "%s: symbol table: %s", Who.c_str(),
          toString(joinErrors(Symbols.takeError(), StrTab.takeError()))
              .c_str());
    for (const auto &Sym : *Symbols) {
      InputSymbol S;
      if (Sym.st_shndx == ELF::SHN_XINDEX)
        return createStringError("%s: extended section indices are not "
                                 "supported",
                                 Who.c_str());
      S.Section = Sym.st_shndx;
      S.Value = Sym.st_value;
      S.Binding = Sym.getBinding();
      S.Type = Sym.getType();
      if (S.Type == ELF::STT_SECTION && S.Section < File->Sections.size()) {
        S.Name = File->Sections[S.Section].Name;
      } else {
        auto Name = Sym.getName(*StrTab);
        if (!Name)
          return createStringError("%s: %s", Who.c_str(),
                                   toString(Name.takeError()).c_str());
        S.Name = Name->str();
      }
      File->Symbols.push_back(std::move(S));
    }
  }

  for (const auto &Sec : *Sections) {
    if (Sec.sh_type != ELF::SHT_REL && Sec.sh_type != ELF::SHT_RELA)
      continue;
    if (Sec.sh_info >= File->Sections.size())
      return createStringError("%s: relocation section applies to section %u "
                               "of %zu",
                               Who.c_str(), unsigned(Sec.sh_info),
                               File->Sections.size());
    InputSection &Target = File->Sections[Sec.sh_info];
    // Debug information and other non-loaded sections are never shipped.
    if (!Target.isAlloc())
      continue;
    const uint64_t Base = Relocatable ? 0 : Target.Addr;
    auto Add = [&](uint64_t Offset, uint32_t Type, uint32_t Symbol,
                   std::optional<int64_t> Addend) -> Error {
      const RelocHowTo *How = A.howTo(Type);
      InputReloc R{Offset - Base, Type, Symbol, Addend.value_or(0)};
      if (Offset < Base || R.Offset >= Target.Size)
        return createStringError("%s: relocation at 0x%llx is outside %s",
                                 Who.c_str(), (unsigned long long)Offset,
                                 Target.Name.c_str());
      if (Symbol >= File->Symbols.size())
        return createStringError("%s: relocation in %s names symbol %u of %zu",
                                 Who.c_str(), Target.Name.c_str(), Symbol,
                                 File->Symbols.size());
      // Unknown types are reported when their section is shipped, not here:
      // libraries hold members this loader never needs.
      if (!Addend && How && How->ReadAddend && !Target.isNoBits()) {
        if (R.Offset + How->Size > Target.Data.size())
          return createStringError("%s: relocation at 0x%llx runs past %s",
                                   Who.c_str(), (unsigned long long)R.Offset,
                                   Target.Name.c_str());
        R.Addend = How->ReadAddend(Target.Data.data() + R.Offset);
      }
      Target.Relocs.push_back(R);
      return Error::success();
    };
    if (Sec.sh_type == ELF::SHT_REL) {
      auto Rels = ELF.rels(Sec);
      if (!Rels)
        return createStringError("%s: %s", Who.c_str(),
                                 toString(Rels.takeError()).c_str());
      for (const auto &R : *Rels)
        if (Error E = Add(R.r_offset, R.getType(false), R.getSymbol(false),
                          std::nullopt))
          return std::move(E);
    } else {
      auto Relas = ELF.relas(Sec);
      if (!Relas)
        return createStringError("%s: %s", Who.c_str(),
                                 toString(Relas.takeError()).c_str());
      for (const auto &R : *Relas)
        if (Error E = Add(R.r_offset, R.getType(false), R.getSymbol(false),
                          int64_t(R.r_addend)))
          return std::move(E);
    }
  }
  return std::move(File);
}

} // namespace

Expected<std::unique_ptr<InputFile>> InputFile::parse(MemoryBufferRef Buffer,
                                                      const Arch &A, Kind K) {
  const StringRef Data = Buffer.getBuffer();
  const std::string Who = Buffer.getBufferIdentifier().str();
  if (Data.size() < ELF::EI_NIDENT || !Data.starts_with("\x7f"
                                                        "ELF"))
    return createStringError("%s: not an ELF file", Who.c_str());
  const unsigned Class = uint8_t(Data[ELF::EI_CLASS]);
  const unsigned WantClass = A.is64() ? ELF::ELFCLASS64 : ELF::ELFCLASS32;
  auto ClassName = [](unsigned C) {
    return C == ELF::ELFCLASS32   ? "ELFCLASS32"
           : C == ELF::ELFCLASS64 ? "ELFCLASS64"
                                  : "invalid";
  };
  if (Class != WantClass)
    return createStringError("%s: ELF class %u (%s), arch %s needs %s",
                             Who.c_str(), Class, ClassName(Class),
                             A.name().str().c_str(), ClassName(WantClass));
  const unsigned Order = uint8_t(Data[ELF::EI_DATA]);
  if (Order != ELF::ELFDATA2LSB)
    return createStringError("%s: ELF byte order %u, images are "
                             "little-endian (ELFDATA2LSB)",
                             Who.c_str(), Order);
  return A.is64() ? parseAs<object::ELF64LE>(Buffer, A, K)
                  : parseAs<object::ELF32LE>(Buffer, A, K);
}

} // namespace jlremote::loader
