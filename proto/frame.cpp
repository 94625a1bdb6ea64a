#include "frame.h"

#include "crc32.h"

namespace jlremote {

DecodeStatus FrameDecoder::push(uint8_t byte) {
  if (byte == kFrameFlag) {
    // A flag both ends a frame and starts the next one.
    const State Ended = State_;
    const size_t Size = Size_;
    Size_ = 0;
    State_ = InBody;
    // Ifs, not a switch: on Cortex-M0 a switch becomes a libgcc table call,
    // which the resident does not link.
    if (Ended == BeforeFirstFlag)
      return DecodeStatus::Incomplete;
    if (Ended == DropTooLong)
      return DecodeStatus::TooLong;
    if (Ended != InBody)
      return DecodeStatus::BadEscape;
    if (Size == 0)
      return DecodeStatus::Incomplete; // idle fill between frames
    if (Size < kFrameHeaderSize + kFrameCrcSize)
      return DecodeStatus::TooShort;
    const size_t Body = Size - kFrameCrcSize;
    const uint32_t Expected =
        uint32_t(Buffer_[Body]) | uint32_t(Buffer_[Body + 1]) << 8 |
        uint32_t(Buffer_[Body + 2]) << 16 | uint32_t(Buffer_[Body + 3]) << 24;
    if (crc32(Buffer_, Body) != Expected)
      return DecodeStatus::BadCrc;
    const uint8_t Kind = Buffer_[0];
    if ((Kind & ~(kFrameKindMask | kFrameStart)) != 0 ||
        (Kind & kFrameKindMask) > kFrameSync)
      return DecodeStatus::BadKind;
    Frame_ = Frame{Kind, Buffer_[1], Buffer_ + kFrameHeaderSize,
                   Body - kFrameHeaderSize};
    return DecodeStatus::Complete;
  }
  if (State_ == AfterEscape) {
    byte ^= kFrameEscapeXor;
    if (byte != kFrameFlag && byte != kFrameEscape) {
      State_ = DropBadEscape;
      return DecodeStatus::Incomplete;
    }
    State_ = InBody;
  } else if (State_ != InBody) {
    return DecodeStatus::Incomplete;
  } else if (byte == kFrameEscape) {
    State_ = AfterEscape;
    return DecodeStatus::Incomplete;
  }
  if (Size_ == kMaxFrameBody) {
    State_ = DropTooLong;
    return DecodeStatus::Incomplete;
  }
  Buffer_[Size_++] = byte;
  return DecodeStatus::Incomplete;
}

namespace {
void putStuffed(uint8_t byte, PutByte put, void *context) {
  if (byte == kFrameFlag || byte == kFrameEscape) {
    put(context, kFrameEscape);
    byte ^= kFrameEscapeXor;
  }
  put(context, byte);
}
} // namespace

void encodeFrame(uint8_t kind, uint8_t seq, const uint8_t *payload,
                 size_t payloadSize, PutByte put, void *context) {
  const uint8_t Header[kFrameHeaderSize] = {kind, seq};
  uint32_t Crc = crc32Update(0, Header, kFrameHeaderSize);
  Crc = crc32Update(Crc, payload, payloadSize);
  put(context, kFrameFlag);
  putStuffed(kind, put, context);
  putStuffed(seq, put, context);
  for (size_t I = 0; I < payloadSize; ++I)
    putStuffed(payload[I], put, context);
  for (int Shift = 0; Shift < 32; Shift += 8)
    putStuffed(uint8_t(Crc >> Shift), put, context);
  put(context, kFrameFlag);
}

} // namespace jlremote
