// The link: proto/frame.h's rules over a Transport, for whole messages.
//
// Sending: a message is varint(length) + bytes, cut into DATA frames of at
// most kMaxPayload bytes (the first marked kFrameStart), sent stop-and-wait:
// one frame in flight, repeated after RetransmitTimeout (doubling each try,
// at most MaxRetransmitTimeout) until its ACK arrives; after MaxTries sends
// the link fails with an error naming the frame and message that were lost.
// Receiving: every DATA frame is acked at once, a repeat of the last
// delivered seq is acked and dropped, complete messages queue up until
// receive() takes them. sync() sends SYNC until it is acked (the host's
// first act); a SYNC received resets this end the same way a device does.
//
// Threading: single-threaded, on the caller's io_context. send(), sync() and
// receive() block by running the io_context until they are done or their
// deadline passes, so reads, ACKs and retransmissions keep going meanwhile
// (and so does every other Link on the same io_context, as in the tests).
// A failure (retries exhausted, transport error, EOF) is sticky: every later
// call returns it. close() cancels everything; that is a shutdown, not a
// failure.
#pragma once

#include "frame.h"
#include "transport.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace jlremote::host {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::milliseconds;

struct LinkOptions {
  Millis RetransmitTimeout{100};
  Millis MaxRetransmitTimeout{1000};
  unsigned MaxTries = 10;          // sends of one frame, the first included
  size_t MaxMessageSize = 1 << 20; // longer announced lengths are garbage
};

// Counters for stats and benchmarks. Bytes are wire bytes (stuffing, flags
// and CRCs included).
struct LinkStats {
  uint64_t BytesSent = 0, BytesReceived = 0;
  uint64_t FramesSent = 0, FramesReceived = 0; // every kind, repeats included
  uint64_t MessagesSent = 0, MessagesReceived = 0;
  uint64_t Retransmissions = 0;   // DATA/SYNC frames sent again on timeout
  uint64_t DuplicatesDropped = 0; // repeated DATA frames acked, not delivered
  uint64_t BadFrames = 0;         // CRC, escape, length or kind errors
};

class Link {
public:
  Link(asio::io_context &Io, Transport &Port, LinkOptions Options = {});
  ~Link();
  Link(const Link &) = delete;
  Link &operator=(const Link &) = delete;

  // Sends SYNC until acked; afterwards both directions start afresh (our
  // next DATA has seq 0, the peer's next DATA is delivered whatever its seq)
  // and messages queued before it are dropped.
  llvm::Error sync(Clock::time_point Deadline);
  // Sends one message and returns once every frame of it is acked.
  llvm::Error send(llvm::ArrayRef<uint8_t> Message, Clock::time_point Deadline);
  // The next received message, waiting for it until Deadline. `What` names
  // the awaited message in the timeout error ("timed out after 2000 ms
  // waiting for DeviceHello").
  llvm::Expected<std::vector<uint8_t>> receive(Clock::time_point Deadline,
                                               llvm::StringRef What);
  // Runs the io_context until Deadline (keeps acking and retransmitting);
  // for tests and for draining.
  void runFor(Millis Duration);

  void close();
  const LinkStats &stats() const { return Stats_; }
  std::string description() const { return Port_.description(); }

private:
  struct OutFrame {
    std::vector<uint8_t> Wire; // encoded frame
    uint8_t Kind, Seq;
    size_t Index, Count, MessageSize; // frame Index of Count, for errors
  };

  void startRead();
  void onRead(std::error_code Ec, size_t Count);
  void onFrame(uint8_t Kind, uint8_t Seq, const uint8_t *Payload, size_t Size);
  void onData(bool Start, const uint8_t *Payload, size_t Size);
  void resetReceiver();
  void resetSender();
  void queueWrite(std::vector<uint8_t> Wire);
  void writeNext();
  void transmitHead();
  void onRetransmitTimer(std::error_code Ec);
  void fail(std::string Why);
  llvm::Error failure() const;
  // Runs handlers until Done() or Deadline; the error says what timed out.
  template <typename Pred>
  llvm::Error runUntil(Pred Done, Clock::time_point Deadline,
                       llvm::StringRef What);

  asio::io_context &Io_;
  Transport &Port_;
  LinkOptions Options_;
  LinkStats Stats_;
  bool Closed_ = false;
  std::optional<std::string> Failure_;

  // Receive side.
  uint8_t ReadBuffer_[512];
  bool Reading_ = false;
  FrameDecoder Decoder_;
  std::optional<uint8_t> LastRxSeq_;
  // The message being reassembled: its varint length is read byte by byte,
  // so it may even straddle frames.
  bool InMessage_ = false;
  bool LengthKnown_ = false;
  uint64_t Length_ = 0;
  unsigned LengthShift_ = 0;
  std::vector<uint8_t> Partial_;
  std::deque<std::vector<uint8_t>> Inbox_;

  // Send side: frames waiting for the wire (ACKs, repeats) in write order,
  // and the DATA/SYNC frames waiting for their ACK, head in flight.
  std::deque<std::vector<uint8_t>> WriteQueue_;
  bool Writing_ = false;
  std::deque<OutFrame> TxQueue_; // one message (send() blocks) or a SYNC
  bool DroppedBySync_ = false;   // the peer's SYNC discarded our message
  bool HeadSent_ = false;
  unsigned Tries_ = 0;
  uint8_t NextTxSeq_ = 0;
  uint8_t NextSyncSeq_ = 0;
  asio::steady_timer RetransmitTimer_;
  // Handlers still queued after destruction check this before touching us.
  std::shared_ptr<bool> Alive_ = std::make_shared<bool>(true);
};

} // namespace jlremote::host
