// Frames: the unit the link carries. Freestanding; shared by the resident
// bootstrapper, the device runtime and the host.
//
// On the wire:   0x7E  stuffed(kind seq payload crc32le)  0x7E
//   stuffing     0x7E -> 0x7D 0x5E, 0x7D -> 0x7D 0x5D (HDLC): 0x7E never
//                appears inside a frame, so a receiver resynchronises at the
//                next flag after any corruption or dropped byte.
//   kind         bits 0-1: FrameKind; bit 7 (kFrameStart): first frame of a
//                message. Other bits are zero.
//   seq          DATA: sender's sequence number; ACK: the seq acknowledged;
//                SYNC: any, echoed in its ACK.
//   payload      0..kMaxPayload bytes (ACK: none).
//   crc32        CRC-32 (crc32.h) of kind, seq and payload, little-endian.
//
// A message is varint(length) followed by the protobuf bytes, cut into DATA
// frames of at most kMaxPayload bytes; its first frame has kFrameStart.
// Each direction is stop-and-wait: the sender keeps one DATA frame in flight
// and repeats it after a timeout until the ACK with its seq arrives; the
// receiver acknowledges every DATA frame, delivers a seq once, and re-acks a
// repeat of the seq it delivered last. A SYNC frame (sent by the host when it
// connects) makes the receiver forget both directions' sequence state and any
// half-received message: its next DATA frame is delivered whatever its seq,
// and its own next DATA frame uses seq 0. SYNC is acknowledged like DATA.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace jlremote {

constexpr uint8_t kFrameFlag = 0x7E;
constexpr uint8_t kFrameEscape = 0x7D;
constexpr uint8_t kFrameEscapeXor = 0x20;
constexpr size_t kMaxPayload = 256;
constexpr size_t kFrameHeaderSize = 2; // kind, seq
constexpr size_t kFrameCrcSize = 4;
constexpr size_t kMaxFrameBody = kFrameHeaderSize + kMaxPayload + kFrameCrcSize;

enum FrameKind : uint8_t {
  kFrameData = 0,
  kFrameAck = 1,
  kFrameSync = 2,
};
constexpr uint8_t kFrameKindMask = 0x03;
constexpr uint8_t kFrameStart = 0x80;

struct Frame {
  uint8_t kind; // FrameKind | kFrameStart
  uint8_t seq;
  const uint8_t *payload; // points into the decoder's buffer
  size_t size;
};

enum class DecodeStatus : uint8_t {
  Incomplete, // byte taken, no frame yet
  Complete,   // frame() is valid until the next push
  BadCrc,     // a whole frame arrived but its CRC is wrong: dropped
  TooLong,    // more than kMaxFrameBody bytes before a flag: dropped
  TooShort,   // fewer bytes than a header and CRC: dropped
  BadEscape,  // escape followed by a byte that is not an escaped flag/escape
  BadKind,    // reserved kind bits set: dropped
};

// Byte-at-a-time frame decoder. Knows nothing of the transport: feed it
// whatever arrives. Errors drop the frame and wait for the next flag; empty
// frames (two flags in a row) are idle fill and ignored.
class FrameDecoder {
public:
  DecodeStatus push(uint8_t byte);
  const Frame &frame() const { return Frame_; }
  void reset() {
    Size_ = 0;
    State_ = BeforeFirstFlag;
  }

private:
  // The small fields before the buffer: Thumb-1 byte loads reach only 31
  // bytes past a base register, and this code is resident on Cortex-M0.
  // Where the decoder is between two bytes. The Drop states swallow the rest
  // of a bad frame and name why at its closing flag.
  enum State : uint8_t {
    BeforeFirstFlag,
    InBody,
    AfterEscape,
    DropTooLong,
    DropBadEscape,
  };
  size_t Size_ = 0;
  State State_ = BeforeFirstFlag;
  Frame Frame_ = {0, 0, nullptr, 0};
  // Initialised so that a static FrameDecoder is constant-initialised (the
  // resident keeps one in .bss and runs no constructors).
  uint8_t Buffer_[kMaxFrameBody] = {};
};

using PutByte = void (*)(void *context, uint8_t byte);

// Writes one frame through put(); payloadSize must be <= kMaxPayload.
void encodeFrame(uint8_t kind, uint8_t seq, const uint8_t *payload,
                 size_t payloadSize, PutByte put, void *context);

// The largest wire size of a frame with payloadSize bytes of payload.
constexpr size_t maxEncodedFrameSize(size_t payloadSize) {
  return 2 + 2 * (kFrameHeaderSize + payloadSize + kFrameCrcSize);
}

} // namespace jlremote
