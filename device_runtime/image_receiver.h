// Takes a LoadImage from the wire to a filled slot: the image bytes stream
// from the frames straight into a heap block sized from the image header
// (no staging buffer), then the resident's loader checks and relocates the
// block in place, and the slots get the entry and the exports.
#pragma once

#include "heap.h"
#include "resident_services.h"
#include "slots.h"

#include <jlremote.pb.h>

namespace jlremote {

class ImageReceiver {
public:
  // A block of `size` bytes for code, making room when the heap is short
  // (the runtime's policy: garbage objects, then idle code), or null.
  // `scanFrom` is where the stack words that may hold pointers start.
  using Allocate = void *(*)(size_t size, uintptr_t scanFrom);
  // Makes decoding `message` stream a LoadImage's image into `heap`, in a
  // block from `allocate`.
  void arm(jlremote_ToDevice &message, Heap &heap, Allocate allocate,
           uintptr_t scanFrom);
  // Installs the image just decoded with `message`. On failure (code not
  // ERROR_UNSPECIFIED) the block is freed and the slots are as they were.
  [[nodiscard]] jlremote_DeviceError install(const jlremote_LoadImage &message,
                                             Slots &slots,
                                             const ResidentServices &services);
  // Frees a received block that will not be installed.
  void discard();

private:
  static bool onSubmessage(pb_istream_t *stream, const pb_field_t *field,
                           void **arg);
  static bool onImage(pb_istream_t *stream, const pb_field_t *field,
                      void **arg);
  jlremote_DeviceError refuse(jlremote_ErrorCode code, uint32_t value,
                              uint32_t expected, uint32_t slot);

  Heap *Heap_ = nullptr;
  Allocate Allocate_ = nullptr;
  uintptr_t ScanFrom_ = 0;
  uint8_t *Block_ = nullptr;
  size_t BlockSize_ = 0;
  size_t Received_ = 0;
  // Set when the block could not be allocated (the bytes were skipped).
  uint32_t Asked_ = 0;
  uint32_t Largest_ = 0;
};

} // namespace jlremote
