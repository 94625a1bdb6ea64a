#include "descriptor_transport.h"

#include <asio/write.hpp>

namespace jlremote::host {

DescriptorTransport::DescriptorTransport(asio::io_context &Io, int Fd,
                                         std::string Description)
    : Stream_(Io, Fd), Description_(std::move(Description)) {}

DescriptorTransport::~DescriptorTransport() { close(); }

void DescriptorTransport::asyncReadSome(asio::mutable_buffer Buffer,
                                        ReadHandler Handler) {
  Stream_.async_read_some(Buffer, std::move(Handler));
}

void DescriptorTransport::asyncWriteAll(asio::const_buffer Buffer,
                                        WriteHandler Handler) {
  asio::async_write(Stream_, Buffer,
                    [Handler = std::move(Handler)](std::error_code Ec, size_t) {
                      Handler(Ec);
                    });
}

void DescriptorTransport::close() {
  std::error_code Ignored;
  Stream_.cancel(Ignored);
  Stream_.close(Ignored);
}

} // namespace jlremote::host
