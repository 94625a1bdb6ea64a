// The flash stage: an image the resident starts like a runtime
// (StartRuntime), on boards whose runtime runs from flash. It writes the
// chunk of the runtime the host staged at the start of its RAM into flash,
// only the pages that differ (a board that keeps its flash across resets
// rewrites nothing the next time), and checks what it wrote. After a chunk
// it returns to the resident for the next; after the last it enters the
// runtime there, with the heap grown to everything below the runtime's bss.
// On any refusal it returns too: the host, which gets no runtime
// DeviceHello, says so.
#include "board_config.h"
#include "crc32.h"
#include "flash.h"
#include "resident_services.h"
#include "staged_runtime.h"

namespace jlremote {
namespace {

// Room for the slot table and the first images. The runtime returns only if
// its heap cannot hold the slot table, and by then the heap has overwritten
// this code: a heap this large rules that out.
constexpr uint32_t kMinHeap = 2048;

const uint32_t *stagedCode(const StagedRuntimeHeader &header) {
  return reinterpret_cast<const uint32_t *>(&header + 1);
}

// The staged chunk lies below this stage's block (whose end is HeapStart)
// and inside the code, from a page boundary; the code's flash range is after
// the resident, the entry in the code, the bss between this stage's block
// and the stack reserve (whole words), and the chunk's CRC matches.
bool valid(const StagedRuntimeHeader &header,
           const ResidentServices &services) {
  const uintptr_t Code = reinterpret_cast<uintptr_t>(stagedCode(header));
  const uint32_t Flash = header.FlashAddress, Total = header.CodeSize;
  const uint32_t Offset = header.Offset, Size = header.Size;
  return header.Magic == kStagedRuntimeMagic && Size % 4 == 0 &&
         Total % 4 == 0 && Size <= services.HeapStart - Code &&
         Offset % board::kFlashPageSize == 0 && Offset <= Total &&
         Size <= Total - Offset && Flash % board::kFlashPageSize == 0 &&
         Flash >= services.ResidentSize && Flash <= board::kFlashSize &&
         Total <= board::kFlashSize - Flash && header.Entry - Flash < Total &&
         header.BssSize % 4 == 0 && header.BssStart >= services.HeapStart &&
         header.BssStart <= services.HeapEnd &&
         header.BssSize <= services.HeapEnd - header.BssStart &&
         header.BssStart - services.RamStart >= kMinHeap &&
         crc32(reinterpret_cast<const uint8_t *>(Code), Size) == header.Crc;
}

bool same(const uint32_t *a, const uint32_t *b, uint32_t words) {
  for (uint32_t I = 0; I < words; ++I)
    if (a[I] != b[I])
      return false;
  return true;
}

// Page by page: erase and write only where the flash differs, then read the
// page back.
bool program(const StagedRuntimeHeader &header) {
  const uint32_t *Staged = stagedCode(header);
  for (uint32_t Offset = 0; Offset < header.Size;
       Offset += board::kFlashPageSize) {
    const uint32_t Address = header.FlashAddress + header.Offset + Offset;
    const uint32_t Left = header.Size - Offset;
    const uint32_t Words =
        (Left < board::kFlashPageSize ? Left : board::kFlashPageSize) / 4;
    const auto *Flash = reinterpret_cast<const uint32_t *>(Address);
    const uint32_t *From = Staged + Offset / 4;
    if (same(Flash, From, Words))
      continue;
    board::erasePage(Address);
    board::writeFlash(Address, From, Words);
    if (!same(Flash, From, Words))
      return false;
  }
  return true;
}

} // namespace
} // namespace jlremote

extern "C" void
jlremote_flash_stage_entry(const jlremote::ResidentServices *services) {
  using namespace jlremote;
  if (services->AbiVersion != kResidentAbiVersion)
    return;
  const auto &Staged =
      *reinterpret_cast<const StagedRuntimeHeader *>(services->RamStart);
  if (!valid(Staged, *services) || !program(Staged) ||
      Staged.Offset + Staged.Size < Staged.CodeSize)
    return; // refused, or the host has more chunks
  // The whole code as it is in flash now: a chunk refused before this one
  // left it short of what the host sent.
  if (crc32(reinterpret_cast<const uint8_t *>(Staged.FlashAddress),
            Staged.CodeSize) != Staged.CodeCrc)
    return;
  // The runtime's heap starts at RamStart, over the staged code and this
  // image: what the runtime needs is copied out first.
  ResidentServices Runtime = *services;
  Runtime.HeapStart = services->RamStart;
  Runtime.HeapEnd = Staged.BssStart;
  Runtime.RuntimeSize = Staged.CodeSize;
  auto *Bss = reinterpret_cast<volatile uint32_t *>(Staged.BssStart);
  for (uint32_t I = 0; I < Staged.BssSize / 4; ++I)
    Bss[I] = 0;
  const auto Entry =
      reinterpret_cast<void (*)(const ResidentServices *)>(Staged.Entry);
  Runtime.SyncCode(reinterpret_cast<const void *>(Staged.FlashAddress),
                   Staged.CodeSize);
  Entry(&Runtime);
}
