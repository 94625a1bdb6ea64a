// An in-memory pair of Transports on one io_context: what one end writes, the
// other end reads. Each write goes through the writer's OnWrite hook first,
// so tests can drop, corrupt or duplicate bytes between two real Links.
#pragma once

#include "transport.h"

#include <deque>
#include <utility>

namespace jlremote::host {

class LoopbackTransport : public Transport {
public:
  using Tamper = std::function<void(std::vector<uint8_t> &Bytes)>;

  static std::pair<std::unique_ptr<LoopbackTransport>,
                   std::unique_ptr<LoopbackTransport>>
  makePair(asio::io_context &Io);

  ~LoopbackTransport() override;
  void asyncReadSome(asio::mutable_buffer Buffer, ReadHandler) override;
  void asyncWriteAll(asio::const_buffer Buffer, WriteHandler) override;
  void close() override;
  std::string description() const override { return Name_; }

  // Applied to the bytes of each write before the peer sees them.
  Tamper OnWrite;

private:
  LoopbackTransport(asio::io_context &Io, std::string Name)
      : Io_(Io), Name_(std::move(Name)) {}
  void deliver(const std::vector<uint8_t> &Bytes);
  void completeRead();

  asio::io_context &Io_;
  std::string Name_;
  LoopbackTransport *Peer_ = nullptr;
  std::deque<uint8_t> Inbox_;
  asio::mutable_buffer ReadBuffer_;
  ReadHandler PendingRead_;
  bool Closed_ = false;
  bool PeerGone_ = false;
};

} // namespace jlremote::host
