// The runtime's end of the link: frames (proto/frame.h) over the resident's
// byte functions, and messages (varint length + protobuf) over frames,
// decoded and encoded by nanopb straight from and into frames: no buffer
// holds a whole message.
//
// Receiving: every DATA frame is acknowledged on receipt; a repeat of the
// last delivered seq is acknowledged again and dropped. Sending: one DATA
// frame in flight, repeated every kRetryMs until its ACK arrives; the host's
// DATA frames meanwhile are neither acknowledged nor delivered (the host
// repeats them). A SYNC frame, whenever it arrives, resets both directions'
// sequence state and ends the message in progress with LinkStatus::Sync.
#pragma once

#include "frame.h"
#include "resident_services.h"

#include <pb.h>

namespace jlremote {

enum class LinkStatus : uint8_t {
  Ok,
  Sync,        // the host sent SYNC: the message in progress is dropped
  Interrupted, // a new message started before this one ended: it is pending
  Undecodable, // a whole message arrived but nanopb refused it
};

class Link {
public:
  static constexpr uint32_t kRetryMs = 200;

  // Takes over from the resident: its byte functions and sequence numbers.
  void init(const ResidentServices &services);

  // Waits for the next message and decodes it into `message`. After any
  // status but Ok the message is gone (for Interrupted: the next one waits).
  [[nodiscard]] LinkStatus receive(const pb_msgdesc_t *fields, void *message);
  // Sends `message` and returns once every frame is acknowledged (Ok), or
  // when a SYNC abandons it (Sync).
  [[nodiscard]] LinkStatus send(const pb_msgdesc_t *fields,
                                const void *message);
  // Link bytes (frames, ACKs, repeats) since init().
  uint32_t bytesReceived() const { return BytesIn_; }
  uint32_t bytesSent() const { return BytesOut_; }

private:
  static void writeCounted(void *link, uint8_t byte);
  enum class Event : uint8_t { Data, Sync };

  static bool readCallback(pb_istream_t *stream, pb_byte_t *buffer,
                           size_t count);
  static bool writeCallback(pb_ostream_t *stream, const pb_byte_t *buffer,
                            size_t count);

  bool pull(uint8_t *buffer, size_t count);
  bool drain();
  Event nextData();
  bool readFrame(bool timed, uint32_t since);
  bool sendFrame(size_t size);
  void ack(uint8_t seq);
  void onSync(uint8_t seq);

  const ResidentServices *Services_ = nullptr;
  uint32_t BytesIn_ = 0, BytesOut_ = 0;
  FrameDecoder *Decoder_ = nullptr; // the resident's (see ResidentServices)
  // Receive side: the unread rest of the current frame and of the message.
  const uint8_t *RxData_ = nullptr;
  size_t RxFrameLeft_ = 0;
  size_t RxMessageLeft_ = 0;
  bool RxPending_ = false; // Decoder_->frame() starts the next message
  bool RxSync_ = false;    // a SYNC ended the message being read
  uint8_t LastRxSeq_ = 0;
  bool RxAny_ = false; // after SYNC: deliver the next DATA whatever its seq
  // Send side: the frame being filled.
  uint8_t TxSeq_ = 0;
  bool TxStart_ = false;
  bool TxSync_ = false;
  size_t TxSize_ = 0;
  uint8_t TxBuffer_[kMaxPayload];
};

} // namespace jlremote
