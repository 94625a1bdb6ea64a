// The ABI between the resident bootstrapper and the runtime it loads.
// The resident jumps to the runtime image's entry as
//     void entry(const ResidentServices *services)
// and the runtime reaches the link and the image loader only through this
// table, so one runtime image per architecture serves every board. The POSIX
// device fills the same table from ordinary functions.
//
// Bump kResidentAbiVersion whenever the table changes: a runtime refuses a
// table of another version (it cannot report, so it returns to the resident,
// which answers the next Hello in the resident stage).
#pragma once

#include "frame.h"
#include "image_loader.h"

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

constexpr uint32_t kResidentAbiVersion = 5;

struct ResidentServices {
  uint32_t AbiVersion;
  uint8_t Arch;  // ImageArch of this core
  uint8_t Board; // board id (bootloaders/README.md)
  // Sequence number of the last DATA frame the resident acknowledged (the
  // StartRuntime request): the runtime acks a repeat of it rather than
  // delivering it again.
  uint8_t LastRxSeq;
  uint8_t NextTxSeq; // sequence number the runtime's first DATA frame uses
  uint32_t CoreClockHz;
  // RAM the runtime may use for its heap, stacks excluded: from the end of
  // the runtime image's bss (its relocations behind it are spent) to the
  // bottom of the stack reserve; for a runtime in flash, from RamStart to
  // its bss.
  uintptr_t HeapStart;
  uintptr_t HeapEnd;
  uint32_t ResidentSize; // bytes flashed, vector table included

  // Link: non-blocking receive (-1 if no byte waits) and blocking send.
  int (*ReadByte)();
  void (*WriteByte)(void *context, uint8_t byte); // a frame.h PutByte
  // Milliseconds since boot, wrapping.
  uint32_t (*Millis)();
  // The resident's loader (image_loader.h).
  ImageCheck (*LoadImage)(uint8_t *image, size_t received, size_t blockSize,
                          uint8_t deviceArch, const StubHook &stubs,
                          uintptr_t *entry);
  // Makes freshly written code visible to instruction fetch (I-cache
  // maintenance on Cortex-M7; nothing on cores without a cache).
  void (*SyncCode)(const void *code, size_t size);
  // Back to the resident stage, as after a reset. Does not return. Null on
  // the POSIX device, which has no resident stage: there the runtime drops
  // every image and slot itself and stays in the runtime stage.
  void (*Restart)();
  // Wire bytes of the runtime image (StartRuntime.length: header, code and
  // relocations; its block is that plus the bss), or its code bytes when it
  // runs from flash (bootloaders/README.md), reported in Info; 0 on the
  // POSIX device, whose runtime is linked in.
  uint32_t RuntimeSize;
  // The RAM the resident advertises in its DeviceHello, repeated by the
  // runtime's DeviceHello and Info; 0 on the POSIX device.
  uint32_t RamStart;
  uint32_t RamEnd;
  // The resident's frame decoder (its 262-byte buffer), lent to the runtime
  // so that RAM holds no second one: on the 16 KB micro:bit every byte the
  // runtime does not take is heap.
  FrameDecoder *Decoder;
  // A word the resident's fault handler reads: null, a processor fault
  // resets the core; else it is called, in handler mode, with the address of
  // the exception frame the core pushed (r0-r3, r12, lr, pc, xPSR), and the
  // exception returns to whatever pc the hook leaves there. The POSIX
  // device's SIGSEGV/SIGBUS handler reads its own word the same way.
  uintptr_t *FaultHook;
};

} // namespace jlremote
