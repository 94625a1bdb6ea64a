// A session: one per device link (STYLE.md 13). It owns the transport and
// the Link over it, brings the device to the runtime stage, and runs
// requests, each with its own timeout:
//
//   connect   SYNC, HostHello, DeviceHello (protocol checked). A device
//             already in the runtime stage is Reset first, so that a new
//             host session never inherits the slots of an old one (the POSIX
//             device answers the Reset in the runtime stage again: fine),
//             unless the session only attaches (SessionOptions::Attach).
//             A device in the resident stage is booted: the runtime image
//             for its arch (loader::buildExecutableImage of
//             <device dir>/runtime-<arch>.elf) goes to ram_start in
//             WriteMemory chunks of 240 bytes, then StartRuntime, then the
//             runtime's own DeviceHello. A board with a
//             flash-stage-<board>.elf runs its runtime from flash: the
//             runtime-flash-<board>.elf code is staged in RAM and the flash
//             stage started instead (bootloaders/README.md).
//   call      Call{slot, frame}; every LoadRequest the call causes is served
//             from the Linker (buildImage -> LoadImage); ends with the
//             CallResult, an uncaught exception (Thrown) or a processor
//             fault, each with the device's stack (CallOutcome), or with the
//             DeviceError named as text.
//   info      InfoRequest -> Info.
#pragma once

#include "call_abi.h"
#include "link.h"
#include "transport.h"

#include "jlremote.pb.h"
#include "loader/linker.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace jlremote::host {

struct SessionOptions {
  std::string DeviceDir;       // runtime-<arch>.elf; see deviceDir()
  Millis ConnectTimeout{5000}; // SYNC and each hello
  Millis RequestTimeout{5000}; // a request's ACK and its answer
  Millis BootTimeout{20000};   // the runtime image written and started
  Millis CallTimeout{30000};   // silence during a call (between images)
  LinkOptions Link;
  // Attach to the runtime as it is, slots and statistics included (no
  // Reset); a device in the resident stage is then an error, not booted.
  bool Attach = false;
  // Test hook: sees (and may change) a flash runtime's staged bytes, header
  // included, before they are written to the device's RAM.
  std::function<void(std::vector<uint8_t> &)> BeforeStaging;
};

// What went over the link for one image, for --stats and benchmarks.
struct ImageRecord {
  uint32_t Slot;
  std::string Name;
  size_t ImageBytes;  // the whole image: header, code, relocations
  size_t RawCodeSize; // the function's code and data as the object had them
  size_t RelocCount;
  uint64_t WireBytes; // link bytes (frames, ACKs received) the load cost
  double Seconds;     // from the first frame sent to the last ACK received
};

// The device's stack where an exception or a fault ended a call
// (proto StackSnapshot, decoded), for host_daemon/stack_trace.h to unwind.
struct DeviceStack {
  uint8_t Arch; // image arch (image_format.h), the session's device
  // Thrown: the return address into the throwing function; fault: the
  // faulting pc. ARM code addresses carry the Thumb bit.
  uint64_t Pc, Sp;
  // Callee-saved, at Pc: ARM r4-r11, lr; x86-64 rbx rbp r12 r13 r14 r15.
  std::vector<uint64_t> Registers;
  // The device's memory from Sp up (at most 4 KB, up to the frame that made
  // the call).
  std::vector<uint8_t> Memory;
  // (slot, address) for every filled slot: where each function's code is.
  std::vector<std::pair<uint32_t, uint64_t>> Placements;
};

DeviceStack decodeStack(const jlremote::StackSnapshot &Snapshot, uint8_t Arch);

// An exception no handler caught: device_runtime/runtime_slots.h's type id,
// the throw site (lower::LoweredModule::Throws) and its payload.
struct ThrownException {
  uint32_t Type;
  uint32_t Site;
  std::vector<uint8_t> Payload;
  DeviceStack Stack;
};

// A processor fault (the device survived it).
struct DeviceFault {
  jlremote::Fault Report;
  std::string Description; // describeFault's line, the function named
  DeviceStack Stack;
};

// How a call ended: it returned or exited (Result), or threw, or faulted.
struct CallOutcome {
  jlremote::CallResult Result; // empty when Thrown or Fault is set
  std::optional<ThrownException> Thrown;
  std::optional<DeviceFault> Fault;
};

class Session {
public:
  static llvm::Expected<std::unique_ptr<Session>>
  connect(asio::io_context &Io, std::unique_ptr<Transport> Port,
          SessionOptions Options);
  ~Session();

  // The device as it introduced itself in the runtime stage.
  const jlremote::DeviceHello &device() const { return Device_; }
  uint8_t arch() const { return uint8_t(Device_.arch()); }
  // Bytes of the runtime image this session booted (0 if it found one).
  size_t runtimeImageBytes() const { return RuntimeImageBytes_; }
  // Where this session put the runtime's code in flash; 0 if in RAM or if it
  // found the runtime running.
  uint32_t runtimeFlashAddress() const { return RuntimeFlashAddress_; }

  llvm::Expected<jlremote::Info> info();
  // SetHeap: drops every image and object, limits the heap to `Limit`
  // bytes (0: all the device's RAM) and, with `CollectAlways`, collects
  // before every object allocation. Answers the device's Info.
  llvm::Expected<jlremote::Info> configureHeap(uint32_t Limit,
                                               bool CollectAlways);
  llvm::Expected<CallOutcome> call(loader::Linker &Code, uint32_t Slot,
                                   const CallFrame &Frame);

  const LinkStats &linkStats() const { return Link_.stats(); }
  const std::vector<ImageRecord> &imagesSent() const { return Images_; }
  std::string description() const { return Port_->description(); }

  // Test hook: sees (and may change) every image before it is sent, e.g. to
  // corrupt its CRC or claim another arch.
  std::function<void(loader::Image &)> BeforeSendImage;
  // Observer: called after each image has been acknowledged.
  std::function<void(const ImageRecord &)> OnImageSent;
  // Output of device code during a call (runtime slot jlremote_print): the
  // print site's format number and its values, for the front end's
  // formatter. Unset, prints are logged and dropped.
  std::function<void(uint32_t Format, llvm::StringRef Values)> OnPrint;

private:
  Session(asio::io_context &Io, std::unique_ptr<Transport> Port,
          SessionOptions Options);
  llvm::Error start();
  llvm::Expected<jlremote::DeviceHello> hello();
  llvm::Error boot(const jlremote::DeviceHello &Resident);
  llvm::Error bootFromFlash(const jlremote::DeviceHello &Resident,
                            llvm::StringRef Board);
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
  readDeviceFile(llvm::StringRef Name, llvm::StringRef What) const;
  llvm::Expected<std::vector<uint8_t>>
  readImage(llvm::StringRef Name, llvm::StringRef What, uint8_t Arch) const;
  llvm::Error writeMemory(uint32_t Address, llvm::ArrayRef<uint8_t> Bytes,
                          Clock::time_point Deadline);
  llvm::Error writeImageBlock(llvm::ArrayRef<uint8_t> Image, uint32_t Start,
                              Clock::time_point Deadline);
  llvm::Error sendStartRuntime(uint32_t Start, llvm::ArrayRef<uint8_t> Image);
  llvm::Error startRuntime(uint32_t Start, llvm::ArrayRef<uint8_t> Image);
  llvm::Expected<jlremote::Info> requestInfo(const jlremote::ToDevice &Request);
  llvm::Error send(const jlremote::ToDevice &Message, Millis Timeout);
  llvm::Expected<jlremote::FromDevice> receive(Millis Timeout,
                                               llvm::StringRef What);
  llvm::Error loadImage(loader::Linker &Code, uint32_t Slot);

  std::unique_ptr<Transport> Port_;
  SessionOptions Options_;
  Link Link_;
  jlremote::DeviceHello Device_;
  size_t RuntimeImageBytes_ = 0;
  uint32_t RuntimeFlashAddress_ = 0;
  std::vector<ImageRecord> Images_;
};

// The device artifacts folder: $JLREMOTE_DEVICE_DIR, else the build's.
std::string deviceDir();

} // namespace jlremote::host
