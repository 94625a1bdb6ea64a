// A Transport over a POSIX file descriptor (asio::posix::stream_descriptor):
// the common part of PtyTransport and SerialTransport, which differ only in
// how they open and configure the descriptor.
#pragma once

#include "transport.h"

#include <asio/posix/stream_descriptor.hpp>

namespace jlremote::host {

class DescriptorTransport : public Transport {
public:
  // Takes ownership of Fd (already opened and configured).
  DescriptorTransport(asio::io_context &Io, int Fd, std::string Description);
  ~DescriptorTransport() override;

  void asyncReadSome(asio::mutable_buffer Buffer, ReadHandler) override;
  void asyncWriteAll(asio::const_buffer Buffer, WriteHandler) override;
  void close() override;
  std::string description() const override { return Description_; }

private:
  asio::posix::stream_descriptor Stream_;
  std::string Description_;
};

} // namespace jlremote::host
