#include "image_receiver.h"

#include <pb_decode.h>

namespace jlremote {

static_assert(int(kImageBadMagic) == jlremote_ErrorCode_ERROR_IMAGE_MAGIC &&
                  int(kImageBadReloc) == jlremote_ErrorCode_ERROR_IMAGE_RELOC,
              "ImageStatus values are jlremote.ErrorCode values");

namespace {
uint16_t read16(const uint8_t *p) { return uint16_t(p[0] | p[1] << 8); }
} // namespace

void ImageReceiver::arm(jlremote_ToDevice &message, Heap &heap,
                        Allocate allocate, uintptr_t scanFrom) {
  Heap_ = &heap;
  Allocate_ = allocate;
  ScanFrom_ = scanFrom;
  Asked_ = 0;
  message.cb_msg.funcs.decode = &onSubmessage;
  message.cb_msg.arg = this;
}

// Runs before each submessage of ToDevice: LoadImage's callback lives inside
// the oneof, which nanopb clears just before this.
bool ImageReceiver::onSubmessage(pb_istream_t *, const pb_field_t *field,
                                 void **arg) {
  if (field->tag == jlremote_ToDevice_load_image_tag) {
    auto *Message = static_cast<jlremote_LoadImage *>(field->pData);
    Message->image.funcs.decode = &onImage;
    Message->image.arg = *arg;
  }
  return true;
}

bool ImageReceiver::onImage(pb_istream_t *stream, const pb_field_t *,
                            void **arg) {
  ImageReceiver &R = *static_cast<ImageReceiver *>(*arg);
  R.discard(); // a repeated field: the last one counts
  R.Asked_ = 0;
  const size_t Total = stream->bytes_left;
  uint8_t Header[kImageHeaderSize];
  const size_t HeaderBytes =
      Total < kImageHeaderSize ? Total : kImageHeaderSize;
  if (!pb_read(stream, Header, HeaderBytes))
    return false;
  // The block needs room for the bss, which only the header knows, and the
  // relocations go after it (imageBlockSize). A header that disagrees with
  // the byte count gets a block for the bytes alone, in wire order: the
  // loader refuses it with the precise error.
  size_t Size = Total < kImageHeaderSize ? kImageHeaderSize : Total;
  size_t CodeEnd = Total, Bss = 0;
  if (HeaderBytes == kImageHeaderSize) {
    const size_t Code = read16(Header + 4), Relocs = read16(Header + 8);
    if (kImageHeaderSize + Code + Relocs * kRelocSize == Total) {
      Bss = read16(Header + 6);
      Size = imageBlockSize(Code, Bss, Relocs);
      CodeEnd = kImageHeaderSize + Code;
    }
  }
  auto *Block = static_cast<uint8_t *>(R.Allocate_(Size, R.ScanFrom_));
  if (!Block) {
    R.Asked_ = uint32_t(Size);
    R.Largest_ = uint32_t(R.Heap_->largestFree());
    return pb_read(stream, nullptr, stream->bytes_left);
  }
  for (size_t I = 0; I < HeaderBytes; ++I)
    Block[I] = Header[I];
  if (!pb_read(stream, Block + HeaderBytes, CodeEnd - HeaderBytes) ||
      !pb_read(stream, Block + CodeEnd + Bss, Total - CodeEnd)) {
    R.Heap_->free(Block);
    return false;
  }
  R.Block_ = Block;
  R.BlockSize_ = Size;
  R.Received_ = Total;
  return true;
}

void ImageReceiver::discard() {
  if (Block_)
    Heap_->free(Block_);
  Block_ = nullptr;
}

jlremote_DeviceError ImageReceiver::refuse(jlremote_ErrorCode code,
                                           uint32_t value, uint32_t expected,
                                           uint32_t slot) {
  discard();
  return jlremote_DeviceError{code, value, expected, slot};
}

jlremote_DeviceError ImageReceiver::install(const jlremote_LoadImage &message,
                                            Slots &slots,
                                            const ResidentServices &services) {
  const uint32_t Slot = message.slot;
  if (Asked_ != 0)
    return refuse(jlremote_ErrorCode_ERROR_OUT_OF_MEMORY, Asked_, Largest_,
                  Slot);
  if (Slot >= slots.count())
    return refuse(jlremote_ErrorCode_ERROR_BAD_SLOT, Slot, slots.count(), Slot);
  for (pb_size_t I = 0; I < message.exports_count; ++I)
    if (message.exports[I].slot >= slots.count())
      return refuse(jlremote_ErrorCode_ERROR_BAD_SLOT, message.exports[I].slot,
                    slots.count(), Slot);
  if (!Block_) // proto3 leaves an empty image out altogether
    return refuse(jlremote_ErrorCode_ERROR_IMAGE_SIZE, 0, kImageHeaderSize,
                  Slot);

  uintptr_t Entry;
  const ImageCheck Check = services.LoadImage(
      Block_, Received_, BlockSize_, services.Arch, slots.stubHook(), &Entry);
  if (Check.Status != kImageOk)
    return refuse(jlremote_ErrorCode(Check.Status), Check.Value, Check.Expected,
                  Slot);
  // Exports get the same check as the header's entry (Thumb bit included).
  const uint32_t CodeSize = read16(Block_ + 4);
  for (pb_size_t I = 0; I < message.exports_count; ++I)
    if ((message.exports[I].offset & ~1u) >= CodeSize)
      return refuse(jlremote_ErrorCode_ERROR_IMAGE_SIZE,
                    message.exports[I].offset, CodeSize, Slot);

  // Code and stubs (in the bss) are what instruction fetch may see; the
  // relocations behind them are spent.
  uint8_t *const Code = Block_ + kImageHeaderSize;
  const uint32_t Loaded = CodeSize + read16(Block_ + 6);
  services.SyncCode(Code, Loaded);
  Heap_->shrink(Block_, kImageHeaderSize + Loaded);
  slots.set(Slot, Entry);
  for (pb_size_t I = 0; I < message.exports_count; ++I)
    slots.set(message.exports[I].slot,
              reinterpret_cast<uintptr_t>(Code) + message.exports[I].offset);
  Block_ = nullptr; // the block now belongs to the slots
  return jlremote_DeviceError{jlremote_ErrorCode_ERROR_UNSPECIFIED, 0, 0, Slot};
}

} // namespace jlremote
