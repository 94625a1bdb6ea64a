// Transports: the byte pipes a Link runs over. Each one is an Asio object on
// the caller's io_context; the Link chains reads and writes on it and knows
// nothing of what is underneath (STYLE.md 14: tests swap a serial port for a
// pty, a TCP socket, QEMU or an in-memory pair).
//
//   tcp:HOST:PORT     TcpTransport (QEMU's -serial tcp:..., the POSIX device's
//   --tcp) /dev/pts/N        PtyTransport (termios raw mode; the POSIX device's
//   --pty) anything else     SerialTransport (libserialport; ptys are detected
//   and
//                     handed to PtyTransport, which libserialport 0.1.1
//                     refuses)
#pragma once

#include <asio/buffer.hpp>
#include <asio/io_context.hpp>

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace jlremote::host {

class Transport {
public:
  using ReadHandler = std::function<void(std::error_code, size_t)>;
  using WriteHandler = std::function<void(std::error_code)>;

  virtual ~Transport();
  // Completes when at least one byte is in Buffer (or on error/EOF). One read
  // at a time.
  virtual void asyncReadSome(asio::mutable_buffer Buffer, ReadHandler) = 0;
  // Completes when all of Buffer is written. One write at a time; the bytes
  // must stay alive until the handler runs.
  virtual void asyncWriteAll(asio::const_buffer Buffer, WriteHandler) = 0;
  // Cancels what is pending (handlers see asio::error::operation_aborted)
  // and releases the port. Idempotent.
  virtual void close() = 0;
  // For messages and logs, e.g. "tcp:127.0.0.1:4321" or "/dev/ttyACM0 at
  // 115200".
  virtual std::string description() const = 0;
};

constexpr unsigned kDefaultBaud = 115200;

// Picks a transport from a spec (see above).
llvm::Expected<std::unique_ptr<Transport>>
openTransport(asio::io_context &Io, llvm::StringRef Spec,
              unsigned Baud = kDefaultBaud);

llvm::Expected<std::unique_ptr<Transport>>
openTcpTransport(asio::io_context &Io, llvm::StringRef Host, uint16_t Port);
llvm::Expected<std::unique_ptr<Transport>>
openPtyTransport(asio::io_context &Io, llvm::StringRef Path);
llvm::Expected<std::unique_ptr<Transport>>
openSerialTransport(asio::io_context &Io, llvm::StringRef Path, unsigned Baud);

// True for pseudo-terminal slaves: under /dev/pts, or a character device
// whose major number is a pty slave major.
bool isPseudoTerminal(llvm::StringRef Path);

struct PortInfo {
  std::string Name;        // what --port takes, e.g. /dev/ttyACM0
  std::string Description; // libserialport's, e.g. the USB product string
  int UsbVendor = -1;      // -1 when not a USB port
  int UsbProduct = -1;
  std::string UsbSerial;
};

// Serial ports the system knows, through libserialport.
llvm::Expected<std::vector<PortInfo>> listPorts();

} // namespace jlremote::host
