// PtyTransport: a pseudo-terminal slave (the POSIX device's --pty, QEMU's
// -serial pty) opened with plain termios, because libserialport 0.1.1 looks
// every port up in sysfs and refuses ptys.
#include "descriptor_transport.h"

#include "llvm/Support/FormatVariadic.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

namespace jlremote::host {

bool isPseudoTerminal(llvm::StringRef Path) {
  if (Path.starts_with("/dev/pts/"))
    return true;
  struct stat St;
  if (::stat(Path.str().c_str(), &St) != 0 || !S_ISCHR(St.st_mode))
    return false;
  // Unix98 pty slaves are majors 136-143
  // (Documentation/admin-guide/devices.txt).
  const unsigned Major = major(St.st_rdev);
  return Major >= 136 && Major <= 143;
}

llvm::Expected<std::unique_ptr<Transport>>
openPtyTransport(asio::io_context &Io, llvm::StringRef Path) {
  const std::string P = Path.str();
  const int Fd = ::open(P.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (Fd < 0)
    return llvm::createStringError(
        llvm::formatv("cannot open pty {0}: {1}", P, std::strerror(errno)));
  termios Tio;
  if (::tcgetattr(Fd, &Tio) != 0) {
    const int Err = errno;
    ::close(Fd);
    return llvm::createStringError(
        llvm::formatv("{0} is not a terminal: {1}", P, std::strerror(Err)));
  }
  // Raw bytes: no echo, no line editing, no CR/LF translation, no signals.
  ::cfmakeraw(&Tio);
  Tio.c_cc[VMIN] = 1;
  Tio.c_cc[VTIME] = 0;
  if (::tcsetattr(Fd, TCSANOW, &Tio) != 0) {
    const int Err = errno;
    ::close(Fd);
    return llvm::createStringError(llvm::formatv(
        "cannot put {0} in raw mode: {1}", P, std::strerror(Err)));
  }
  return std::make_unique<DescriptorTransport>(Io, Fd, P);
}

} // namespace jlremote::host
