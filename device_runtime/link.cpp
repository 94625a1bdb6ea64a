#include "link.h"

#include <pb_decode.h>
#include <pb_encode.h>

namespace jlremote {

void Link::init(const ResidentServices &services) {
  Services_ = &services;
  BytesIn_ = BytesOut_ = 0;
  Decoder_ = services.Decoder;
  Decoder_->reset();
  RxFrameLeft_ = 0;
  RxMessageLeft_ = 0;
  RxPending_ = false;
  // The resident acknowledged StartRuntime with this seq: a repeat of it
  // (its ACK was lost) is acknowledged again, not delivered.
  LastRxSeq_ = services.LastRxSeq;
  RxAny_ = false;
  TxSeq_ = services.NextTxSeq;
}

void Link::ack(uint8_t seq) {
  encodeFrame(kFrameAck, seq, nullptr, 0, &writeCounted, this);
}

void Link::onSync(uint8_t seq) {
  LastRxSeq_ = 0;
  RxAny_ = true;
  TxSeq_ = 0;
  RxFrameLeft_ = 0;
  RxMessageLeft_ = 0;
  RxPending_ = false;
  ack(seq);
}

void Link::writeCounted(void *link, uint8_t byte) {
  Link &L = *static_cast<Link *>(link);
  ++L.BytesOut_;
  L.Services_->WriteByte(nullptr, byte);
}

// Feeds received bytes to the decoder until a frame is complete (true) or,
// if `timed`, kRetryMs have passed since `since` (false).
bool Link::readFrame(bool timed, uint32_t since) {
  for (;;) {
    if (timed && Services_->Millis() - since >= kRetryMs)
      return false;
    const int Byte = Services_->ReadByte();
    if (Byte < 0)
      continue;
    ++BytesIn_;
    if (Decoder_->push(uint8_t(Byte)) == DecodeStatus::Complete)
      return true;
  }
}

// The next DATA frame not seen before (acknowledged), or a SYNC.
Link::Event Link::nextData() {
  for (;;) {
    readFrame(false, 0);
    const Frame &F = Decoder_->frame();
    switch (F.kind & kFrameKindMask) {
    case kFrameSync:
      onSync(F.seq);
      return Event::Sync;
    case kFrameData:
      ack(F.seq);
      if (!RxAny_ && F.seq == LastRxSeq_)
        break; // a repeat: its ACK was lost
      RxAny_ = false;
      LastRxSeq_ = F.seq;
      return Event::Data;
    default:
      break; // a stray ACK
    }
  }
}

// Copies (or skips, for a null buffer) `count` bytes of the current message,
// taking its following frames as needed.
bool Link::pull(uint8_t *buffer, size_t count) {
  while (count > 0) {
    if (RxFrameLeft_ == 0) {
      if (nextData() == Event::Sync) {
        RxSync_ = true;
        return false;
      }
      const Frame &F = Decoder_->frame();
      if (F.kind & kFrameStart) {
        RxPending_ = true;
        return false;
      }
      RxData_ = F.payload;
      RxFrameLeft_ = F.size;
      continue;
    }
    const size_t N = count < RxFrameLeft_ ? count : RxFrameLeft_;
    for (size_t I = 0; buffer && I < N; ++I)
      *buffer++ = RxData_[I];
    RxData_ += N;
    RxFrameLeft_ -= N;
    RxMessageLeft_ -= N;
    count -= N;
  }
  return true;
}

bool Link::drain() { return pull(nullptr, RxMessageLeft_); }

bool Link::readCallback(pb_istream_t *stream, pb_byte_t *buffer, size_t count) {
  return static_cast<Link *>(stream->state)->pull(buffer, count);
}

LinkStatus Link::receive(const pb_msgdesc_t *fields, void *message) {
  RxSync_ = false;
  // Continuation frames of a message dropped earlier are skipped here.
  do {
    if (!RxPending_ && nextData() == Event::Sync)
      return LinkStatus::Sync;
    RxPending_ = false;
  } while (!(Decoder_->frame().kind & kFrameStart));
  RxData_ = Decoder_->frame().payload;
  RxFrameLeft_ = Decoder_->frame().size;

  pb_istream_t In{};
  In.callback = &readCallback;
  In.state = this;
  In.bytes_left = SIZE_MAX;
  RxMessageLeft_ = SIZE_MAX;
  uint32_t Length;
  bool Decoded = pb_decode_varint32(&In, &Length);
  if (Decoded) {
    RxMessageLeft_ = Length;
    In.bytes_left = Length;
    Decoded = pb_decode(&In, fields, message);
  } else {
    RxMessageLeft_ = 0; // no length: the rest is skipped as continuations
  }
  if (RxSync_)
    return LinkStatus::Sync;
  if (RxPending_)
    return LinkStatus::Interrupted;
  if (Decoded)
    return LinkStatus::Ok;
  // Read the refused message to its end so its last frame is acknowledged
  // and its continuations are not taken for the next message.
  if (!drain())
    return RxSync_ ? LinkStatus::Sync : LinkStatus::Interrupted;
  return LinkStatus::Undecodable;
}

bool Link::sendFrame(size_t size) {
  const uint8_t Kind = kFrameData | (TxStart_ ? kFrameStart : 0);
  for (;;) {
    encodeFrame(Kind, TxSeq_, TxBuffer_, size, &writeCounted, this);
    const uint32_t Sent = Services_->Millis();
    while (readFrame(true, Sent)) {
      const Frame &F = Decoder_->frame();
      const uint8_t FrameKind = F.kind & kFrameKindMask;
      if (FrameKind == kFrameSync) {
        onSync(F.seq);
        TxSync_ = true;
        return false;
      }
      if (FrameKind == kFrameAck && F.seq == TxSeq_) {
        ++TxSeq_;
        TxStart_ = false;
        TxSize_ = 0;
        return true;
      }
      // The host's DATA waits: it repeats it once this frame is through.
    }
  }
}

bool Link::writeCallback(pb_ostream_t *stream, const pb_byte_t *buffer,
                         size_t count) {
  Link &L = *static_cast<Link *>(stream->state);
  for (size_t I = 0; I < count; ++I) {
    L.TxBuffer_[L.TxSize_++] = buffer[I];
    if (L.TxSize_ == kMaxPayload && !L.sendFrame(L.TxSize_))
      return false;
  }
  return true;
}

LinkStatus Link::send(const pb_msgdesc_t *fields, const void *message) {
  size_t Size;
  if (!pb_get_encoded_size(&Size, fields, message))
    return LinkStatus::Undecodable;
  TxSize_ = 0;
  TxStart_ = true;
  TxSync_ = false;
  pb_ostream_t Out{};
  Out.callback = &writeCallback;
  Out.state = this;
  Out.max_size = SIZE_MAX;
  if (pb_encode_varint(&Out, Size) && pb_encode(&Out, fields, message) &&
      (TxSize_ == 0 || sendFrame(TxSize_)))
    return LinkStatus::Ok;
  return TxSync_ ? LinkStatus::Sync : LinkStatus::Undecodable;
}

} // namespace jlremote
