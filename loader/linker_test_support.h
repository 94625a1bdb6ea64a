// Shared by the loader's tests: objects compiled from IR strings, images
// read back as the device reads them, and on x86-64 a device in this process
// that runs them.
#pragma once

#include "loader/linker.h"

#include "compiler/codegen.h"
#include "image_loader.h"
#include "posix/libm_slots.h"
#include "runtime_slots.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <sys/mman.h>
#include <vector>

namespace jlremote::loader::test {

using namespace llvm;
using compiler::OptLevel;
using support::endian::read16le;
using support::endian::read32le;

inline std::unique_ptr<MemoryBuffer> compileIr(uint8_t Arch, StringRef Ir,
                                               StringRef Name = "test") {
  LLVMContext Context;
  SMDiagnostic Diag;
  auto M = parseAssemblyString(Ir, Diag, Context);
  EXPECT_TRUE(M) << Diag.getMessage().str();
  M->setModuleIdentifier(Name);
  auto Spec = cantFail(compiler::targetForArch(Arch));
  auto Object = compiler::emitObject(*M, Spec, OptLevel::O2);
  EXPECT_TRUE(bool(Object)) << toString(Object.takeError());
  return std::move(*Object);
}

inline std::unique_ptr<Linker> makeLinker(uint8_t Arch) {
  auto L =
      Linker::create(Arch, helperLibraries(Arch, JLREMOTE_TEST_DEVICE_DIR));
  EXPECT_TRUE(bool(L)) << toString(L.takeError());
  return std::move(*L);
}

// The parts of an image, read back as the device would.
struct View {
  explicit View(const Image &I) : Bytes(I.Bytes) {
    CodeSize = read16le(&Bytes[4]);
    BssSize = read16le(&Bytes[6]);
    const unsigned Count = read16le(&Bytes[8]);
    Entry = read16le(&Bytes[10]);
    for (unsigned N = 0; N < Count; ++N)
      Relocs.push_back(read32le(&Bytes[kImageHeaderSize + CodeSize + 4 * N]));
  }
  const uint8_t *code() const { return &Bytes[kImageHeaderSize]; }
  std::vector<uint32_t> slotTargets() const {
    std::vector<uint32_t> Slots;
    for (uint32_t R : Relocs)
      if ((R >> 16) != kRelocBase)
        Slots.push_back(R >> 16);
    return Slots;
  }
  size_t baseRelocs() const {
    return std::count_if(Relocs.begin(), Relocs.end(),
                         [](uint32_t R) { return (R >> 16) == kRelocBase; });
  }
  const std::vector<uint8_t> &Bytes;
  unsigned CodeSize, BssSize, Entry;
  std::vector<uint32_t> Relocs;
};

// Copies an image into a device block as the device stores it (header and
// code, then the relocations after the bss: imageBlockSize).
inline void placeImage(const Image &I, uint8_t *Block) {
  const View V(I);
  const size_t CodeEnd = kImageHeaderSize + V.CodeSize;
  std::copy(I.Bytes.begin(), I.Bytes.begin() + CodeEnd, Block);
  std::copy(I.Bytes.begin() + CodeEnd, I.Bytes.end(),
            Block + CodeEnd + V.BssSize);
}

inline Image build(Linker &L, StringRef Symbol) {
  auto Slot = L.slotFor(Symbol);
  EXPECT_TRUE(bool(Slot)) << toString(Slot.takeError());
  auto I = L.buildImage(*Slot);
  EXPECT_TRUE(bool(I)) << toString(I.takeError());
  return std::move(*I);
}

inline std::string buildError(Linker &L, StringRef Symbol) {
  auto Slot = L.slotFor(Symbol);
  if (!Slot)
    return toString(Slot.takeError());
  auto I = L.buildImage(*Slot);
  return I ? "no error" : toString(I.takeError());
}

inline void logSize(StringRef Arch, const Image &I) {
  std::printf("[size] %-14s %-16s raw %4zu bytes, image %4zu bytes (+%zu: "
              "header 16, %zu relocations, padding %zd)\n",
              Arch.str().c_str(), I.Name.c_str(), I.RawCodeSize, I.Bytes.size(),
              I.Bytes.size() - I.RawCodeSize, I.RelocCount,
              ssize_t(I.Bytes.size() - I.RawCodeSize - 16 - 4 * I.RelocCount));
}

// The POSIX device in this process: images loaded by the device's own
// loader into executable memory, and the runtime's math slots filled with
// this process's C library, as device_runtime/slots.cpp does.
class X86Device {
public:
  explicit X86Device(Linker &L) : L(L), Slots(1024, 0) {
    fillPosixLibmSlots(Slots.data());
  }
  ~X86Device() {
    for (auto [Block, Size] : Blocks)
      munmap(Block, Size);
  }

  // Loads the image for `Slot` and, eagerly, every image it imports.
  void load(uint32_t Slot) {
    if (Slots[Slot])
      return;
    auto I = L.buildImage(Slot);
    ASSERT_TRUE(bool(I)) << toString(I.takeError());
    const View V(*I);
    const size_t Size = imageBlockSize(V.CodeSize, V.BssSize, V.Relocs.size());
    void *Block = mmap(nullptr, Size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(Block, MAP_FAILED);
    Blocks.emplace_back(Block, Size);
    auto *Bytes = static_cast<uint8_t *>(Block);
    placeImage(*I, Bytes);
    // The runtime's own hook writes the stubs.
    uintptr_t Entry = 0;
    const ImageCheck Check = loadImage(
        Bytes, I->Bytes.size(), Size, kArchX86_64,
        StubHook{&writeSlotStub, Slots.data(), uint32_t(Slots.size())}, &Entry);
    ASSERT_EQ(Check.Status, kImageOk) << "value " << Check.Value;
    Slots[Slot] = Entry;
    for (auto [ExportSlot, Offset] : I->Exports)
      Slots[ExportSlot] = uintptr_t(Bytes + kImageHeaderSize + Offset);
    ++Loaded;
    for (uint32_t Target : V.slotTargets())
      load(Target);
  }

  template <typename F> F *function(StringRef Name) {
    const uint32_t Slot = cantFail(L.slotFor(Name));
    load(Slot);
    return reinterpret_cast<F *>(Slots[Slot]);
  }

  Linker &L;
  std::vector<uintptr_t> Slots;
  std::vector<std::pair<void *, size_t>> Blocks;
  unsigned Loaded = 0;
};

} // namespace jlremote::loader::test
