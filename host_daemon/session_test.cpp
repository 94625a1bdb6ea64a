// Sessions against real devices, with code from the real compiler and
// loader: the POSIX device (jlremote-device-posix --pty) and the QEMU boards
// behind their resident bootstrappers. Connect, info, a call that loads two
// images on demand, and images the device must refuse.
#include "errors.h"
#include "launch.h"
#include "session.h"
#include "transport.h"

#include "bootloaders/device/flash_stage/staged_runtime.h"
#include "compiler/codegen.h"
#include "image_format.h"

#include "crc32.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>

namespace jlremote::host {
namespace {

// "sim" or a QEMU board name.
class DeviceSession : public ::testing::TestWithParam<std::string> {
protected:
  void SetUp() override {
    auto Launched = GetParam() == "sim"
                        ? launchSimulator(Io, LaunchOptions{})
                        : launchBoard(Io, GetParam(), LaunchOptions{});
    ASSERT_TRUE(bool(Launched)) << llvm::toString(Launched.takeError());
    Device = std::move(Launched->Process);
    auto S = Session::connect(Io, std::move(Launched->Port), SessionOptions{});
    ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
    Link = std::move(*S);
  }

  // <File> (examples/foundation/ unless given a folder) compiled for the
  // device, in a fresh Linker.
  std::unique_ptr<loader::Linker> compile(llvm::StringRef File) {
    const uint8_t Arch = Link->arch();
    auto Spec = compiler::targetForArch(Arch);
    EXPECT_TRUE(bool(Spec)) << llvm::toString(Spec.takeError());
    auto M = compiler::loadSource(
        std::string(JLREMOTE_SOURCE_DIR) +
            (File.contains('/') ? "/" : "/examples/foundation/") + File.str(),
        *Spec, Context, compiler::OptLevel::O2);
    EXPECT_TRUE(bool(M)) << llvm::toString(M.takeError());
    auto Object = compiler::emitObject(**M, *Spec, compiler::OptLevel::O2);
    EXPECT_TRUE(bool(Object)) << llvm::toString(Object.takeError());
    auto L = loader::Linker::create(Arch,
                                    loader::helperLibraries(Arch, deviceDir()));
    EXPECT_TRUE(bool(L)) << llvm::toString(L.takeError());
    EXPECT_FALSE(bool((*L)->addObject(std::move(*Object))));
    return std::move(*L);
  }

  uint32_t slot(loader::Linker &L, llvm::StringRef Name) {
    auto S = L.slotFor(Name);
    EXPECT_TRUE(bool(S)) << llvm::toString(S.takeError());
    return S ? *S : 0;
  }

  std::string callError(loader::Linker &L, uint32_t Slot, CallFrame Frame) {
    auto R = Link->call(L, Slot, Frame);
    EXPECT_FALSE(bool(R));
    return R ? "" : llvm::toString(R.takeError());
  }

  asio::io_context Io;
  llvm::LLVMContext Context;
  std::unique_ptr<ChildProcess> Device;
  std::unique_ptr<Session> Link; // goes before the device process
};

TEST_P(DeviceSession, DescribesTheDevice) {
  EXPECT_EQ(Link->device().stage(), jlremote::STAGE_RUNTIME);
  const uint8_t Expected = GetParam() == "sim"        ? kArchX86_64
                           : GetParam() == "microbit" ? kArchThumbV6M
                                                      : kArchThumbV7M;
  EXPECT_EQ(Link->arch(), Expected);
  auto Info = Link->info();
  ASSERT_TRUE(bool(Info)) << llvm::toString(Info.takeError());
  EXPECT_EQ(unsigned(Info->arch()), Expected);
  EXPECT_EQ(Info->protocol(), unsigned(jlremote::PROTOCOL_VERSION));
  EXPECT_GT(Info->slot_count(), 0u);
  EXPECT_GT(Info->heap_free(), 0u);
}

TEST_P(DeviceSession, LoadsImagesOnDemand) {
  auto L = compile("squares.c");
  unsigned Observed = 0;
  Link->OnImageSent = [&](const ImageRecord &) { ++Observed; };
  auto R = Link->call(*L, slot(*L, "sum_of_squares"), CallFrame{{10}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Result.gp0(), 385u);
  // sum_of_squares, then square when it was first called.
  ASSERT_EQ(Link->imagesSent().size(), 2u);
  EXPECT_EQ(Link->imagesSent()[0].Name, "sum_of_squares");
  EXPECT_EQ(Link->imagesSent()[1].Name, "square");
  EXPECT_EQ(Observed, 2u);
  EXPECT_EQ(R->Result.images_loaded(), 2u);
  // Loaded once: a second call loads nothing.
  auto Again =
      Link->call(*L, slot(*L, "sum_of_squares"), CallFrame{{4}, {}, {}});
  ASSERT_TRUE(bool(Again)) << llvm::toString(Again.takeError());
  EXPECT_EQ(Again->Result.gp0(), 30u);
  EXPECT_EQ(Link->imagesSent().size(), 2u);
}

TEST_P(DeviceSession, CorruptImageIsRefusedAndTheSessionGoesOn) {
  auto L = compile("fib.c");
  const uint32_t Fib = slot(*L, "fib");
  Link->BeforeSendImage = [](loader::Image &I) {
    I.Bytes[kImageHeaderSize] ^= 0x01; // one bit of code, CRC left as it was
  };
  const std::string Text = callError(*L, Fib, CallFrame{{10}, {}, {}});
  EXPECT_NE(Text.find("image CRC 0x"), std::string::npos) << Text;
  EXPECT_NE(Text.find(", header says 0x"), std::string::npos) << Text;

  Link->BeforeSendImage = nullptr;
  auto R = Link->call(*L, Fib, CallFrame{{20}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Result.gp0(), 6765u);
}

TEST_P(DeviceSession, WrongArchitectureIsRefusedAndTheSessionGoesOn) {
  auto L = compile("fib.c");
  const uint8_t Wrong =
      Link->arch() == kArchX86_64 ? kArchThumbV7M : kArchX86_64;
  Link->BeforeSendImage = [Wrong](loader::Image &I) {
    I.Bytes[3] = Wrong;
    // A consistent image of the wrong arch: fix the CRC up.
    for (size_t K = 0; K < 4; ++K)
      I.Bytes[kImageCrcOffset + K] = 0;
    const uint32_t Crc = crc32(I.Bytes.data(), I.Bytes.size());
    for (size_t K = 0; K < 4; ++K)
      I.Bytes[kImageCrcOffset + K] = uint8_t(Crc >> (8 * K));
  };
  const uint32_t Fib = slot(*L, "fib");
  const std::string Text = callError(*L, Fib, CallFrame{{10}, {}, {}});
  const std::string Named =
      "image arch " + archName(Wrong) + ", device is " + archName(Link->arch());
  EXPECT_NE(Text.find(Named), std::string::npos) << Text;

  Link->BeforeSendImage = nullptr;
  auto R = Link->call(*L, Fib, CallFrame{{20}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Result.gp0(), 6765u);
}

TEST_P(DeviceSession, DeviceCodePrintsThroughTheHost) {
  auto L = compile("tests/e2e/programs/print_values.c");
  struct Printed {
    uint32_t Format;
    std::string Values;
  };
  std::vector<Printed> Out;
  Link->OnPrint = [&](uint32_t Format, llvm::StringRef Values) {
    Out.push_back({Format, Values.str()});
  };
  auto R = Link->call(*L, slot(*L, "report"), CallFrame{{3}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  EXPECT_EQ(R->Result.gp0() & 0xFFFFFFFF, 3u);
  ASSERT_EQ(Out.size(), 3u);
  for (size_t I = 0; I < Out.size(); ++I) {
    // struct Sample {double X; int N;}: 16 bytes on every target here.
    ASSERT_EQ(Out[I].Format, 7u);
    ASSERT_EQ(Out[I].Values.size(), 16u);
    double X;
    int32_t N;
    std::memcpy(&X, Out[I].Values.data(), 8);
    std::memcpy(&N, Out[I].Values.data() + 8, 4);
    EXPECT_EQ(X, (I + 1) * 0.5);
    EXPECT_EQ(N, int32_t(I + 1));
  }
  // The runtime's slot is no image: nothing was loaded for it.
  for (const ImageRecord &Image : Link->imagesSent())
    EXPECT_NE(Image.Name, "jlremote_print");
}

// The slot whose code holds `Address`: the placement with the last entry at
// or before it (Thumb bit ignored); none if no placement is before it.
std::optional<uint32_t> slotAt(const DeviceStack &Stack, uint64_t Address) {
  std::optional<uint32_t> Best;
  uint64_t BestEntry = 0;
  for (const auto &[Slot, Entry] : Stack.Placements)
    if ((Entry & ~uint64_t(1)) <= Address &&
        (Entry & ~uint64_t(1)) >= BestEntry) {
      Best = Slot;
      BestEntry = Entry & ~uint64_t(1);
    }
  return Best;
}

// The stack's words (the device's word size) that fall in `Slot`'s code.
size_t wordsInto(const DeviceStack &Stack, uint32_t Slot) {
  const size_t Word = Stack.Arch == kArchX86_64 ? 8 : 4;
  size_t Count = 0;
  for (size_t I = 0; I + Word <= Stack.Memory.size(); I += Word) {
    uint64_t Value = 0;
    std::memcpy(&Value, Stack.Memory.data() + I, Word);
    const auto At = slotAt(Stack, Value & ~uint64_t(1));
    Count += At && *At == Slot;
  }
  return Count;
}

TEST_P(DeviceSession, UncaughtExceptionComesWithTheStack) {
  auto L = compile("host_daemon/testdata/exceptions.c");
  const uint32_t Uncaught = slot(*L, "uncaught");
  auto R = Link->call(*L, Uncaught, CallFrame{{41}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_TRUE(R->Thrown.has_value());
  EXPECT_FALSE(R->Fault.has_value());
  const ThrownException &T = *R->Thrown;
  EXPECT_EQ(T.Type, 2u);
  EXPECT_EQ(T.Site, 5u);
  EXPECT_EQ(T.Payload, (std::vector<uint8_t>{42, 0, 0, 0, 4, 0, 0, 0}));
  const DeviceStack &S = T.Stack;
  EXPECT_EQ(S.Arch, Link->arch());
  EXPECT_EQ(S.Registers.size(), Link->arch() == kArchX86_64 ? 6u : 9u);
  // pc: the return address into the thrower; above sp, the frame of its
  // caller, whose return address is on the stack.
  EXPECT_EQ(slotAt(S, S.Pc & ~uint64_t(1)), slot(*L, "fail"));
  EXPECT_EQ(S.Sp % 4, 0u);
  ASSERT_FALSE(S.Memory.empty());
  EXPECT_LE(S.Memory.size(), 4096u);
  EXPECT_GE(wordsInto(S, Uncaught), 1u);
  // Every filled slot: the runtime's own (print first) and the images.
  EXPECT_EQ(S.Placements.front().first, 0u);
  // The device goes on: the next call returns.
  auto Next = Link->call(*L, slot(*L, "caught"), CallFrame{{7}, {}, {}});
  ASSERT_TRUE(bool(Next)) << llvm::toString(Next.takeError());
  EXPECT_FALSE(Next->Thrown.has_value());
  EXPECT_EQ(Next->Result.gp0() & 0xFFFFFFFF, 25807u);
}

TEST_P(DeviceSession, HandlersCatchRethrowAndUnlink) {
  auto L = compile("host_daemon/testdata/exceptions.c");
  const auto Value = [&](llvm::StringRef Function, uint64_t Argument) {
    auto R = Link->call(*L, slot(*L, Function), CallFrame{{Argument}, {}, {}});
    EXPECT_TRUE(bool(R)) << llvm::toString(R.takeError());
    EXPECT_TRUE(R && !R->Thrown) << Function.str() << " threw";
    return R && !R->Thrown ? int32_t(R->Result.gp0()) : -2;
  };
  EXPECT_EQ(Value("caught", 3), 25803);
  EXPECT_EQ(Value("nested", 9), 125809);
  // Past the heap, on every device: OutOfMemoryError, site 0, caught.
  EXPECT_EQ(Value("out_of_memory_caught", 0x7FFFFFF0), 90000);
  auto Left =
      Link->call(*L, slot(*L, "left_then_thrown"), CallFrame{{1}, {}, {}});
  ASSERT_TRUE(bool(Left)) << llvm::toString(Left.takeError());
  ASSERT_TRUE(Left->Thrown.has_value());
  EXPECT_EQ(Left->Thrown->Site, 5u);
}

TEST_P(DeviceSession, OutOfMemoryIsThrownWithTheCallersRegisters) {
  auto L = compile("host_daemon/testdata/exceptions.c");
  const uint32_t Allocate = slot(*L, "allocate_marked");
  auto R = Link->call(*L, Allocate, CallFrame{{0x7FFFFFF0}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_TRUE(R->Thrown.has_value());
  EXPECT_EQ(R->Thrown->Type, 9u);
  EXPECT_EQ(R->Thrown->Site, 0u);
  EXPECT_TRUE(R->Thrown->Payload.empty());
  const DeviceStack &S = R->Thrown->Stack;
  EXPECT_EQ(slotAt(S, S.Pc & ~uint64_t(1)), Allocate);
  ASSERT_FALSE(S.Registers.empty());
  EXPECT_EQ(S.Registers[0], 0xC0FFEEu); // r4 / rbx
}

TEST_P(DeviceSession, FaultComesWithTheStack) {
  auto L = compile("host_daemon/testdata/exceptions.c");
  const uint32_t Crash = slot(*L, "crash");
  auto R = Link->call(*L, Crash, CallFrame{{5}, {}, {}});
  ASSERT_TRUE(bool(R)) << llvm::toString(R.takeError());
  ASSERT_TRUE(R->Fault.has_value());
  const DeviceFault &F = *R->Fault;
  EXPECT_NE(F.Description.find("processor fault: "), std::string::npos)
      << F.Description;
  EXPECT_NE(F.Description.find(" in crash+0x"), std::string::npos)
      << F.Description;
  EXPECT_EQ(F.Stack.Pc, F.Report.pc());
  EXPECT_EQ(F.Stack.Sp, F.Report.sp());
  EXPECT_EQ(slotAt(F.Stack, F.Stack.Pc & ~uint64_t(1)), Crash);
  EXPECT_EQ(F.Stack.Registers.size(), Link->arch() == kArchX86_64 ? 6u : 9u);
  EXPECT_FALSE(F.Stack.Memory.empty());
  EXPECT_EQ(F.Report.registers_size(), Link->arch() == kArchX86_64 ? 7 : 5);
  auto Next = Link->call(*L, slot(*L, "caught"), CallFrame{{1}, {}, {}});
  ASSERT_TRUE(bool(Next)) << llvm::toString(Next.takeError());
  EXPECT_EQ(Next->Result.gp0() & 0xFFFFFFFF, 25801u);
}

// The micro:bit runs its runtime from flash (bootloaders/README.md,
// "Runtime in flash"): staged in RAM, written by the flash stage.
class FlashRuntime : public ::testing::Test {
protected:
  void SetUp() override {
    auto Launched = launchBoard(Io, "microbit", LaunchOptions{});
    ASSERT_TRUE(bool(Launched)) << llvm::toString(Launched.takeError());
    Device = std::move(Launched->Process);
    Port = Launched->Port->description();
  }

  llvm::Expected<std::unique_ptr<Session>> connect(SessionOptions Options) {
    auto Transport = openTransport(Io, Port);
    if (!Transport)
      return Transport.takeError();
    return Session::connect(Io, std::move(*Transport), std::move(Options));
  }

  asio::io_context Io;
  std::unique_ptr<ChildProcess> Device;
  std::string Port;
};

TEST_F(FlashRuntime, HeapIsTheRamBelowTheRuntimesBss) {
  auto S = connect(SessionOptions{});
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  EXPECT_NE((*S)->runtimeFlashAddress(), 0u);
  auto Info = (*S)->info();
  ASSERT_TRUE(bool(Info)) << llvm::toString(Info.takeError());
  // The runtime's code is not in RAM: what the bss and the slot table leave
  // is heap, at least the 12 KB the micro:bit promises.
  EXPECT_GE(Info->heap_size(), 12u * 1024);
  EXPECT_GT(Info->runtime_size(), 8u * 1024);
  EXPECT_GT(Info->stack_headroom(), 0u);
}

// A second session resets the device to its resident and boots it again,
// with the flash already holding this runtime (the stage finds every page
// equal and writes none).
TEST_F(FlashRuntime, RebootFindsTheRuntimeInFlash) {
  {
    auto First = connect(SessionOptions{});
    ASSERT_TRUE(bool(First)) << llvm::toString(First.takeError());
  }
  auto Second = connect(SessionOptions{});
  ASSERT_TRUE(bool(Second)) << llvm::toString(Second.takeError());
  EXPECT_NE((*Second)->runtimeImageBytes(), 0u) << "booted again";
  auto Info = (*Second)->info();
  ASSERT_TRUE(bool(Info)) << llvm::toString(Info.takeError());
  EXPECT_EQ(Info->slots_loaded(), 0u);
}

// Staged chunks that do not match their CRC: the stage writes nothing and
// returns to the resident; the host says so, and the next boot works. When
// only the first chunk is refused, the host cannot tell until the last:
// there the whole code in flash fails its CRC.
class CorruptChunk : public FlashRuntime,
                     public ::testing::WithParamInterface<bool> {};

TEST_P(CorruptChunk, IsRefusedAndTheDeviceBootsAfter) {
  const bool FirstOnly = GetParam();
  SessionOptions Corrupt;
  Corrupt.RequestTimeout = Millis(2000);
  Corrupt.BeforeStaging = [FirstOnly](std::vector<uint8_t> &Staged) {
    const uint32_t Offset = llvm::support::endian::read32le(
        Staged.data() + offsetof(StagedRuntimeHeader, Offset));
    if (!FirstOnly || Offset == 0)
      Staged.back() ^= 0x01;
  };
  auto Refused = connect(Corrupt);
  ASSERT_FALSE(bool(Refused));
  const std::string Text = llvm::toString(Refused.takeError());
  EXPECT_NE(Text.find("the flash stage did not start the runtime"),
            std::string::npos)
      << Text;
  auto S = connect(SessionOptions{});
  ASSERT_TRUE(bool(S)) << llvm::toString(S.takeError());
  EXPECT_EQ((*S)->device().stage(), jlremote::STAGE_RUNTIME);
}

INSTANTIATE_TEST_SUITE_P(FlashRuntime, CorruptChunk,
                         ::testing::Values(false, true), [](const auto &Info) {
                           return Info.param ? "FirstChunkOnly" : "EveryChunk";
                         });

INSTANTIATE_TEST_SUITE_P(Devices, DeviceSession,
                         ::testing::Values("sim", "mps2-an385", "microbit"),
                         [](const auto &Info) {
                           std::string Name = Info.param;
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

} // namespace
} // namespace jlremote::host
