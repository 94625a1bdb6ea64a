#include "loopback_transport.h"

#include <asio/error.hpp>
#include <asio/post.hpp>

#include <algorithm>

namespace jlremote::host {

std::pair<std::unique_ptr<LoopbackTransport>,
          std::unique_ptr<LoopbackTransport>>
LoopbackTransport::makePair(asio::io_context &Io) {
  std::unique_ptr<LoopbackTransport> A(new LoopbackTransport(Io, "loopback:a"));
  std::unique_ptr<LoopbackTransport> B(new LoopbackTransport(Io, "loopback:b"));
  A->Peer_ = B.get();
  B->Peer_ = A.get();
  return {std::move(A), std::move(B)};
}

LoopbackTransport::~LoopbackTransport() { close(); }

void LoopbackTransport::asyncReadSome(asio::mutable_buffer Buffer,
                                      ReadHandler Handler) {
  ReadBuffer_ = Buffer;
  PendingRead_ = std::move(Handler);
  completeRead();
}

void LoopbackTransport::completeRead() {
  if (!PendingRead_)
    return;
  std::error_code Ec;
  size_t Count = 0;
  if (Closed_) {
    Ec = asio::error::operation_aborted;
  } else if (!Inbox_.empty()) {
    Count = std::min(Inbox_.size(), ReadBuffer_.size());
    auto *Out = static_cast<uint8_t *>(ReadBuffer_.data());
    std::copy_n(Inbox_.begin(), Count, Out);
    Inbox_.erase(Inbox_.begin(), Inbox_.begin() + Count);
  } else if (PeerGone_) {
    Ec = asio::error::eof;
  } else {
    return;
  }
  asio::post(Io_, [Handler = std::move(PendingRead_), Ec, Count] {
    Handler(Ec, Count);
  });
  PendingRead_ = nullptr;
}

void LoopbackTransport::deliver(const std::vector<uint8_t> &Bytes) {
  Inbox_.insert(Inbox_.end(), Bytes.begin(), Bytes.end());
  completeRead();
}

void LoopbackTransport::asyncWriteAll(asio::const_buffer Buffer,
                                      WriteHandler Handler) {
  if (Closed_) {
    asio::post(Io_, [Handler = std::move(Handler)] {
      Handler(asio::error::operation_aborted);
    });
    return;
  }
  const auto *Data = static_cast<const uint8_t *>(Buffer.data());
  std::vector<uint8_t> Bytes(Data, Data + Buffer.size());
  if (OnWrite)
    OnWrite(Bytes);
  if (Peer_)
    Peer_->deliver(Bytes);
  asio::post(Io_, [Handler = std::move(Handler)] { Handler({}); });
}

void LoopbackTransport::close() {
  if (Closed_)
    return;
  Closed_ = true;
  completeRead();
  if (Peer_) {
    Peer_->PeerGone_ = true;
    Peer_->Peer_ = nullptr;
    Peer_->completeRead();
    Peer_ = nullptr;
  }
}

} // namespace jlremote::host
