// ELF files as the loader sees them: sections, symbols and relocations in
// one neutral form for ELF32 and ELF64, REL addends already read out of the
// code. Parsing checks the header against the arch (class, byte order,
// machine, ABI), each mismatch its own error naming the field and value.
#pragma once

#include "arch.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace jlremote::loader {

struct InputReloc {
  uint64_t Offset; // in the section (also for executables)
  uint32_t Type;
  uint32_t Symbol; // index in InputFile::Symbols
  int64_t Addend;
};

struct InputSection {
  std::string Name;
  uint32_t Type;
  uint64_t Flags;
  uint64_t Addr;
  uint64_t Size;
  uint64_t Align;
  llvm::ArrayRef<uint8_t> Data; // empty for SHT_NOBITS
  std::vector<InputReloc> Relocs;
  bool isAlloc() const;
  bool isExec() const;
  bool isWrite() const;
  bool isNoBits() const;
};

struct InputSymbol {
  std::string Name;
  uint16_t Section; // ELF section index: SHN_UNDEF, SHN_ABS, SHN_COMMON, ...
  uint64_t Value;   // Thumb functions keep bit 0, as in ELF
  uint8_t Binding;
  uint8_t Type;
  bool isDefinedInSection() const;
  bool isGlobal() const; // global or weak
  bool isFunction() const;
};

class InputFile {
public:
  enum class Kind { Relocatable, Executable };
  // The buffer must outlive the file.
  static llvm::Expected<std::unique_ptr<InputFile>>
  parse(llvm::MemoryBufferRef Buffer, const Arch &A, Kind K);

  // A name for the symbol that is unique in the whole link: globals by name,
  // locals qualified with their file, since statics may share a name.
  std::string key(uint32_t Symbol) const;

  std::string Name;
  uint32_t Serial = 0; // distinguishes files that share a name
  bool Helper = false; // from a helper library rather than user code
  uint8_t OsAbi = 0, AbiVersion = 0;
  uint32_t Flags = 0; // e_flags
  uint64_t Entry = 0;
  std::vector<InputSection> Sections; // by ELF section index
  std::vector<InputSymbol> Symbols;   // by ELF symbol index
};

} // namespace jlremote::loader
