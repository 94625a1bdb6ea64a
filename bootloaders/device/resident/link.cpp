#include "link.h"

#include "board.h"
#include "cortex_m.h"

namespace jlremote {
namespace {
// Long enough for the host to answer a frame at 115200 baud, short enough
// that a lost frame costs little.
constexpr uint32_t kRetransmitMs = 100;
} // namespace

// Reads at most one byte; returns a whole, valid frame when it completes.
// SYNC is answered here, so both directions see it.
const Frame *Link::poll() {
  const int Byte = board::readByte();
  if (Byte < 0 || Decoder_.push(uint8_t(Byte)) != DecodeStatus::Complete)
    return nullptr;
  const Frame &Received = Decoder_.frame();
  if ((Received.kind & kFrameKindMask) == kFrameSync) {
    Delivered_ = false;
    TxSeq_ = 0;
    acknowledge(Received.seq);
  }
  return &Received;
}

void Link::acknowledge(uint8_t seq) {
  encodeFrame(kFrameAck, seq, nullptr, 0, board::writeByte, nullptr);
}

const Frame &Link::receive() {
  for (;;) {
    const Frame *Received = poll();
    // ACKs are stale here: nothing of ours is in flight.
    if (!Received || (Received->kind & kFrameKindMask) != kFrameData)
      continue;
    acknowledge(Received->seq);
    if (Delivered_ && Received->seq == LastRx_)
      continue;
    Delivered_ = true;
    LastRx_ = Received->seq;
    return *Received;
  }
}

void Link::send(const uint8_t *message, size_t size) {
  for (;;) {
    encodeFrame(kFrameData | kFrameStart, TxSeq_, message, size,
                board::writeByte, nullptr);
    const uint32_t Sent = millis();
    while (millis() - Sent < kRetransmitMs) {
      const Frame *Received = poll();
      if (!Received)
        continue;
      const uint8_t Kind = Received->kind & kFrameKindMask;
      if (Kind == kFrameSync)
        return;
      if (Kind == kFrameAck && Received->seq == TxSeq_) {
        ++TxSeq_;
        return;
      }
    }
  }
}

} // namespace jlremote
