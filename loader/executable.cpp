// The device runtime as one image: a fully linked ELF (linked at 0 with
// --emit-relocs) keeps its code as linked; every absolute pointer word in it
// becomes a kRelocBase entry, everything PC-relative needs nothing.
#include "linker.h"

#include "arch.h"
#include "image_writer.h"
#include "input.h"

#include "device_runtime/image_format.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/BinaryFormat/ELF.h"

using namespace llvm;

namespace jlremote::loader {
namespace {

// A fully linked ELF for one of the image archs.
Expected<std::unique_ptr<InputFile>> parseExecutable(MemoryBufferRef Elf,
                                                     uint8_t ArchId) {
  const Arch *A = getArch(ArchId);
  if (!A)
    return createStringError("arch %u: not a known image arch",
                             unsigned(ArchId));
  return InputFile::parse(Elf, *A, InputFile::Kind::Executable);
}

} // namespace

Expected<std::vector<uint8_t>> buildExecutableImage(MemoryBufferRef Elf,
                                                    uint8_t ArchId) {
  auto Parsed = parseExecutable(Elf, ArchId);
  if (!Parsed)
    return Parsed.takeError();
  const InputFile &File = **Parsed;
  const Arch *A = getArch(ArchId);
  const std::string Who = File.Name;
  const uint64_t BaseAlign = imageBaseAlign(ArchId);
  const size_t Word = imageWordSize(ArchId);

  uint64_t Lowest = UINT64_MAX, CodeEnd = 0, End = 0;
  for (const InputSection &S : File.Sections) {
    if (!S.isAlloc() || S.Size == 0)
      continue;
    if (S.Align > BaseAlign)
      return createStringError(
          Who + ": section `" + S.Name + "` needs alignment " + Twine(S.Align) +
          ", images of " + A->name() + " are aligned to " + Twine(BaseAlign));
    Lowest = std::min(Lowest, S.Addr);
    End = std::max(End, S.Addr + S.Size);
    if (!S.isNoBits())
      CodeEnd = std::max(CodeEnd, S.Addr + S.Size);
  }
  if (Lowest != 0)
    return createStringError(Who + ": lowest loaded address 0x" +
                             utohexstr(Lowest) + ", images are linked at 0");

  std::vector<uint8_t> Code(CodeEnd, 0);
  std::vector<uint32_t> Relocs;
  for (const InputSection &S : File.Sections) {
    if (!S.isAlloc())
      continue;
    if (!S.isNoBits())
      std::copy(S.Data.begin(), S.Data.end(), Code.begin() + S.Addr);
    for (const InputReloc &R : S.Relocs) {
      const RelocHowTo *How = A->howTo(R.Type);
      const std::string Place =
          "`" + S.Name + "`+0x" + utohexstr(R.Offset) + " of " + Who;
      const InputSymbol &Sym = File.Symbols[R.Symbol];
      if (!How)
        return createStringError("unknown relocation " + A->relocName(R.Type) +
                                 " at " + Place);
      switch (How->Expr) {
      case RelExpr::None:
      case RelExpr::Pc:
      case RelExpr::PcWordAlign:
        continue; // position independent as linked
      case RelExpr::Got:
        return createStringError(A->relocName(R.Type) + " at " + Place +
                                 ": the runtime must not use a GOT");
      case RelExpr::AbsField:
        return createStringError(
            A->relocName(R.Type) + " at " + Place + " (to `" + Sym.Name +
            "`): an absolute instruction field; the device only relocates "
            "whole pointer words");
      case RelExpr::AbsWord:
        break;
      }
      if (Sym.Section == ELF::SHN_ABS)
        continue; // a constant, not an address in the image
      if (Sym.Section == ELF::SHN_UNDEF)
        return createStringError(A->relocName(R.Type) + " at " + Place +
                                 " to undefined symbol `" + Sym.Name + "`");
      const uint64_t P = S.Addr + R.Offset;
      if (S.isNoBits() || P % Word)
        return createStringError("pointer word at " + Place +
                                 " is not an aligned word of code or data");
      Relocs.push_back(makeReloc(uint16_t(P / Word), kRelocBase));
    }
  }
  auto Bytes = writeImage(ArchId, Code, std::max(End, CodeEnd) - CodeEnd,
                          Relocs, File.Entry);
  if (!Bytes)
    return createStringError(Who + ": " + toString(Bytes.takeError()));
  return Bytes;
}

Expected<PlacedExecutable> readPlacedExecutable(MemoryBufferRef Elf,
                                                uint8_t ArchId) {
  auto Parsed = parseExecutable(Elf, ArchId);
  if (!Parsed)
    return Parsed.takeError();
  const InputFile &File = **Parsed;
  uint64_t Low = UINT64_MAX, High = 0, BssLow = UINT64_MAX, BssHigh = 0;
  for (const InputSection &S : File.Sections) {
    if (!S.isAlloc() || S.Size == 0)
      continue;
    if (S.isNoBits()) {
      BssLow = std::min(BssLow, S.Addr);
      BssHigh = std::max(BssHigh, S.Addr + S.Size);
      continue;
    }
    if (S.isWrite())
      return createStringError(File.Name + ": section `" + S.Name +
                               "` is initialised writable data; a placed "
                               "executable has nothing to copy it to RAM");
    Low = std::min(Low, S.Addr);
    High = std::max(High, S.Addr + S.Size);
  }
  if (Low == UINT64_MAX)
    return createStringError(File.Name + ": no loaded bytes");
  PlacedExecutable Placed{Low, std::vector<uint8_t>(High - Low, 0), File.Entry};
  if (BssLow != UINT64_MAX) {
    if (BssLow < High && Low < BssHigh)
      return createStringError(File.Name + ": bss [0x" + utohexstr(BssLow) +
                               ", 0x" + utohexstr(BssHigh) +
                               ") overlaps the code");
    Placed.BssAddress = BssLow;
    Placed.BssSize = BssHigh - BssLow;
  }
  for (const InputSection &S : File.Sections)
    if (S.isAlloc() && !S.isNoBits())
      std::copy(S.Data.begin(), S.Data.end(),
                Placed.Bytes.begin() + (S.Addr - Low));
  return Placed;
}

} // namespace jlremote::loader
