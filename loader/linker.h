// Host side of code loading: ELF objects in, position-independent images
// out (format: device_runtime/image_format.h). One image per function: its
// text section, the data it references, and room in its bss for a stub per
// function it calls outside itself (the device writes the stubs); calls go
// through numbered slots the device fills on demand. See README.md for the
// rules and limits.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace jlremote::loader {

struct Image {
  std::vector<uint8_t> Bytes; // header + code + relocations, CRC filled in
  uint32_t Slot;              // slot of the main entry (the header's entry)
  // Other entry points in this image: (slot, code offset incl. Thumb bit).
  std::vector<std::pair<uint32_t, uint32_t>> Exports;
  std::string Name;   // symbol of the main entry
  size_t RawCodeSize; // bytes of the unit's own sections (code, rodata,
                      // data), before padding
  size_t RelocCount;
};

class Linker {
public:
  // Helper libraries define the compiler's runtime routines for the arch
  // (libgcc.a on ARM; helpers-<arch>.o with memcpy & co.): ELF objects or
  // ar archives, searched in order after the user objects.
  static llvm::Expected<std::unique_ptr<Linker>>
  create(uint8_t Arch, llvm::ArrayRef<std::string> HelperLibraryPaths);
  ~Linker();

  // User code. Checked: ELF class, byte order, machine, ABI version, float
  // ABI, relocatable. A global defined again by a later object replaces the
  // earlier definition (its slot stays): that is how a function is swapped.
  llvm::Error addObject(std::unique_ptr<llvm::MemoryBuffer> Object);

  // The slot of a defined symbol: assigned on first use, stable afterwards.
  llvm::Expected<uint32_t> slotFor(llvm::StringRef Symbol);

  // The image holding the symbol of `Slot`, built from the current
  // definitions.
  llvm::Expected<Image> buildImage(uint32_t Slot);

  // Empty for a slot never assigned.
  llvm::StringRef symbolOf(uint32_t Slot) const;

private:
  struct Impl;
  explicit Linker(std::unique_ptr<Impl> P);
  std::unique_ptr<Impl> P;
};

// The device runtime: a fully linked ELF (linked at 0, with --emit-relocs)
// as one image whose relocations are all kRelocBase; entry = e_entry.
// Absolute relocations other than whole pointer words are refused by name.
llvm::Expected<std::vector<uint8_t>>
buildExecutableImage(llvm::MemoryBufferRef Elf, uint8_t Arch);

// A fully linked ELF at fixed addresses (the runtime placed in a board's
// flash, bootloaders/device/runtime_flash.ld): the bytes of its loaded
// sections from the lowest address (gaps zero-filled) and the range of its
// bss. Initialised writable data is refused: nothing would copy it to RAM.
struct PlacedExecutable {
  uint64_t Address; // of Bytes[0]
  std::vector<uint8_t> Bytes;
  uint64_t Entry; // e_entry: on Thumb, with bit 0 set
  uint64_t BssAddress = 0, BssSize = 0;
};
llvm::Expected<PlacedExecutable> readPlacedExecutable(llvm::MemoryBufferRef Elf,
                                                      uint8_t Arch);

// The helper libraries for an arch: `DeviceDir`/helpers-<arch>.o and
// helpers-math-<arch>.o, then the compiler runtime library (libgcc.a) and on
// ARM newlib's libm.a, both found at configure time.
std::vector<std::string> helperLibraries(uint8_t Arch,
                                         llvm::StringRef DeviceDir);

// The name the helper libraries of `Arch` define `Symbol` under when it is
// not `Symbol` itself, else empty: on ARM, newlib's libm kernels for the C
// names whose public wrappers set errno (`exp` -> `__ieee754_exp`; README.md,
// "Math on the device"). The linker applies it to helper libraries only: a
// user object's own `exp` stays its own.
llvm::StringRef helperAlias(uint8_t Arch, llvm::StringRef Symbol);

// "thumbv7m", "x86_64", ...; "unknown" for a value outside the enum.
llvm::StringRef archName(uint8_t Arch);

} // namespace jlremote::loader
