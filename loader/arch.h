// What the loader knows about one image arch: its ELF header values, its
// relocation types (a table of small functions each: read the addend, write
// the bits) and its import stub. The generic core (linker.cpp,
// executable.cpp) asks only this interface; arch_arm.cpp and
// arch_x86_64.cpp implement it.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace jlremote::loader {

class InputFile;

// The formula a relocation type computes (S symbol, A addend, P place).
enum class RelExpr : uint8_t {
  None,        // nothing to do (R_ARM_NONE)
  AbsWord,     // S + A into a pointer-sized word: a kRelocBase entry
  Pc,          // S + A - P
  PcWordAlign, // S + A - (P & ~3): Thumb literal loads and ADR
  AbsField,    // absolute value in an instruction field: the device cannot
               // patch it
  Got,         // through a GOT, which images do not have
};

struct RelocHowTo {
  RelExpr Expr;
  uint8_t Size; // bytes the relocation reads and writes
  // A call or jump: a target outside the image is reached through a stub.
  // Null for data references; Loc lets x86-64 look at the opcode.
  bool (*IsBranch)(llvm::ArrayRef<uint8_t> Section, uint64_t Offset);
  // For branches whose target is a section symbol: the branch goes to
  // S + A + BranchBias (the assembler folded the PC offset into A).
  uint8_t BranchBias;
  // REL objects (ARM) keep the addend in the patched bits.
  int64_t (*ReadAddend)(const uint8_t *Loc);
  // Writes the computed value into the bits, with range checks.
  llvm::Error (*Write)(uint8_t *Loc, uint64_t Value);
};

// The import stub (image_format.h's template for the arch): loads the
// address of a slot (its literal, which the device writes) into ip / r11
// and jumps through it. The device writes stubs at the start of the bss.
struct StubFormat {
  llvm::ArrayRef<uint8_t> Code; // literal included, as zero
  uint8_t LiteralOffset;        // the slot's address
  uint8_t EntryBit;             // 1 on Thumb: the stub's address as a callee
};

class Arch {
public:
  virtual ~Arch() = default;
  uint8_t id() const { return Id; }
  llvm::StringRef name() const;
  virtual uint16_t machine() const = 0;
  virtual bool is64() const = 0;
  // e_ident ABI fields and e_flags: each mismatch its own error.
  virtual llvm::Error checkAbi(const InputFile &File) const = 0;
  // Float ABI of user code (the helper libraries are chosen per arch).
  virtual llvm::Error checkFloatAbi(const InputFile &File) const = 0;
  // Null for a type this loader does not know.
  virtual const RelocHowTo *howTo(uint32_t Type) const = 0;
  virtual const StubFormat &stub() const = 0;
  std::string relocName(uint32_t Type) const;

protected:
  explicit Arch(uint8_t Id) : Id(Id) {}

private:
  uint8_t Id;
};

// Null for an unknown arch value.
const Arch *getArch(uint8_t ImageArch);

// Shared range checks for the Write functions.
llvm::Error checkSigned(int64_t Value, unsigned Bits);
llvm::Error checkUnsigned(uint64_t Value, unsigned Bits);
llvm::Error checkMultiple(uint64_t Value, unsigned Of);

// Per-arch instances (arch_arm.cpp, arch_x86_64.cpp).
const Arch *armArch(uint8_t ImageArch);
const Arch *x86_64Arch();

} // namespace jlremote::loader
