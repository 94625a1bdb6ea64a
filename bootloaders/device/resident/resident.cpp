// The resident stage of proto/README.md: answer Hello, copy the runtime image
// into RAM, check and relocate it with the image loader, and jump to it with
// the services table. Everything here stays flashed, so it does only that.
#include "board.h"
#include "board_config.h"
#include "cortex_m.h"
#include "image_loader.h"
#include "jlremote.pb.h"
#include "link.h"
#include "protobuf.h"
#include "resident_services.h"

#include <string.h>

// Defined by resident.ld: RAM the host may write, and the flashed size.
extern "C" uint8_t __ram_start[], __ram_end[], __resident_size[];

namespace jlremote {
namespace {

// Values of proto/jlremote.proto, from nanopb's generated header (only the
// header: the resident links no nanopb code, it reads and writes its few
// messages by hand, protobuf.h).
constexpr uint32_t kProtocolVersion = jlremote_Protocol_PROTOCOL_VERSION;
constexpr uint32_t kStageResident = jlremote_Stage_STAGE_RESIDENT;
constexpr uint32_t kHostHello = jlremote_ToDevice_hello_tag;
constexpr uint32_t kWriteMemory = jlremote_ToDevice_write_memory_tag;
constexpr uint32_t kStartRuntime = jlremote_ToDevice_start_runtime_tag;
static_assert(kHostHello == 1 && kWriteMemory == 2 && kStartRuntime == 3,
              "the resident takes fields 1-3 of ToDevice as a range");
constexpr uint32_t kDeviceHello = jlremote_FromDevice_hello_tag;
constexpr uint32_t kDeviceError = jlremote_FromDevice_error_tag;
constexpr uint32_t kProtocolMismatch =
    jlremote_ErrorCode_ERROR_PROTOCOL_MISMATCH;
constexpr uint32_t kBadMessage = jlremote_ErrorCode_ERROR_BAD_MESSAGE;
constexpr uint32_t kNotInStage = jlremote_ErrorCode_ERROR_NOT_IN_STAGE;
constexpr uint32_t kBadAddress = jlremote_ErrorCode_ERROR_BAD_ADDRESS;

// DeviceHello, fields 1-7 (runtime_version, 8, is 0 here: left out). A
// table in flash costs less than building it. (GCC emits these symbol
// addresses as static data; resident.ld fails the link if it ever does not.)
enum HelloField { kRamStart = 4, kRamEnd = 5 };
const uint32_t kHello[] = {
    kProtocolVersion,
    kStageResident,
    board::kArch,
    board::kId,
    reinterpret_cast<uintptr_t>(__ram_start),
    reinterpret_cast<uintptr_t>(__ram_end),
    reinterpret_cast<uintptr_t>(__resident_size),
};

// The part of the services table that never changes stays in flash; the
// runtime gets a copy on the stack with the sequence numbers, heap start
// and runtime size filled in.
const ResidentServices kServices = {
    kResidentAbiVersion,
    board::kArch,
    board::kId,
    0,
    0,
    board::kCoreClockHz,
    0,
    reinterpret_cast<uintptr_t>(__ram_end),
    reinterpret_cast<uintptr_t>(__resident_size),
    board::readByte,
    board::writeByte,
    millis,
    loadImage,
    syncCode,
    restart,
    0,
    reinterpret_cast<uintptr_t>(__ram_start),
    reinterpret_cast<uintptr_t>(__ram_end),
    nullptr,
    &FaultHook,
};

bool inRam(uint32_t address, uint32_t size) {
  return address >= kHello[kRamStart] && address <= kHello[kRamEnd] &&
         size <= kHello[kRamEnd] - address;
}

class Session {
public:
  [[noreturn]] void run() {
    for (;;)
      handle(Link_.receive());
  }

private:
  void handle(const Frame &frame);
  void hello(uint32_t hostProtocol);
  void startRuntime(uint32_t address, uint32_t length);
  void sendError(uint32_t code, uint32_t value, uint32_t expected) {
    const uint32_t Error[] = {code, value, expected};
    send(kDeviceError, Error, 3);
  }
  void send(uint32_t field, const uint32_t *values, uint32_t count);

  // The small fields first: Thumb-1 byte loads reach 31 bytes past a base.
  uint32_t HostProtocol_ = 0;
  bool Mismatch_ = false; // the host's HostHello named another version
  Link Link_;
};

// FromDevice{field: {values[0] as field 1, values[1] as field 2, ...}}.
void Session::send(uint32_t field, const uint32_t *values, uint32_t count) {
  // At most 7 fields of 6 bytes: both lengths fit in one-byte varints.
  uint8_t Message[3 + 7 * 6];
  protobuf::Writer Body{Message + 3};
  for (uint32_t I = 0; I < count; ++I)
    Body.field(I + 1, values[I]);
  const uint8_t Size = uint8_t(Body.Next - (Message + 3));
  Message[0] = uint8_t(Size + 2);
  Message[1] = uint8_t(field << 3 | protobuf::kWireLength);
  Message[2] = Size;
  Link_.send(Message, Size + 3u);
}

// A request is varint(length) ToDevice, whole in one frame.
void Session::handle(const Frame &frame) {
  // The rest of a message too long for one frame: refused at its start.
  if (!(frame.kind & kFrameStart))
    return;
  protobuf::Reader In{frame.payload, frame.payload + frame.size, false};
  const uint32_t Length = In.varint();
  const size_t Rest = In.remaining();
  const uint32_t Key = In.varint();
  const uint32_t Field = Key >> 3;
  if (In.Bad)
    return sendError(kBadMessage, 0, 0);
  if (Mismatch_ && Field != kHostHello)
    return sendError(kProtocolMismatch, kProtocolVersion, HostProtocol_);
  if (Field < kHostHello || Field > kStartRuntime)
    return sendError(kNotInStage, Field, kStageResident);
  protobuf::Fields Request;
  if (Length != Rest || (Key & 7) != protobuf::kWireLength ||
      In.varint() != In.remaining() || !protobuf::parseFields(In, Request))
    return sendError(kBadMessage, 0, 0);
  if (Field == kHostHello)
    return hello(Request.Varint[1]);
  // WriteMemory{address, data} and StartRuntime{address, length} both name
  // a range of the host's RAM; an image's code base (16 bytes in) must also
  // have its arch's alignment.
  const uint32_t Address = Request.Varint[1];
  const uint32_t Size =
      Field == kWriteMemory ? Request.BytesSize : Request.Varint[2];
  if (!inRam(Address, Size) ||
      (Field == kStartRuntime && Address % imageBaseAlign(board::kArch)))
    return sendError(kBadAddress, Address, Size);
  if (Field == kWriteMemory)
    memcpy(reinterpret_cast<void *>(Address), Request.Bytes, Size);
  else
    startRuntime(Address, Size);
}

void Session::hello(uint32_t hostProtocol) {
  HostProtocol_ = hostProtocol;
  Mismatch_ = hostProtocol != kProtocolVersion;
  send(kDeviceHello, kHello, sizeof(kHello) / sizeof(kHello[0]));
}

void Session::startRuntime(uint32_t address, uint32_t length) {
  uint8_t *const Image = reinterpret_cast<uint8_t *>(address);
  uintptr_t Entry;
  const ImageCheck Check =
      loadImage(Image, length, kHello[kRamEnd] - address, board::kArch,
                StubHook{nullptr, nullptr, 0}, &Entry);
  if (Check.Status != kImageOk)
    return sendError(Check.Status, Check.Value, Check.Expected);
  // The heap starts right after the runtime's bss: the relocations behind
  // it have been applied and are not needed again (on the micro:bit that is
  // 300 bytes more heap).
  const ImageHeader &Header = *reinterpret_cast<const ImageHeader *>(Image);
  const uint32_t BlockEnd =
      address + kImageHeaderSize + Header.CodeSize + Header.BssSize;
  ResidentServices Services = kServices;
  Services.LastRxSeq = Link_.lastRxSeq();
  Services.NextTxSeq = Link_.nextTxSeq();
  Services.HeapStart = (BlockEnd + 15) & ~uint32_t(15);
  Services.RuntimeSize = length;
  Services.Decoder = &Link_.decoder();
  syncCode(Image, length); // covers the code
  reinterpret_cast<void (*)(const ResidentServices *)>(Entry)(&Services);
  // The runtime returns only if it refused this table (another ABI
  // version): the device stays in the resident stage.
}

// Constant-initialised (all zero): it lives in .bss, no constructor runs.
Session TheSession;

} // namespace

void residentMain() { TheSession.run(); }

} // namespace jlremote
