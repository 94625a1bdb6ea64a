// SerialTransport: a real serial port (USB CDC ACM, FTDI, a UART), opened and
// configured by libserialport (115200 8N1 by default, no flow control), then
// read and written through Asio on a duplicate of its descriptor.
#include "descriptor_transport.h"

#include "llvm/Support/FormatVariadic.h"

#include <libserialport.h>

#include <fcntl.h>
#include <unistd.h>

namespace jlremote::host {
namespace {

std::string lastSerialError() {
  char *Message = sp_last_error_message();
  std::string Text = Message ? Message : "unknown error";
  sp_free_error_message(Message);
  return Text;
}

struct PortDeleter {
  void operator()(sp_port *Port) const {
    sp_close(Port);
    sp_free_port(Port);
  }
};
using PortHandle = std::unique_ptr<sp_port, PortDeleter>;

class SerialTransport : public DescriptorTransport {
public:
  SerialTransport(asio::io_context &Io, int Fd, std::string Description,
                  PortHandle Port)
      : DescriptorTransport(Io, Fd, std::move(Description)),
        Port_(std::move(Port)) {}

  void close() override {
    DescriptorTransport::close();
    Port_.reset();
  }

private:
  PortHandle Port_;
};

} // namespace

llvm::Expected<std::unique_ptr<Transport>>
openSerialTransport(asio::io_context &Io, llvm::StringRef Path, unsigned Baud) {
  const std::string P = Path.str();
  sp_port *Raw = nullptr;
  if (sp_get_port_by_name(P.c_str(), &Raw) != SP_OK)
    return llvm::createStringError(
        llvm::formatv("no serial port {0}: {1} (jlremote ports lists them)", P,
                      lastSerialError()));
  if (sp_open(Raw, SP_MODE_READ_WRITE) != SP_OK) {
    const std::string Why = lastSerialError();
    sp_free_port(Raw);
    return llvm::createStringError(
        llvm::formatv("cannot open serial port {0}: {1}", P, Why));
  }
  PortHandle Port(Raw);
  if (sp_set_baudrate(Raw, int(Baud)) != SP_OK ||
      sp_set_bits(Raw, 8) != SP_OK ||
      sp_set_parity(Raw, SP_PARITY_NONE) != SP_OK ||
      sp_set_stopbits(Raw, 1) != SP_OK ||
      sp_set_flowcontrol(Raw, SP_FLOWCONTROL_NONE) != SP_OK)
    return llvm::createStringError(llvm::formatv(
        "cannot configure {0} as {1} 8N1: {2}", P, Baud, lastSerialError()));
  int Fd = -1;
  if (sp_get_port_handle(Raw, &Fd) != SP_OK)
    return llvm::createStringError(
        llvm::formatv("no descriptor for {0}: {1}", P, lastSerialError()));
  // Asio owns (and closes) its own copy; libserialport keeps the original
  // until the transport closes.
  const int Own = ::fcntl(Fd, F_DUPFD_CLOEXEC, 0);
  if (Own < 0)
    return llvm::createStringError(
        llvm::formatv("cannot duplicate the descriptor of {0}", P));
  return std::make_unique<SerialTransport>(
      Io, Own, llvm::formatv("{0} at {1} baud", P, Baud).str(),
      std::move(Port));
}

llvm::Expected<std::vector<PortInfo>> listPorts() {
  sp_port **Ports = nullptr;
  if (sp_list_ports(&Ports) != SP_OK)
    return llvm::createStringError("cannot list serial ports: " +
                                   lastSerialError());
  std::vector<PortInfo> Result;
  for (sp_port **It = Ports; *It; ++It) {
    PortInfo Info;
    Info.Name = sp_get_port_name(*It);
    if (const char *Description = sp_get_port_description(*It))
      Info.Description = Description;
    if (sp_get_port_transport(*It) == SP_TRANSPORT_USB) {
      int Vendor = 0, Product = 0;
      if (sp_get_port_usb_vid_pid(*It, &Vendor, &Product) == SP_OK) {
        Info.UsbVendor = Vendor;
        Info.UsbProduct = Product;
      }
      if (const char *Serial = sp_get_port_usb_serial(*It))
        Info.UsbSerial = Serial;
    }
    Result.push_back(std::move(Info));
  }
  sp_free_port_list(Ports);
  return Result;
}

} // namespace jlremote::host
