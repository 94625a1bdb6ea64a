// jlremote: the command line. A table of commands over one way of reaching
// a device (STYLE.md 14): --port (a serial port, a pty or tcp:HOST:PORT),
// --board (QEMU) or --sim (the POSIX device); every command gets a Session
// and does not care which.
//
// Exit status: 0 done, 1 a device, link or compile error (the message on
// stderr, "error: ..."), 2 a usage error.
#include "call_abi.h"
#include "errors.h"
#include "launch.h"
#include "session.h"

#include "compiler/codegen.h"
#include "loader/linker.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <functional>

namespace jlremote::host {
namespace {

constexpr const char *kDefaultBoard = "mps2-an385";

// How to reach the device, shared by the commands that need one.
struct DeviceChoice {
  std::string Port, Board, Simulator;
  bool Sim = false;
  unsigned Baud = kDefaultBaud;
  bool CountInstructions = false;
  unsigned TimeoutMs = 30000;

  void addOptions(CLI::App &Command) {
    auto *P = Command.add_option(
        "--port", Port, "serial port, pty, or tcp:HOST:PORT of a device");
    auto *B = Command.add_option(
        "--board", Board, "start this board under QEMU (default mps2-an385)");
    auto *S = Command.add_flag(
        "--sim", Sim, "start the POSIX device (jlremote-device-posix)");
    P->excludes(B)->excludes(S);
    B->excludes(S);
    Command.add_option("--baud", Baud, "serial port speed")
        ->capture_default_str();
    Command.add_flag("--icount", CountInstructions,
                     "QEMU counts instructions (-icount shift=0)");
    Command
        .add_option("--timeout", TimeoutMs,
                    "milliseconds a call may take, loads included")
        ->capture_default_str();
  }
};

// A session and whatever runs the device; the session goes first.
struct Device {
  std::unique_ptr<ChildProcess> Process;
  std::unique_ptr<Session> Link;
};

llvm::Expected<Device> openDevice(asio::io_context &Io,
                                  const DeviceChoice &Choice) {
  Device D;
  std::unique_ptr<Transport> Port;
  LaunchOptions Launch;
  Launch.CountInstructions = Choice.CountInstructions;
  if (!Choice.Port.empty()) {
    auto T = openTransport(Io, Choice.Port, Choice.Baud);
    if (!T)
      return T.takeError();
    Port = std::move(*T);
  } else {
    auto Launched =
        Choice.Sim
            ? launchSimulator(Io, Launch)
            : launchBoard(Io,
                          Choice.Board.empty() ? kDefaultBoard : Choice.Board,
                          Launch);
    if (!Launched)
      return Launched.takeError();
    D.Process = std::move(Launched->Process);
    Port = std::move(Launched->Port);
  }
  SessionOptions Options;
  Options.CallTimeout = Millis(Choice.TimeoutMs);
  auto S = Session::connect(Io, std::move(Port), Options);
  if (!S) {
    if (D.Process && !D.Process->running())
      return llvm::createStringError(llvm::toString(S.takeError()) +
                                     " (the device " + D.Process->exitReport() +
                                     ")");
    return S.takeError();
  }
  D.Link = std::move(*S);
  return D;
}

// ---- ports
// -------------------------------------------------------------------

llvm::Error runPorts() {
  auto Ports = listPorts();
  if (!Ports)
    return Ports.takeError();
  if (Ports->empty())
    std::puts("no serial ports found");
  for (const PortInfo &P : *Ports) {
    std::string Line = P.Name;
    if (!P.Description.empty())
      Line += "  " + P.Description;
    if (P.UsbVendor >= 0)
      Line +=
          llvm::formatv("  [{0:x-4}:{1:x-4}]", P.UsbVendor, P.UsbProduct).str();
    if (!P.UsbSerial.empty())
      Line += "  serial " + P.UsbSerial;
    std::puts(Line.c_str());
  }
  return llvm::Error::success();
}

// ---- info
// ----------------------------------------------------------------------

llvm::Error runInfo(asio::io_context &Io, const DeviceChoice &Choice) {
  auto D = openDevice(Io, Choice);
  if (!D)
    return D.takeError();
  auto Info = D->Link->info();
  if (!Info)
    return Info.takeError();
  const auto &I = *Info;
  const auto Row = [](const char *Name, const std::string &Value) {
    std::printf("%-10s %s\n", Name, Value.c_str());
  };
  Row("device", boardName(I.board()) + " (" + D->Link->description() + ")");
  Row("core", archName(I.arch()) +
                  (I.core_clock_hz()
                       ? llvm::formatv(", {0} Hz", I.core_clock_hz()).str()
                       : ""));
  // The POSIX device has no RAM map, resident or runtime image of its own:
  // those rows would only say zero.
  const bool Board = I.resident_size() != 0;
  if (Board)
    Row("memory", llvm::formatv("RAM {0:x8}-{1:x8} ({2} bytes)", I.ram_start(),
                                I.ram_end(), I.ram_end() - I.ram_start()));
  Row("heap",
      llvm::formatv("{0} bytes, {1} free", I.heap_size(), I.heap_free()));
  Row("slots",
      llvm::formatv("{0} of {1} loaded", I.slots_loaded(), I.slot_count()));
  Row("runtime",
      Board
          ? llvm::formatv(
                "version {0}, {1} bytes{2}", I.runtime_version(),
                I.runtime_size(),
                D->Link->runtimeImageBytes() ? " (loaded by this session)" : "")
                .str()
          : llvm::formatv("version {0}, linked in", I.runtime_version()).str());
  Row("protocol", std::to_string(I.protocol()));
  if (Board)
    Row("resident", llvm::formatv("{0} bytes", I.resident_size()));
  return llvm::Error::success();
}

// ---- call
// ----------------------------------------------------------------------

struct CallCommand {
  std::string File, Function;
  std::vector<std::string> Args;
  std::string Opt = "2";
  bool Stats = false;

  void addOptions(CLI::App &Command) {
    Command.add_option("FILE", File, ".c, .ll or .bc file")->required();
    Command.add_option("FUNCTION", Function, "function to call")->required();
    Command.add_option("ARGS", Args, "arguments (integers, floats)");
    Command.add_option("-O", Opt, "optimisation: 0, 2 or s")
        ->check(CLI::IsMember({"0", "2", "s"}))
        ->capture_default_str();
    Command.add_flag("--stats", Stats,
                     "print images loaded and link traffic to stderr");
  }

  compiler::OptLevel level() const {
    return Opt == "0"   ? compiler::OptLevel::O0
           : Opt == "s" ? compiler::OptLevel::Os
                        : compiler::OptLevel::O2;
  }
};

void printStats(const Session &S) {
  uint64_t Image = 0, Raw = 0;
  std::fprintf(stderr, "images loaded: %zu\n", S.imagesSent().size());
  for (const ImageRecord &R : S.imagesSent()) {
    std::fprintf(stderr,
                 "  slot %-3u %-24s %5zu image bytes, %5zu code bytes, "
                 "%2zu relocations, %6llu link bytes, %7.3f ms\n",
                 R.Slot, R.Name.c_str(), R.ImageBytes, R.RawCodeSize,
                 R.RelocCount, (unsigned long long)R.WireBytes,
                 R.Seconds * 1e3);
    Image += R.ImageBytes;
    Raw += R.RawCodeSize;
  }
  std::fprintf(stderr, "image bytes: %llu for %llu bytes of code\n",
               (unsigned long long)Image, (unsigned long long)Raw);
  if (S.runtimeImageBytes())
    std::fprintf(stderr, "runtime image: %zu bytes, booted by this session\n",
                 S.runtimeImageBytes());
  const LinkStats &L = S.linkStats();
  std::fprintf(
      stderr,
      "link (boot included): %llu bytes / %llu frames sent, %llu "
      "bytes / %llu frames received, %llu retransmissions\n",
      (unsigned long long)L.BytesSent, (unsigned long long)L.FramesSent,
      (unsigned long long)L.BytesReceived, (unsigned long long)L.FramesReceived,
      (unsigned long long)L.Retransmissions);
}

llvm::Error runCall(asio::io_context &Io, const DeviceChoice &Choice,
                    const CallCommand &Call) {
  auto D = openDevice(Io, Choice);
  if (!D)
    return D.takeError();
  Session &S = *D->Link;
  const uint8_t Arch = S.arch();
  auto Spec = compiler::targetForArch(Arch);
  if (!Spec)
    return Spec.takeError();
  llvm::LLVMContext Context;
  auto M = compiler::loadSource(Call.File, *Spec, Context, Call.level());
  if (!M)
    return M.takeError();
  llvm::Function *F = (*M)->getFunction(Call.Function);
  if (!F || F->isDeclaration()) {
    std::string Defined;
    for (const llvm::Function &G : **M)
      if (!G.isDeclaration() && !G.hasLocalLinkage())
        Defined += (Defined.empty() ? "" : ", ") + G.getName().str();
    return llvm::createStringError(llvm::formatv(
        "{0} defines no function {1} (it defines: {2})", Call.File,
        Call.Function, Defined.empty() ? "none" : Defined));
  }
  auto Frame = placeArguments(Arch, *F, Call.Args);
  if (!Frame)
    return Frame.takeError();
  auto Object = compiler::emitObject(**M, *Spec, Call.level());
  if (!Object)
    return Object.takeError();
  auto Linker =
      loader::Linker::create(Arch, loader::helperLibraries(Arch, deviceDir()));
  if (!Linker)
    return Linker.takeError();
  if (auto Err = (*Linker)->addObject(std::move(*Object)))
    return Err;
  auto Slot = (*Linker)->slotFor(Call.Function);
  if (!Slot)
    return Slot.takeError();
  auto Result = S.call(**Linker, *Slot, *Frame);
  if (!Result)
    return Result.takeError();
  auto Text =
      formatResult(Arch, *F, Result->gp0(), Result->gp1(), Result->fp0());
  if (!Text)
    return Text.takeError();
  std::puts(Text->c_str());
  std::fflush(stdout);
  if (Call.Stats)
    printStats(S);
  return llvm::Error::success();
}

// ---- the table
// ---------------------------------------------------------------

struct Command {
  const char *Name;
  const char *Help;
  std::function<void(CLI::App &)> AddOptions;
  std::function<llvm::Error(asio::io_context &)> Run;
};

int run(int Argc, char **Argv) {
  CLI::App App{"jlremote: compile on the host, run on the device"};
  App.require_subcommand(1);
  int Verbosity = 0;
  App.add_flag("-v,--verbose", Verbosity, "-v debug log, -vv every frame");

  DeviceChoice Choice;
  CallCommand Call;
  const Command Commands[] = {
      {"ports", "list serial ports", [](CLI::App &) {},
       [](asio::io_context &) { return runPorts(); }},
      {"info", "describe the device",
       [&](CLI::App &C) { Choice.addOptions(C); },
       [&](asio::io_context &Io) { return runInfo(Io, Choice); }},
      {"call", "compile FILE for the device, call FUNCTION, print the result",
       [&](CLI::App &C) {
         Call.addOptions(C);
         Choice.addOptions(C);
       },
       [&](asio::io_context &Io) { return runCall(Io, Choice, Call); }},
  };
  for (const Command &C : Commands) {
    CLI::App *Sub = App.add_subcommand(C.Name, C.Help);
    C.AddOptions(*Sub);
    Sub->fallthrough();
  }
  try {
    App.parse(Argc, Argv);
  } catch (const CLI::ParseError &E) {
    const int Code = App.exit(E);
    return Code == 0 ? 0 : 2;
  }

  auto Logger = spdlog::stderr_color_mt("jlremote");
  spdlog::set_default_logger(Logger);
  spdlog::set_pattern("[%H:%M:%S.%e] %^%l%$ %v");
  spdlog::set_level(Verbosity >= 2   ? spdlog::level::trace
                    : Verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::warn);

  asio::io_context Io;
  for (const Command &C : Commands) {
    if (!App.got_subcommand(C.Name))
      continue;
    if (llvm::Error Err = C.Run(Io)) {
      std::fflush(stdout);
      std::fprintf(stderr, "error: %s\n",
                   llvm::toString(std::move(Err)).c_str());
      return 1;
    }
  }
  return 0;
}

} // namespace
} // namespace jlremote::host

int main(int Argc, char **Argv) { return jlremote::host::run(Argc, Argv); }
