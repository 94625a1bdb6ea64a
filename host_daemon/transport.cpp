#include "transport.h"

#include "llvm/Support/FormatVariadic.h"

namespace jlremote::host {

Transport::~Transport() = default;

llvm::Expected<std::unique_ptr<Transport>>
openTransport(asio::io_context &Io, llvm::StringRef Spec, unsigned Baud) {
  if (Spec.consume_front("tcp:")) {
    const auto [Host, PortText] = Spec.rsplit(':');
    uint16_t Port = 0;
    if (Host.empty() || PortText.getAsInteger(10, Port) || Port == 0)
      return llvm::createStringError(llvm::formatv(
          "bad TCP port spec 'tcp:{0}': expected tcp:HOST:PORT", Spec));
    return openTcpTransport(Io, Host, Port);
  }
  if (isPseudoTerminal(Spec))
    return openPtyTransport(Io, Spec);
  return openSerialTransport(Io, Spec, Baud);
}

} // namespace jlremote::host
