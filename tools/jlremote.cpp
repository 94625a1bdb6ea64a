// jlremote: the command line. A table of commands over one way of reaching
// a device (STYLE.md 14): --port (a serial port, a pty or tcp:HOST:PORT),
// --board (QEMU) or --sim (the POSIX device); every command gets a Session
// and does not care which.
//
//   run SCRIPT.jl   compile a Julia script for the device, run its
//                   top-level statements there; its output on stdout
//   build SCRIPT.jl the object (or with --emit=llvm the optimised IR)
//   call FILE FUNC  compile C or LLVM IR, call one function
//   info, ports
//
// Exit status: 0 done, 1 a device, link or compile error (the message on
// stderr, "error: ...", or a script's diagnostics as the frontend renders
// them), 2 a usage error; `run`: the program's own with `exit(n)`, 1 for
// an uncaught exception (`ERROR: ` and Julia's message, then the
// `Stacktrace:`) or a processor fault (its report, then the stack trace).
#include "call_abi.h"
#include "errors.h"
#include "launch.h"
#include "print_sites.h"
#include "script.h"
#include "session.h"
#include "stack_trace.h"

#include "compiler/codegen.h"
#include "device_runtime/image_format.h"
#include "loader/linker.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <set>

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
  unsigned HeapLimit = 0;
  bool GcStress = false;

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
    Command.add_option("--heap", HeapLimit,
                       "use at most this many bytes of the device's RAM as "
                       "its heap (a smaller device, for tests and "
                       "benchmarks)");
    Command.add_flag("--gc-stress", GcStress,
                     "collect garbage before every allocation (tests the "
                     "collector)");
  }
};

// A session and whatever runs the device; the session goes first.
struct Device {
  std::unique_ptr<ChildProcess> Process;
  std::unique_ptr<Session> Link;
};

llvm::Expected<Device> openDevice(asio::io_context &Io,
                                  const DeviceChoice &Choice,
                                  bool Attach = false) {
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
  Options.Attach = Attach;
  auto S = Session::connect(Io, std::move(Port), Options);
  if (!S) {
    if (D.Process && !D.Process->running())
      return llvm::createStringError(llvm::toString(S.takeError()) +
                                     " (the device " + D.Process->exitReport() +
                                     ")");
    return S.takeError();
  }
  D.Link = std::move(*S);
  if ((Choice.HeapLimit || Choice.GcStress) && !Attach) {
    auto Info = D.Link->configureHeap(Choice.HeapLimit, Choice.GcStress);
    if (!Info)
      return Info.takeError();
  }
  return D;
}

// The device's own account of its heap and images since the runtime
// started (Info), as `stats` and `run --stats` print it.
void printDeviceStats(std::FILE *Out, const jlremote::Info &I,
                      bool CountInstructions) {
  std::fprintf(Out, "heap: %u bytes, %u free, at most %u in use\n",
               I.heap_size(), I.heap_free(), I.heap_high_water());
  std::fprintf(Out, "collections: %u, %llu bytes freed", I.collections(),
               (unsigned long long)I.collected_bytes());
  if (I.collection_nanos())
    std::fprintf(Out,
                 CountInstructions ? ", %llu instructions\n"
                                   : ", %llu ns (device clock)\n",
                 (unsigned long long)I.collection_nanos());
  else
    std::fputc('\n', Out);
  std::fprintf(Out,
               "images on the device: %u installed, %u evicted, %u fetched "
               "again\n",
               I.images_loaded(), I.images_evicted(), I.images_fetched_again());
  std::fprintf(Out, "link bytes on the device: %u received, %u sent\n",
               I.link_bytes_received(), I.link_bytes_sent());
  if (I.resident_size())
    std::fprintf(Out, "stack headroom: %u bytes\n", I.stack_headroom());
}

// ---- stats
// ---------------------------------------------------------------------

llvm::Error runStats(asio::io_context &Io, const DeviceChoice &Choice) {
  if (Choice.Port.empty())
    return llvm::createStringError(
        "stats reads a device that is running already: give --port");
  auto D = openDevice(Io, Choice, /*Attach=*/true);
  if (!D)
    return D.takeError();
  auto Info = D->Link->info();
  if (!Info)
    return Info.takeError();
  std::printf("device: %s (%s)\n", boardName(Info->board()).c_str(),
              D->Link->description().c_str());
  printDeviceStats(stdout, *Info, Choice.CountInstructions);
  return llvm::Error::success();
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
  if (Board)
    Row("stack", llvm::formatv("{0} bytes of headroom in the last call",
                               I.stack_headroom()));
  Row("slots",
      llvm::formatv("{0} of {1} loaded", I.slots_loaded(), I.slot_count()));
  const uint32_t Flash = D->Link->runtimeFlashAddress();
  const std::string Booted =
      !D->Link->runtimeImageBytes() ? ""
      : Flash ? llvm::formatv(" (written to flash at {0:x8} by this session)",
                              Flash)
                    .str()
              : " (loaded by this session)";
  Row("runtime",
      Board
          ? llvm::formatv("version {0}, {1} bytes{2}", I.runtime_version(),
                          I.runtime_size(), Booted)
                .str()
          : llvm::formatv("version {0}, linked in", I.runtime_version()).str());
  Row("protocol", std::to_string(I.protocol()));
  if (Board)
    Row("resident", llvm::formatv("{0} bytes", I.resident_size()));
  return llvm::Error::success();
}

// ---- compiling, linking, calling: shared by call and run
// ------------------------------------------------

// -O0, -O2 (the default) or -Os.
struct OptOption {
  std::string Opt = "2";

  void addOptions(CLI::App &Command) {
    Command.add_option("-O", Opt, "optimisation: 0, 2 or s")
        ->check(CLI::IsMember({"0", "2", "s"}))
        ->capture_default_str();
  }
  compiler::OptLevel level() const {
    return Opt == "0"   ? compiler::OptLevel::O0
           : Opt == "s" ? compiler::OptLevel::Os
                        : compiler::OptLevel::O2;
  }
};

using Clock = std::chrono::steady_clock;

double millisSince(Clock::time_point Start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - Start)
      .count();
}

// The code the session loads on demand: Object and the arch's helper
// libraries.
llvm::Expected<std::unique_ptr<loader::Linker>>
linkObject(uint8_t Arch, std::unique_ptr<llvm::MemoryBuffer> Object) {
  auto Linker =
      loader::Linker::create(Arch, loader::helperLibraries(Arch, deviceDir()));
  if (!Linker)
    return Linker.takeError();
  if (auto Err = (*Linker)->addObject(std::move(Object)))
    return std::move(Err);
  return std::move(*Linker);
}

// Optimises M (in place), emits its object and links it.
llvm::Expected<std::unique_ptr<loader::Linker>>
linkModule(llvm::Module &M, const compiler::TargetSpec &Spec,
           compiler::OptLevel Level) {
  auto Object = compiler::emitObject(M, Spec, Level);
  if (!Object)
    return Object.takeError();
  return linkObject(Spec.Arch, std::move(*Object));
}

llvm::Expected<CallOutcome> callFunction(Session &S, loader::Linker &Code,
                                         llvm::StringRef Function,
                                         const CallFrame &Frame) {
  auto Slot = Code.slotFor(Function);
  if (!Slot)
    return Slot.takeError();
  return S.call(Code, *Slot, Frame);
}

// The `Stacktrace:` of an uncaught exception or a fault, on stderr.
llvm::Error printStackTrace(const DeviceStack &Stack, PcKind Kind,
                            llvm::MemoryBufferRef Object,
                            const lower::LoweredModule &Lowered,
                            loader::Linker &Code) {
  auto Symbolizer =
      StackSymbolizer::create(Stack.Arch, Object, Lowered.Specializations);
  if (!Symbolizer)
    return Symbolizer.takeError();
  auto Frames = (*Symbolizer)->frames(Stack, Kind, Code);
  if (!Frames)
    return Frames.takeError();
  std::fputs(renderStackTrace(*Frames).c_str(), stderr);
  return llvm::Error::success();
}

// Loads of a slot that had been loaded before in the session.
size_t refetches(const std::vector<ImageRecord> &Images) {
  std::set<uint32_t> Seen;
  size_t Again = 0;
  for (const ImageRecord &R : Images)
    Again += !Seen.insert(R.Slot).second;
  return Again;
}

// --stats, on stderr: what a run cost. The device's clock counts
// instructions only under --icount (one per virtual nanosecond); otherwise
// it is time.
void printStats(Session &S, const jlremote::CallResult &Result,
                std::optional<double> CompileMs, const DeviceChoice &Choice) {
  if (CompileMs)
    std::fprintf(stderr, "compile: %.1f ms\n", *CompileMs);
  if (Result.instructions())
    std::fprintf(stderr,
                 Choice.CountInstructions ? "call: %llu instructions\n"
                                          : "call: %llu ns (device clock)\n",
                 (unsigned long long)Result.instructions());
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
  std::fprintf(stderr, "images fetched again (after eviction): %zu\n",
               refetches(S.imagesSent()));
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
  // After the call: the device's account (an Info request, not counted
  // above).
  auto I = S.info();
  if (!I) {
    std::fprintf(stderr, "device statistics: %s\n",
                 llvm::toString(I.takeError()).c_str());
    return;
  }
  printDeviceStats(stderr, *I, Choice.CountInstructions);
}

// ---- call
// ----------------------------------------------------------------------

struct CallCommand {
  std::string File, Function;
  std::vector<std::string> Args;
  OptOption Opt;
  bool Stats = false;
  std::string Object;

  void addOptions(CLI::App &Command) {
    Command.add_option("FILE", File, ".c, .ll or .bc file")->required();
    Command.add_option("FUNCTION", Function, "function to call")->required();
    Command.add_option("ARGS", Args, "arguments (integers, floats)");
    Opt.addOptions(Command);
    Command.add_flag("--stats", Stats,
                     "print images loaded and link traffic to stderr");
    Command.add_option("--object", Object,
                       "take the code from this ELF object (e.g. built by "
                       "arm-none-eabi-gcc); FILE still gives the signature");
  }
  compiler::OptLevel level() const { return Opt.level(); }
};

// call --object: code compiled elsewhere (the benchmarks' C baselines,
// built with arm-none-eabi-gcc), checked and linked like the compiler's.
llvm::Expected<std::unique_ptr<loader::Linker>>
linkObjectFile(const std::string &Path, uint8_t Arch) {
  auto Object = llvm::MemoryBuffer::getFile(Path);
  if (!Object)
    return llvm::createStringError(Object.getError(), "object %s: %s",
                                   Path.c_str(),
                                   Object.getError().message().c_str());
  return linkObject(Arch, std::move(*Object));
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
  auto Code = Call.Object.empty() ? linkModule(**M, *Spec, Call.level())
                                  : linkObjectFile(Call.Object, Arch);
  if (!Code)
    return Code.takeError();
  auto Outcome = callFunction(S, **Code, Call.Function, *Frame);
  if (!Outcome)
    return Outcome.takeError();
  // C code has no throw sites to name its exceptions with.
  if (const auto &T = Outcome->Thrown)
    return llvm::createStringError(llvm::formatv(
        "uncaught exception: type {0}, throw site {1}, {2} bytes of payload",
        T->Type, T->Site, T->Payload.size()));
  if (Outcome->Fault)
    return llvm::createStringError(Outcome->Fault->Description);
  const jlremote::CallResult *Result = &Outcome->Result;
  auto Text =
      formatResult(Arch, *F, Result->gp0(), Result->gp1(), Result->fp0());
  if (!Text)
    return Text.takeError();
  std::puts(Text->c_str());
  std::fflush(stdout);
  if (Call.Stats)
    printStats(S, *Result, std::nullopt, Choice);
  return llvm::Error::success();
}

// ---- run and build
// --------------------------------------------------------------

struct ScriptOptions {
  std::string File;
  OptOption Opt;
  std::string Emit = "obj";
  std::string CheckBounds = "auto";

  void addOptions(CLI::App &Command, const char *EmitHelp) {
    Command.add_option("SCRIPT", File, "Julia script (.jl)")->required();
    Opt.addOptions(Command);
    Command.add_option("--emit", Emit, EmitHelp)
        ->check(CLI::IsMember({"obj", "llvm"}))
        ->capture_default_str();
    Command
        .add_option("--check-bounds", CheckBounds,
                    "as Julia's: yes checks every index, even under "
                    "@inbounds; no checks none")
        ->check(CLI::IsMember({"yes", "no", "auto"}))
        ->capture_default_str();
  }
  bool emitsIR() const { return Emit == "llvm"; }
  lower::CheckBounds checkBounds() const {
    return CheckBounds == "yes"  ? lower::CheckBounds::Yes
           : CheckBounds == "no" ? lower::CheckBounds::No
                                 : lower::CheckBounds::Auto;
  }
};

llvm::Expected<CompiledScript> compileFor(const ScriptOptions &Options,
                                          uint8_t Arch) {
  auto Spec = compiler::targetForArch(Arch);
  if (!Spec)
    return Spec.takeError();
  auto Script = compileScript(Options.File, *Spec, Options.checkBounds());
  if (Script && !Script->Warnings.empty())
    std::fputs(Script->Warnings.c_str(), stderr);
  return Script;
}

// Optimises the script's module and writes it to Output ("-": stdout): its
// IR for --emit=llvm (as code generation leaves it: optimised, with the
// target's last IR-level preparations), else its object.
llvm::Error writeScript(CompiledScript &Script, const ScriptOptions &Options,
                        llvm::StringRef Output) {
  llvm::Module &M = *Script.Lowered.Module;
  auto Object = compiler::emitObject(M, Script.Target, Options.Opt.level());
  if (!Object)
    return Object.takeError();
  std::error_code EC;
  llvm::raw_fd_ostream OS(Output, EC,
                          Options.emitsIR() ? llvm::sys::fs::OF_Text
                                            : llvm::sys::fs::OF_None);
  if (EC)
    return llvm::createStringError(EC, "cannot write %s: %s",
                                   Output.str().c_str(), EC.message().c_str());
  if (Options.emitsIR())
    M.print(OS, nullptr);
  else
    OS << (*Object)->getBuffer();
  OS.close();
  if (OS.has_error())
    return llvm::createStringError(OS.error(), "cannot write %s: %s",
                                   Output.str().c_str(),
                                   OS.error().message().c_str());
  return llvm::Error::success();
}

struct RunCommand {
  ScriptOptions Script;
  bool Stats = false;
  // The program's exit status: `exit(n)` on the device, else 0.
  int ExitStatus = 0;

  void addOptions(CLI::App &Command) {
    Script.addOptions(Command, "llvm: print the optimised IR on stdout and "
                               "run nothing (with --port the device is "
                               "asked its arch first)");
    Command.add_flag("--stats", Stats,
                     "print compile time, images loaded, link traffic and "
                     "instructions to stderr");
  }
};

// Compiles the script, before starting the device where the board says the
// arch (compile errors then start nothing), runs `julia_toplevel` and
// writes what the device prints on stdout as it arrives.
llvm::Error runScript(asio::io_context &Io, const DeviceChoice &Choice,
                      RunCommand &Run) {
  const ScriptOptions &Options = Run.Script;
  std::optional<CompiledScript> Script;
  double CompileMs = 0;
  // Compiles for Arch; false if nothing is left to do: --emit=llvm wrote the
  // IR, or the program has no top-level statements to run.
  const auto Prepare = [&](uint8_t Arch) -> llvm::Expected<bool> {
    const auto Start = Clock::now();
    auto Compiled = compileFor(Options, Arch);
    CompileMs += millisSince(Start);
    if (!Compiled)
      return Compiled.takeError();
    Script = std::move(*Compiled);
    if (Options.emitsIR()) {
      if (auto Err = writeScript(*Script, Options, "-"))
        return std::move(Err);
      return false;
    }
    return Script->hasTopLevel();
  };
  if (Choice.Port.empty()) {
    auto Arch = archForBoard(Choice.Sim             ? "posix"
                             : Choice.Board.empty() ? kDefaultBoard
                                                    : Choice.Board);
    if (!Arch)
      return Arch.takeError();
    auto Go = Prepare(*Arch);
    if (!Go || !*Go)
      return Go.takeError();
  }
  auto D = openDevice(Io, Choice);
  if (!D)
    return D.takeError();
  Session &S = *D->Link;
  const uint8_t Arch = S.arch();
  if (!Script || Script->Target.Arch != Arch) {
    auto Go = Prepare(Arch);
    if (!Go || !*Go)
      return Go.takeError();
  }

  const auto Start = Clock::now();
  llvm::Module &M = *Script->Lowered.Module;
  const llvm::Function *TopLevel = M.getFunction(kTopLevelSymbol);
  auto Frame = placeArguments(Arch, *TopLevel, {});
  if (!Frame)
    return Frame.takeError();
  auto Sites =
      PrintSites::create(Script->Lowered.Formats, Script->Lowered.Throws,
                         PrintTarget{unsigned(imageWordSize(Arch) * 8)});
  if (!Sites)
    return Sites.takeError();
  auto Object = compiler::emitObject(M, Script->Target, Options.Opt.level());
  if (!Object)
    return Object.takeError();
  // The linker takes the object; a stack trace reads its debug sections.
  const std::unique_ptr<llvm::MemoryBuffer> Debug =
      llvm::MemoryBuffer::getMemBufferCopy((*Object)->getBuffer(),
                                           (*Object)->getBufferIdentifier());
  auto Code = linkObject(Arch, std::move(*Object));
  if (!Code)
    return Code.takeError();
  CompileMs += millisSince(Start);
  const auto PrintStack = [&](const DeviceStack &Stack, PcKind Kind) {
    return printStackTrace(Stack, Kind, Debug->getMemBufferRef(),
                           Script->Lowered, **Code);
  };

  // Output is written as it arrives; a print that cannot be formatted fails
  // the run at its end, after the output that could be.
  llvm::Error PrintErrors = llvm::Error::success();
  S.OnPrint = [&](uint32_t Format, llvm::StringRef Values) {
    auto Text = Sites->format(Format, llvm::arrayRefFromStringRef(Values));
    if (!Text) {
      PrintErrors = llvm::joinErrors(std::move(PrintErrors), Text.takeError());
      return;
    }
    std::fwrite(Text->data(), 1, Text->size(), stdout);
    std::fflush(stdout);
  };
  auto Outcome = callFunction(S, **Code, kTopLevelSymbol, *Frame);
  S.OnPrint = nullptr;
  if (!Outcome)
    return llvm::joinErrors(Outcome.takeError(), std::move(PrintErrors));
  if (Run.Stats)
    printStats(S, Outcome->Result, CompileMs, Choice);
  std::fflush(stdout);
  if (const auto &T = Outcome->Thrown) {
    // Uncaught, as Julia reports it: `ERROR: ` and showerror's text.
    auto Message = Sites->message(T->Site, T->Payload);
    if (!Message)
      return llvm::joinErrors(Message.takeError(), std::move(PrintErrors));
    std::fprintf(stderr, "ERROR: %s\n", Message->c_str());
    Run.ExitStatus = 1;
    if (auto Err = PrintStack(T->Stack, PcKind::ReturnAddress))
      return llvm::joinErrors(std::move(Err), std::move(PrintErrors));
  }
  if (const auto &F = Outcome->Fault) {
    std::fprintf(stderr, "error: %s\n", F->Description.c_str());
    Run.ExitStatus = 1;
    if (auto Err = PrintStack(F->Stack, PcKind::Faulting))
      return llvm::joinErrors(std::move(Err), std::move(PrintErrors));
  }
  if (Outcome->Result.exited()) // the shell sees it modulo 256, as Julia's
    Run.ExitStatus = Outcome->Result.exit_status() & 0xFF;
  return PrintErrors;
}

struct BuildCommand {
  ScriptOptions Script;
  std::string Output, Board, Arch;

  void addOptions(CLI::App &Command) {
    Script.addOptions(Command, "obj: an ELF object; llvm: the optimised IR");
    Command.add_option("-o", Output,
                       "output file, - for stdout (default: SCRIPT's name "
                       "with .o; stdout with --emit=llvm)");
    auto *B = Command.add_option(
        "--board", Board, "compile for this board's core (default mps2-an385)");
    auto *A = Command.add_option(
        "--arch", Arch,
        "compile for this core: thumbv6m, thumbv7m, thumbv7em, "
        "thumbv7em-hard, thumbv8m.main, x86_64");
    A->excludes(B);
  }
};

llvm::Error runBuild(const BuildCommand &Build) {
  uint8_t Arch = 0;
  if (!Build.Arch.empty()) {
    Arch = archFromName(Build.Arch);
    if (!Arch)
      return llvm::createStringError(
          llvm::formatv("unknown arch {0} (known: thumbv6m, thumbv7m, "
                        "thumbv7em, thumbv7em-hard, thumbv8m.main, x86_64)",
                        Build.Arch));
  } else {
    auto A = archForBoard(Build.Board.empty() ? kDefaultBoard : Build.Board);
    if (!A)
      return A.takeError();
    Arch = *A;
  }
  auto Script = compileFor(Build.Script, Arch);
  if (!Script)
    return Script.takeError();
  std::string Output = Build.Output;
  if (Output.empty())
    Output = Build.Script.emitsIR()
                 ? "-"
                 : llvm::sys::path::stem(Build.Script.File).str() + ".o";
  return writeScript(*Script, Build.Script, Output);
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
  RunCommand Run;
  BuildCommand Build;
  const Command Commands[] = {
      {"run",
       "compile a Julia script for the device and run its top-level "
       "statements; what it prints appears on stdout",
       [&](CLI::App &C) {
         Run.addOptions(C);
         Choice.addOptions(C);
       },
       [&](asio::io_context &Io) { return runScript(Io, Choice, Run); }},
      {"build", "compile a Julia script to an object file (or LLVM IR)",
       [&](CLI::App &C) { Build.addOptions(C); },
       [&](asio::io_context &) { return runBuild(Build); }},
      {"ports", "list serial ports", [](CLI::App &) {},
       [](asio::io_context &) { return runPorts(); }},
      {"info", "describe the device",
       [&](CLI::App &C) { Choice.addOptions(C); },
       [&](asio::io_context &Io) { return runInfo(Io, Choice); }},
      {"stats",
       "what a running device's heap, collector and image loads did since "
       "its runtime started (--port; the device is not reset)",
       [&](CLI::App &C) { Choice.addOptions(C); },
       [&](asio::io_context &Io) { return runStats(Io, Choice); }},
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
      // A script's diagnostics are complete messages already.
      llvm::handleAllErrors(
          std::move(Err),
          [](const DiagnosticsError &D) {
            std::fputs(D.text().c_str(), stderr);
          },
          [](const llvm::ErrorInfoBase &E) {
            std::fprintf(stderr, "error: %s\n", E.message().c_str());
          });
      return 1;
    }
  }
  return App.got_subcommand("run") ? Run.ExitStatus : 0;
}

} // namespace
} // namespace jlremote::host

int main(int Argc, char **Argv) { return jlremote::host::run(Argc, Argv); }
