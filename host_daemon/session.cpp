#include "session.h"

#include "errors.h"

#include "bootloaders/device/flash_stage/staged_runtime.h"
#include "crc32.h"
#include "device_runtime/image_format.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <chrono>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <cstring>

namespace jlremote::host {
namespace {

// Device-side sizes from proto/jlremote.options.
constexpr size_t kWriteChunk = 240;   // WriteMemory.data max_size
constexpr size_t kMaxExports = 32;    // LoadImage.exports max_count
constexpr size_t kMaxCallWords = 8;   // Call.gp and Call.fp max_count
constexpr size_t kMaxStackWords = 16; // Call.stack max_count

// The type of the message an envelope (ToDevice, FromDevice) carries.
template <typename Envelope> std::string messageName(const Envelope &M) {
  if (M.msg_case() == Envelope::MSG_NOT_SET)
    return "an empty message";
  return payloadName(*Envelope::descriptor(), uint32_t(M.msg_case()));
}

// A message that is not the awaited one: a DeviceError is named, anything
// else is a protocol error.
llvm::Error unexpected(const jlremote::FromDevice &M, llvm::StringRef What) {
  if (M.has_error())
    return makeDeviceError(M.error());
  return llvm::createStringError(llvm::formatv(
      "device sent {0} while the host waited for {1}", messageName(M), What));
}

Clock::time_point after(Millis Timeout) { return Clock::now() + Timeout; }

// The bss an image's header announces (image_format.h).
size_t imageBss(llvm::ArrayRef<uint8_t> Image) {
  return llvm::support::endian::read16le(Image.data() + 6);
}

} // namespace

std::string deviceDir() {
  if (const char *Dir = std::getenv("JLREMOTE_DEVICE_DIR"))
    return Dir;
  return JLREMOTE_DEVICE_DIR;
}

Session::Session(asio::io_context &Io, std::unique_ptr<Transport> Port,
                 SessionOptions Options)
    : Port_(std::move(Port)), Options_(std::move(Options)),
      Link_(Io, *Port_, Options_.Link) {}

Session::~Session() { Link_.close(); }

llvm::Expected<std::unique_ptr<Session>>
Session::connect(asio::io_context &Io, std::unique_ptr<Transport> Port,
                 SessionOptions Options) {
  if (Options.DeviceDir.empty())
    Options.DeviceDir = deviceDir();
  std::unique_ptr<Session> S(
      new Session(Io, std::move(Port), std::move(Options)));
  if (auto Err = S->start())
    return std::move(Err);
  return S;
}

llvm::Error Session::start() {
  auto First = hello();
  if (!First)
    return First.takeError();
  jlremote::DeviceHello Hello = *First;
  if (Options_.Attach) {
    if (Hello.stage() != jlremote::STAGE_RUNTIME)
      return llvm::createStringError("the device on " + description() +
                                     " is in the " + stageName(Hello.stage()) +
                                     " stage: no runtime to attach to");
    Device_ = Hello;
    return llvm::Error::success();
  }
  if (Hello.stage() == jlremote::STAGE_RUNTIME) {
    // Another session's slots may be loaded: start from nothing.
    spdlog::debug("{}: device in the runtime stage, resetting it",
                  description());
    jlremote::ToDevice Reset;
    Reset.mutable_reset();
    if (auto Err = send(Reset, Options_.RequestTimeout))
      return Err;
    auto Again = hello();
    if (!Again)
      return Again.takeError();
    Hello = *Again;
  }
  if (Hello.stage() == jlremote::STAGE_RESIDENT) {
    if (auto Err = boot(Hello))
      return Err;
    return llvm::Error::success();
  }
  if (Hello.stage() != jlremote::STAGE_RUNTIME)
    return llvm::createStringError("device reports " +
                                   stageName(Hello.stage()) +
                                   ", neither resident nor runtime");
  Device_ = Hello;
  return llvm::Error::success();
}

llvm::Expected<jlremote::DeviceHello> Session::hello() {
  if (auto Err = Link_.sync(after(Options_.ConnectTimeout)))
    return std::move(Err);
  jlremote::ToDevice Message;
  Message.mutable_hello()->set_protocol(jlremote::PROTOCOL_VERSION);
  if (auto Err = send(Message, Options_.ConnectTimeout))
    return std::move(Err);
  auto Answer = receive(Options_.ConnectTimeout, "DeviceHello");
  if (!Answer)
    return Answer.takeError();
  if (!Answer->has_hello())
    return unexpected(*Answer, "DeviceHello");
  const jlremote::DeviceHello &H = Answer->hello();
  if (H.protocol() != jlremote::PROTOCOL_VERSION)
    return llvm::createStringError(
        llvm::formatv("device speaks protocol {0}, host speaks {1}",
                      H.protocol(), unsigned(jlremote::PROTOCOL_VERSION)));
  spdlog::debug("{}: {} {} in the {} stage, RAM {:#x}-{:#x}", description(),
                boardName(H.board()), archName(H.arch()), stageName(H.stage()),
                H.ram_start(), H.ram_end());
  return H;
}

llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
Session::readDeviceFile(llvm::StringRef Name, llvm::StringRef What) const {
  const std::string Path = Options_.DeviceDir + "/" + Name.str();
  auto File = llvm::MemoryBuffer::getFile(Path);
  if (!File)
    return llvm::createStringError(llvm::formatv(
        "no {0}: cannot read {1}: {2}", What, Path, File.getError().message()));
  return std::move(*File);
}

llvm::Expected<std::vector<uint8_t>> Session::readImage(llvm::StringRef Name,
                                                        llvm::StringRef What,
                                                        uint8_t Arch) const {
  auto Elf = readDeviceFile(Name, What);
  if (!Elf)
    return Elf.takeError();
  auto Image = loader::buildExecutableImage((*Elf)->getMemBufferRef(), Arch);
  if (!Image)
    return llvm::createStringError(
        llvm::formatv("{0} from {1}/{2}: {3}", What, Options_.DeviceDir, Name,
                      llvm::toString(Image.takeError())));
  return Image;
}

llvm::Error Session::boot(const jlremote::DeviceHello &Resident) {
  const std::string Board = boardName(Resident.board());
  if (llvm::sys::fs::exists(Options_.DeviceDir + "/flash-stage-" + Board +
                            ".elf"))
    return bootFromFlash(Resident, Board);
  const std::string Arch = archName(Resident.arch());
  auto Image = readImage("runtime-" + Arch + ".elf", "runtime for " + Arch,
                         uint8_t(Resident.arch()));
  if (!Image)
    return Image.takeError();
  const uint32_t Start = Resident.ram_start(), End = Resident.ram_end();
  const size_t BlockSize = Image->size() + imageBss(*Image);
  if (End <= Start || BlockSize > End - Start)
    return llvm::createStringError(llvm::formatv(
        "runtime image needs {0} bytes, device RAM [{1:x8}, {2:x8}) has {3}",
        BlockSize, Start, End, End > Start ? End - Start : 0));
  spdlog::debug("{}: booting the {} runtime ({} bytes) at {:#x}", description(),
                Arch, Image->size(), Start);
  const auto Deadline = after(Options_.BootTimeout);
  if (auto Err = writeImageBlock(*Image, Start, Deadline))
    return Err;
  if (auto Err = startRuntime(Start, *Image))
    return Err;
  RuntimeImageBytes_ = Image->size();
  return llvm::Error::success();
}

// bootloaders/README.md, "Runtime in flash": the runtime's code as linked
// for the board's flash, staged at ram_start in chunks behind a
// StagedRuntimeHeader, the flash stage image after each; the stage writes
// each chunk to flash and, after the last, enters the runtime, whose bss is
// at the top of the RAM.
llvm::Error Session::bootFromFlash(const jlremote::DeviceHello &Resident,
                                   llvm::StringRef Board) {
  const std::string RuntimeName = "runtime-flash-" + Board.str() + ".elf";
  auto Elf = readDeviceFile(RuntimeName, "flash runtime for " + Board.str());
  if (!Elf)
    return Elf.takeError();
  auto Runtime = loader::readPlacedExecutable((*Elf)->getMemBufferRef(),
                                              uint8_t(Resident.arch()));
  if (!Runtime)
    return llvm::createStringError(llvm::formatv(
        "{0}: {1}", RuntimeName, llvm::toString(Runtime.takeError())));
  auto Stage =
      readImage("flash-stage-" + Board.str() + ".elf",
                "flash stage for " + Board.str(), uint8_t(Resident.arch()));
  if (!Stage)
    return Stage.takeError();

  const uint32_t Start = Resident.ram_start(), End = Resident.ram_end();
  const uint64_t BssSize = llvm::alignTo(Runtime->BssSize, 4);
  if (Runtime->BssAddress < Start || Runtime->BssAddress + BssSize > End ||
      Runtime->Address < Resident.resident_size())
    return llvm::createStringError(llvm::formatv(
        "{0} was linked for code at {1:x8} and bss at [{2:x8}, {3:x8}); the "
        "device's resident takes {4} bytes of flash and gives RAM [{5:x8}, "
        "{6:x8}): a resident from another build?",
        RuntimeName, Runtime->Address, Runtime->BssAddress,
        Runtime->BssAddress + BssSize, Resident.resident_size(), Start, End));
  Runtime->Bytes.resize(llvm::alignTo(Runtime->Bytes.size(), 4), 0);
  const std::vector<uint8_t> &Code = Runtime->Bytes;
  const uint32_t Total = uint32_t(Code.size());
  // Chunks as large as the RAM below the runtime's bss holds with the stage
  // image after them (16 bytes for its alignment).
  const uint64_t StageBlock = Stage->size() + imageBss(*Stage) + 16;
  const uint64_t Room = Runtime->BssAddress - Start;
  const uint64_t Chunk =
      Room > sizeof(StagedRuntimeHeader) + StageBlock
          ? (Room - sizeof(StagedRuntimeHeader) - StageBlock) /
                kStagedChunkAlign * kStagedChunkAlign
          : 0;
  if (Chunk == 0)
    return llvm::createStringError(llvm::formatv(
        "no room for a {0}-byte chunk of the runtime and the flash stage ({1} "
        "bytes) in RAM [{2:x8}, {3:x8}) below the runtime's bss",
        kStagedChunkAlign, Stage->size(), Start, Runtime->BssAddress));
  spdlog::debug("{}: staging {} ({} bytes) for flash at {:#x}, {} bytes at "
                "a time",
                description(), RuntimeName, Total, Runtime->Address, Chunk);
  const auto Deadline = after(Options_.BootTimeout);
  const uint32_t CodeCrc = crc32(Code.data(), Code.size());
  size_t Sent = 0;
  for (uint32_t Offset = 0; Offset < Total; Offset += uint32_t(Chunk)) {
    const uint32_t Size = uint32_t(std::min<uint64_t>(Chunk, Total - Offset));
    const StagedRuntimeHeader Header{kStagedRuntimeMagic,
                                     uint32_t(Runtime->Address),
                                     Total,
                                     CodeCrc,
                                     Offset,
                                     Size,
                                     crc32(Code.data() + Offset, Size),
                                     uint32_t(Runtime->Entry),
                                     uint32_t(Runtime->BssAddress),
                                     uint32_t(BssSize)};
    std::vector<uint8_t> Staged(sizeof(Header));
    std::memcpy(Staged.data(), &Header, sizeof(Header));
    Staged.insert(Staged.end(), Code.begin() + Offset,
                  Code.begin() + Offset + Size);
    if (Options_.BeforeStaging)
      Options_.BeforeStaging(Staged);
    // The stage image again each time: the resident relocates it in place.
    const uint32_t StageStart =
        uint32_t(llvm::alignTo(Start + Staged.size(), 16));
    if (auto Err = writeMemory(Start, Staged, Deadline))
      return Err;
    if (auto Err = writeImageBlock(*Stage, StageStart, Deadline))
      return Err;
    Sent += Staged.size() + Stage->size();
    if (Offset + Size < Total) {
      // The stage writes the chunk and returns to the resident, which
      // answers the next Hello.
      if (auto Err = sendStartRuntime(StageStart, *Stage))
        return Err;
      auto Again = hello();
      if (!Again)
        return Again.takeError();
      if (Again->stage() != jlremote::STAGE_RESIDENT)
        return llvm::createStringError(
            "device left the resident stage while the runtime was staged");
      continue;
    }
    if (auto Err = startRuntime(StageStart, *Stage))
      return llvm::createStringError(
          "the flash stage did not start the runtime (it refuses a staged "
          "chunk that fails its checks, and flash that does not read back as "
          "written or as the whole runtime): " +
          llvm::toString(std::move(Err)));
  }
  RuntimeImageBytes_ = Sent;
  RuntimeFlashAddress_ = uint32_t(Runtime->Address);
  return llvm::Error::success();
}

llvm::Error Session::writeMemory(uint32_t Address,
                                 llvm::ArrayRef<uint8_t> Bytes,
                                 Clock::time_point Deadline) {
  for (size_t Offset = 0; Offset < Bytes.size(); Offset += kWriteChunk) {
    const size_t Size = std::min(kWriteChunk, Bytes.size() - Offset);
    jlremote::ToDevice Write;
    Write.mutable_write_memory()->set_address(uint32_t(Address + Offset));
    Write.mutable_write_memory()->set_data(Bytes.data() + Offset, Size);
    std::string Wire;
    Write.SerializeToString(&Wire);
    if (auto Err = Link_.send(llvm::arrayRefFromStringRef(Wire), Deadline))
      return Err;
  }
  return llvm::Error::success();
}

// The wire bytes go where the block layout (imageBlockSize) wants them:
// header and code at the start, the relocations after the bss.
llvm::Error Session::writeImageBlock(llvm::ArrayRef<uint8_t> Image,
                                     uint32_t Start,
                                     Clock::time_point Deadline) {
  const size_t CodeEnd =
      kImageHeaderSize + llvm::support::endian::read16le(Image.data() + 4);
  if (auto Err = writeMemory(Start, Image.take_front(CodeEnd), Deadline))
    return Err;
  return writeMemory(uint32_t(Start + CodeEnd + imageBss(Image)),
                     Image.drop_front(CodeEnd), Deadline);
}

llvm::Error Session::sendStartRuntime(uint32_t Start,
                                      llvm::ArrayRef<uint8_t> Image) {
  jlremote::ToDevice StartRuntime;
  StartRuntime.mutable_start_runtime()->set_address(Start);
  StartRuntime.mutable_start_runtime()->set_length(uint32_t(Image.size()));
  return send(StartRuntime, Options_.RequestTimeout);
}

llvm::Error Session::startRuntime(uint32_t Start,
                                  llvm::ArrayRef<uint8_t> Image) {
  if (auto Err = sendStartRuntime(Start, Image))
    return Err;
  auto Answer = receive(Options_.RequestTimeout, "the runtime's DeviceHello");
  if (!Answer)
    return Answer.takeError();
  if (!Answer->has_hello())
    return unexpected(*Answer, "the runtime's DeviceHello");
  if (Answer->hello().stage() != jlremote::STAGE_RUNTIME)
    return llvm::createStringError("device answered StartRuntime in the " +
                                   stageName(Answer->hello().stage()) +
                                   " stage, not the runtime");
  Device_ = Answer->hello();
  return llvm::Error::success();
}

llvm::Error Session::send(const jlremote::ToDevice &Message, Millis Timeout) {
  std::string Bytes;
  if (!Message.SerializeToString(&Bytes))
    return llvm::createStringError(
        llvm::formatv("cannot encode {0}", messageName(Message)));
  spdlog::debug("-> {} ({} bytes)", messageName(Message), Bytes.size());
  return Link_.send(llvm::arrayRefFromStringRef(Bytes), after(Timeout));
}

llvm::Expected<jlremote::FromDevice> Session::receive(Millis Timeout,
                                                      llvm::StringRef What) {
  auto Bytes = Link_.receive(after(Timeout), What);
  if (!Bytes)
    return Bytes.takeError();
  jlremote::FromDevice Message;
  if (!Message.ParseFromArray(Bytes->data(), int(Bytes->size())))
    return llvm::createStringError(llvm::formatv(
        "undecodable {0}-byte message from the device while waiting for {1}",
        Bytes->size(), What));
  spdlog::debug("<- {} ({} bytes)", messageName(Message), Bytes->size());
  return Message;
}

llvm::Expected<jlremote::Info> Session::info() {
  jlremote::ToDevice Request;
  Request.mutable_info();
  return requestInfo(Request);
}

llvm::Expected<jlremote::Info> Session::configureHeap(uint32_t Limit,
                                                      bool CollectAlways) {
  jlremote::ToDevice Request;
  Request.mutable_set_heap()->set_limit(Limit);
  Request.mutable_set_heap()->set_collect_always(CollectAlways);
  return requestInfo(Request);
}

llvm::Expected<jlremote::Info>
Session::requestInfo(const jlremote::ToDevice &Request) {
  if (auto Err = send(Request, Options_.RequestTimeout))
    return std::move(Err);
  auto Answer = receive(Options_.RequestTimeout, "Info");
  if (!Answer)
    return Answer.takeError();
  if (!Answer->has_info())
    return unexpected(*Answer, "Info");
  return Answer->info();
}

llvm::Error Session::loadImage(loader::Linker &Code, uint32_t Slot) {
  auto Image = Code.buildImage(Slot);
  if (!Image)
    return llvm::createStringError(
        llvm::formatv("device asked for slot {0} ({1}): {2}", Slot,
                      Code.symbolOf(Slot), llvm::toString(Image.takeError())));
  if (Image->Exports.size() > kMaxExports)
    return llvm::createStringError(llvm::formatv(
        "image of {0} has {1} other entry points, the device takes {2}",
        Image->Name, Image->Exports.size(), kMaxExports));
  if (BeforeSendImage)
    BeforeSendImage(*Image);
  jlremote::ToDevice Message;
  jlremote::LoadImage *Load = Message.mutable_load_image();
  Load->set_slot(Slot);
  for (const auto &[ExportSlot, Offset] : Image->Exports) {
    jlremote::Export *E = Load->add_exports();
    E->set_slot(ExportSlot);
    E->set_offset(Offset);
  }
  Load->set_image(Image->Bytes.data(), Image->Bytes.size());
  const LinkStats Before = Link_.stats();
  spdlog::debug("{}: slot {} = {}, {} bytes ({} code, {} relocations, {} "
                "other entries)",
                description(), Slot, Image->Name, Image->Bytes.size(),
                Image->RawCodeSize, Image->RelocCount, Image->Exports.size());
  for (const auto &[ExportSlot, Offset] : Image->Exports)
    spdlog::trace("  slot {} = {} at +{}", ExportSlot,
                  Code.symbolOf(ExportSlot), Offset);
  const auto Start = std::chrono::steady_clock::now();
  if (auto Err = send(Message, Options_.RequestTimeout))
    return Err;
  const std::chrono::duration<double> Took =
      std::chrono::steady_clock::now() - Start;
  const LinkStats &After = Link_.stats();
  Images_.push_back(
      ImageRecord{Slot, Image->Name, Image->Bytes.size(), Image->RawCodeSize,
                  Image->RelocCount,
                  (After.BytesSent - Before.BytesSent) +
                      (After.BytesReceived - Before.BytesReceived),
                  Took.count()});
  if (OnImageSent)
    OnImageSent(Images_.back());
  return llvm::Error::success();
}

DeviceStack decodeStack(const jlremote::StackSnapshot &Snapshot, uint8_t Arch) {
  DeviceStack Stack{Arch,
                    Snapshot.pc(),
                    Snapshot.sp(),
                    {Snapshot.registers().begin(), Snapshot.registers().end()},
                    {Snapshot.memory().begin(), Snapshot.memory().end()},
                    {}};
  for (const jlremote::Placement &P : Snapshot.code())
    Stack.Placements.emplace_back(P.slot(), P.address());
  return Stack;
}

llvm::Expected<CallOutcome> Session::call(loader::Linker &Code, uint32_t Slot,
                                          const CallFrame &Frame) {
  if (Frame.Gp.size() > kMaxCallWords || Frame.Fp.size() > kMaxCallWords ||
      Frame.Stack.size() > kMaxStackWords)
    return llvm::createStringError(llvm::formatv(
        "the arguments need {0} stack words, the device takes {1}",
        Frame.Stack.size(), kMaxStackWords));
  jlremote::ToDevice Message;
  jlremote::Call *C = Message.mutable_call();
  C->set_slot(Slot);
  for (uint64_t V : Frame.Gp)
    C->add_gp(V);
  for (uint64_t V : Frame.Fp)
    C->add_fp(V);
  for (uint64_t V : Frame.Stack)
    C->add_stack(V);
  if (auto Err = send(Message, Options_.RequestTimeout))
    return std::move(Err);
  // The timeout is for silence: every image the device asks for is
  // progress (a micro:bit that evicts and re-fetches its helpers may ask for
  // hundreds in one call).
  for (;;) {
    auto Answer = receive(Options_.CallTimeout, "the result of the call");
    if (!Answer)
      return Answer.takeError();
    if (Answer->has_call_result())
      return CallOutcome{Answer->call_result(), std::nullopt, std::nullopt};
    if (Answer->has_thrown()) {
      const jlremote::Thrown &T = Answer->thrown();
      return CallOutcome{
          {},
          ThrownException{T.type(),
                          T.site(),
                          {T.payload().begin(), T.payload().end()},
                          decodeStack(T.stack(), arch())},
          std::nullopt};
    }
    if (Answer->has_print()) {
      const jlremote::Print &P = Answer->print();
      if (OnPrint)
        OnPrint(P.format(), P.values());
      else
        spdlog::info("{}: print with format {} ({} bytes of values), no "
                     "formatter for it",
                     description(), P.format(), P.values().size());
      continue;
    }
    if (Answer->has_hello())
      return llvm::createStringError(
          "device restarted during the call (it sent DeviceHello)");
    if (Answer->has_fault()) {
      const jlremote::Fault &F = Answer->fault();
      return CallOutcome{
          {},
          std::nullopt,
          DeviceFault{F,
                      describeFault(F, arch(),
                                    F.slot() ? Code.symbolOf(F.slot())
                                             : llvm::StringRef()),
                      decodeStack(F.stack(), arch())}};
    }
    if (!Answer->has_load_request())
      return unexpected(*Answer, "the result of the call");
    if (auto Err = loadImage(Code, Answer->load_request().slot()))
      return std::move(Err);
  }
}

} // namespace jlremote::host
