// TcpTransport: a TCP connection (QEMU's -serial tcp:..., the POSIX device's
// --tcp). Nagle is off: frames are small and the link is stop-and-wait, so
// every frame waits for its ACK and coalescing only adds latency.
#include "transport.h"

#include "llvm/Support/FormatVariadic.h"

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/write.hpp>

namespace jlremote::host {
namespace {

class TcpTransport : public Transport {
public:
  TcpTransport(asio::ip::tcp::socket Socket, std::string Description)
      : Socket_(std::move(Socket)), Description_(std::move(Description)) {}
  ~TcpTransport() override { close(); }

  void asyncReadSome(asio::mutable_buffer Buffer,
                     ReadHandler Handler) override {
    Socket_.async_read_some(Buffer, std::move(Handler));
  }
  void asyncWriteAll(asio::const_buffer Buffer, WriteHandler Handler) override {
    asio::async_write(Socket_, Buffer,
                      [Handler = std::move(Handler)](std::error_code Ec,
                                                     size_t) { Handler(Ec); });
  }
  void close() override {
    std::error_code Ignored;
    Socket_.shutdown(asio::ip::tcp::socket::shutdown_both, Ignored);
    Socket_.close(Ignored);
  }
  std::string description() const override { return Description_; }

private:
  asio::ip::tcp::socket Socket_;
  std::string Description_;
};

} // namespace

llvm::Expected<std::unique_ptr<Transport>>
openTcpTransport(asio::io_context &Io, llvm::StringRef Host, uint16_t Port) {
  const std::string Description = llvm::formatv("tcp:{0}:{1}", Host, Port);
  std::error_code Ec;
  asio::ip::tcp::resolver Resolver(Io);
  const auto Endpoints = Resolver.resolve(Host.str(), std::to_string(Port), Ec);
  if (Ec)
    return llvm::createStringError(
        llvm::formatv("cannot resolve {0}: {1}", Description, Ec.message()));
  asio::ip::tcp::socket Socket(Io);
  asio::connect(Socket, Endpoints, Ec);
  if (Ec)
    return llvm::createStringError(
        llvm::formatv("cannot connect to {0}: {1}", Description, Ec.message()));
  Socket.set_option(asio::ip::tcp::no_delay(true), Ec);
  return std::make_unique<TcpTransport>(std::move(Socket), Description);
}

} // namespace jlremote::host
