// The resident's end of the link: frames (proto/frame.h) over the board's
// UART, stop-and-wait in both directions, as proto/README.md specifies.
#pragma once

#include "frame.h"

namespace jlremote {

class Link {
public:
  // Blocks until a new DATA frame arrives and returns it, acknowledged.
  // SYNC frames reset the sequence state on the way; a repeated DATA frame
  // is acknowledged again and not returned.
  const Frame &receive();

  // Sends one message (it must fit in a frame) and repeats it until it is
  // acknowledged. DATA frames from the host are not acknowledged meanwhile
  // (the host repeats them); a SYNC abandons the message.
  void send(const uint8_t *message, size_t size);

  uint8_t lastRxSeq() const { return LastRx_; }
  uint8_t nextTxSeq() const { return TxSeq_; }
  // Lent to the runtime (ResidentServices::Decoder).
  FrameDecoder &decoder() { return Decoder_; }

private:
  const Frame *poll();
  void acknowledge(uint8_t seq);

  // The small fields first: Thumb-1 byte loads reach 31 bytes past a base.
  uint8_t LastRx_ = 0;
  uint8_t TxSeq_ = 0;
  bool Delivered_ = false; // LastRx_ is valid: a DATA frame since the SYNC
  FrameDecoder Decoder_;
};

} // namespace jlremote
