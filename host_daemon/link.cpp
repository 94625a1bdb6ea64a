#include "link.h"

#include "llvm/Support/FormatVariadic.h"

#include <asio/error.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace jlremote::host {
namespace {

std::vector<uint8_t> encode(uint8_t Kind, uint8_t Seq, const uint8_t *Payload,
                            size_t Size) {
  std::vector<uint8_t> Wire;
  Wire.reserve(maxEncodedFrameSize(Size));
  encodeFrame(
      Kind, Seq, Payload, Size,
      [](void *Context, uint8_t Byte) {
        static_cast<std::vector<uint8_t> *>(Context)->push_back(Byte);
      },
      &Wire);
  return Wire;
}

const char *kindName(uint8_t Kind) {
  switch (Kind & kFrameKindMask) {
  case kFrameData:
    return "DATA";
  case kFrameAck:
    return "ACK";
  default:
    return "SYNC";
  }
}

const char *decodeErrorName(DecodeStatus Status) {
  switch (Status) {
  case DecodeStatus::BadCrc:
    return "bad CRC";
  case DecodeStatus::TooLong:
    return "too long";
  case DecodeStatus::TooShort:
    return "too short";
  case DecodeStatus::BadEscape:
    return "bad escape";
  case DecodeStatus::BadKind:
    return "bad kind";
  default:
    return "?";
  }
}

} // namespace

Link::Link(asio::io_context &Io, Transport &Port, LinkOptions Options)
    : Io_(Io), Port_(Port), Options_(Options), RetransmitTimer_(Io) {
  startRead();
}

Link::~Link() {
  *Alive_ = false;
  close();
}

void Link::close() {
  if (Closed_)
    return;
  Closed_ = true;
  RetransmitTimer_.cancel();
  Port_.close();
}

void Link::fail(std::string Why) {
  if (Failure_ || Closed_)
    return;
  spdlog::debug("link {}: {}", Port_.description(), Why);
  Failure_ = std::move(Why);
  RetransmitTimer_.cancel();
}

llvm::Error Link::failure() const {
  if (Failure_)
    return llvm::createStringError(*Failure_);
  return llvm::createStringError("link " + Port_.description() + " is closed");
}

// ---- receive ---------------------------------------------------------------

void Link::startRead() {
  if (Reading_ || Closed_ || Failure_)
    return;
  Reading_ = true;
  std::weak_ptr<bool> Alive = Alive_;
  Port_.asyncReadSome(asio::buffer(ReadBuffer_),
                      [this, Alive](std::error_code Ec, size_t Count) {
                        if (Alive.expired())
                          return;
                        Reading_ = false;
                        onRead(Ec, Count);
                      });
}

void Link::onRead(std::error_code Ec, size_t Count) {
  if (Closed_ || Ec == asio::error::operation_aborted)
    return; // shutdown, not an error
  if (Ec == asio::error::eof)
    return fail("link closed by the other end (EOF on " + Port_.description() +
                ")");
  if (Ec)
    return fail("read error on " + Port_.description() + ": " + Ec.message());
  Stats_.BytesReceived += Count;
  for (size_t I = 0; I < Count; ++I) {
    const DecodeStatus Status = Decoder_.push(ReadBuffer_[I]);
    if (Status == DecodeStatus::Incomplete)
      continue;
    if (Status != DecodeStatus::Complete) {
      ++Stats_.BadFrames;
      spdlog::trace("rx bad frame ({})", decodeErrorName(Status));
      continue;
    }
    const Frame &F = Decoder_.frame();
    ++Stats_.FramesReceived;
    spdlog::trace("rx {}{} seq {} {} bytes", kindName(F.kind),
                  F.kind & kFrameStart ? " start" : "", F.seq, F.size);
    onFrame(F.kind, F.seq, F.payload, F.size);
    if (Closed_ || Failure_)
      return;
  }
  startRead();
}

void Link::onFrame(uint8_t Kind, uint8_t Seq, const uint8_t *Payload,
                   size_t Size) {
  switch (Kind & kFrameKindMask) {
  case kFrameAck:
    if (!TxQueue_.empty() && HeadSent_ && TxQueue_.front().Seq == Seq) {
      const bool WasSync = TxQueue_.front().Kind == kFrameSync;
      RetransmitTimer_.cancel();
      TxQueue_.pop_front();
      HeadSent_ = false;
      // Everything the peer sent before it took our SYNC came before this
      // ACK; from here on its frames belong to the new session.
      if (WasSync) {
        resetReceiver();
        Inbox_.clear();
      }
      transmitHead();
    }
    return;
  case kFrameSync:
    queueWrite(encode(kFrameAck, Seq, nullptr, 0));
    resetReceiver();
    resetSender();
    return;
  case kFrameData:
    queueWrite(encode(kFrameAck, Seq, nullptr, 0));
    if (LastRxSeq_ == Seq) {
      ++Stats_.DuplicatesDropped;
      return;
    }
    LastRxSeq_ = Seq;
    onData((Kind & kFrameStart) != 0, Payload, Size);
    return;
  }
}

void Link::onData(bool Start, const uint8_t *Payload, size_t Size) {
  if (Start) {
    if (InMessage_)
      spdlog::warn("link {}: message cut short by the next one ({} of {} "
                   "bytes), dropped",
                   Port_.description(), Partial_.size(), Length_);
    InMessage_ = true;
    LengthKnown_ = false;
    Length_ = 0;
    LengthShift_ = 0;
    Partial_.clear();
  } else if (!InMessage_) {
    spdlog::warn("link {}: {}-byte frame continues no message, dropped",
                 Port_.description(), Size);
    return;
  }
  for (size_t I = 0; I < Size; ++I) {
    const uint8_t Byte = Payload[I];
    if (!LengthKnown_) {
      Length_ |= uint64_t(Byte & 0x7F) << LengthShift_;
      LengthShift_ += 7;
      if (Byte & 0x80) {
        if (LengthShift_ < 35)
          continue;
        spdlog::warn("link {}: message length varint too long, dropped",
                     Port_.description());
        InMessage_ = false;
        return;
      }
      LengthKnown_ = true;
      if (Length_ > Options_.MaxMessageSize) {
        spdlog::warn("link {}: message length {} over the limit {}, dropped",
                     Port_.description(), Length_, Options_.MaxMessageSize);
        InMessage_ = false;
        return;
      }
      Partial_.reserve(Length_);
    } else {
      Partial_.push_back(Byte);
    }
    if (LengthKnown_ && Partial_.size() == Length_) {
      if (I + 1 != Size)
        spdlog::warn("link {}: {} bytes after the end of a message, dropped",
                     Port_.description(), Size - I - 1);
      ++Stats_.MessagesReceived;
      spdlog::trace("rx message {} bytes", Partial_.size());
      Inbox_.push_back(std::move(Partial_));
      Partial_ = {};
      InMessage_ = false;
      return;
    }
  }
}

void Link::resetReceiver() {
  LastRxSeq_.reset();
  InMessage_ = false;
  Partial_.clear();
}

void Link::resetSender() {
  if (!TxQueue_.empty())
    DroppedBySync_ = true;
  TxQueue_.clear();
  HeadSent_ = false;
  RetransmitTimer_.cancel();
  NextTxSeq_ = 0;
}

// ---- send ------------------------------------------------------------------

void Link::queueWrite(std::vector<uint8_t> Wire) {
  if (Closed_)
    return;
  Stats_.BytesSent += Wire.size();
  ++Stats_.FramesSent;
  WriteQueue_.push_back(std::move(Wire));
  writeNext();
}

void Link::writeNext() {
  if (Writing_ || WriteQueue_.empty() || Closed_ || Failure_)
    return;
  Writing_ = true;
  std::weak_ptr<bool> Alive = Alive_;
  Port_.asyncWriteAll(asio::buffer(WriteQueue_.front()),
                      [this, Alive](std::error_code Ec) {
                        if (Alive.expired())
                          return;
                        Writing_ = false;
                        WriteQueue_.pop_front();
                        if (Closed_ || Ec == asio::error::operation_aborted)
                          return;
                        if (Ec)
                          return fail("write error on " + Port_.description() +
                                      ": " + Ec.message());
                        writeNext();
                      });
}

void Link::transmitHead() {
  if (TxQueue_.empty() || HeadSent_ || Closed_ || Failure_)
    return;
  const OutFrame &Head = TxQueue_.front();
  spdlog::trace("tx {}{} seq {} (frame {} of {})", kindName(Head.Kind),
                Head.Kind & kFrameStart ? " start" : "", Head.Seq,
                Head.Index + 1, Head.Count);
  HeadSent_ = true;
  Tries_ = 1;
  queueWrite(Head.Wire);
  RetransmitTimer_.expires_after(Options_.RetransmitTimeout);
  std::weak_ptr<bool> Alive = Alive_;
  RetransmitTimer_.async_wait([this, Alive](std::error_code Ec) {
    if (!Alive.expired())
      onRetransmitTimer(Ec);
  });
}

void Link::onRetransmitTimer(std::error_code Ec) {
  if (Ec == asio::error::operation_aborted || Closed_ || Failure_ ||
      TxQueue_.empty() || !HeadSent_)
    return;
  const OutFrame &Head = TxQueue_.front();
  if (Tries_ >= Options_.MaxTries) {
    if (Head.Kind == kFrameSync)
      return fail(llvm::formatv("no answer to SYNC on {0} after {1} tries: "
                                "is a jlremote device on the other end?",
                                Port_.description(), Tries_));
    return fail(llvm::formatv("no ACK for DATA frame seq {0} (frame {1} of "
                              "{2} of a {3}-byte message) on {4} after {5} "
                              "tries: message lost",
                              Head.Seq, Head.Index + 1, Head.Count,
                              Head.MessageSize, Port_.description(), Tries_));
  }
  ++Tries_;
  ++Stats_.Retransmissions;
  spdlog::trace("tx {} seq {} again (try {})", kindName(Head.Kind), Head.Seq,
                Tries_);
  queueWrite(Head.Wire);
  // Back off: a slow peer (a busy board, a loaded CI machine) gets more time
  // on each try instead of a storm of repeats.
  auto Timeout = Options_.RetransmitTimeout * (1u << std::min(Tries_ - 1, 8u));
  RetransmitTimer_.expires_after(
      std::min<Millis>(std::chrono::duration_cast<Millis>(Timeout),
                       Options_.MaxRetransmitTimeout));
  std::weak_ptr<bool> Alive = Alive_;
  RetransmitTimer_.async_wait([this, Alive](std::error_code Ec) {
    if (!Alive.expired())
      onRetransmitTimer(Ec);
  });
}

template <typename Pred>
llvm::Error Link::runUntil(Pred Done, Clock::time_point Deadline,
                           llvm::StringRef What) {
  const auto Start = Clock::now();
  for (;;) {
    if (Done())
      return llvm::Error::success();
    if (Failure_ || Closed_)
      return failure();
    if (Clock::now() >= Deadline)
      return llvm::createStringError(llvm::formatv(
          "timed out after {0} ms waiting for {1} on {2}",
          std::chrono::duration_cast<Millis>(Clock::now() - Start).count(),
          What, Port_.description()));
    if (Io_.stopped())
      Io_.restart();
    Io_.run_one_until(Deadline);
  }
}

llvm::Error Link::sync(Clock::time_point Deadline) {
  if (Failure_ || Closed_)
    return failure();
  resetSender();
  DroppedBySync_ = false;
  const uint8_t Seq = NextSyncSeq_++;
  TxQueue_.push_back(
      OutFrame{encode(kFrameSync, Seq, nullptr, 0), kFrameSync, Seq, 0, 1, 0});
  transmitHead();
  return runUntil([&] { return TxQueue_.empty(); }, Deadline,
                  "the device to answer SYNC");
}

llvm::Error Link::send(llvm::ArrayRef<uint8_t> Message,
                       Clock::time_point Deadline) {
  if (Failure_ || Closed_)
    return failure();
  // varint(length) + message, cut into payloads of at most kMaxPayload.
  std::vector<uint8_t> Bytes;
  Bytes.reserve(Message.size() + 5);
  for (uint64_t L = Message.size();; L >>= 7) {
    Bytes.push_back(uint8_t(L & 0x7F) | (L >= 0x80 ? 0x80 : 0));
    if (L < 0x80)
      break;
  }
  Bytes.insert(Bytes.end(), Message.begin(), Message.end());
  const size_t Count = (Bytes.size() + kMaxPayload - 1) / kMaxPayload;
  for (size_t I = 0; I < Count; ++I) {
    const size_t Offset = I * kMaxPayload;
    const size_t Size = std::min(kMaxPayload, Bytes.size() - Offset);
    const uint8_t Kind = kFrameData | (I == 0 ? kFrameStart : 0);
    const uint8_t Seq = NextTxSeq_++;
    TxQueue_.push_back(OutFrame{encode(Kind, Seq, Bytes.data() + Offset, Size),
                                Kind, Seq, I, Count, Message.size()});
  }
  ++Stats_.MessagesSent;
  DroppedBySync_ = false;
  transmitHead();
  if (auto Err = runUntil([&] { return TxQueue_.empty(); }, Deadline,
                          "the ACK of a message"))
    return Err;
  if (DroppedBySync_)
    return llvm::createStringError(
        "message dropped: the other end restarted the link (SYNC)");
  return llvm::Error::success();
}

llvm::Expected<std::vector<uint8_t>> Link::receive(Clock::time_point Deadline,
                                                   llvm::StringRef What) {
  if (auto Err = runUntil([&] { return !Inbox_.empty(); }, Deadline, What))
    return std::move(Err);
  std::vector<uint8_t> Message = std::move(Inbox_.front());
  Inbox_.pop_front();
  return Message;
}

void Link::runFor(Millis Duration) {
  const auto Deadline = Clock::now() + Duration;
  while (Clock::now() < Deadline) {
    if (Io_.stopped())
      Io_.restart();
    Io_.run_one_until(Deadline);
  }
}

} // namespace jlremote::host
