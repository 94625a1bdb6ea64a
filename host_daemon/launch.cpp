#include "launch.h"

#include "session.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <asio/ip/tcp.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace jlremote::host {
namespace {

constexpr int kAttempts = 4; // QEMU starts on a port another program took

// fork + exec with the child's stdout to a pipe (CaptureStdout) or
// /dev/null, its stderr to a temporary file. An exec failure comes back
// through a close-on-exec pipe as the child's errno.
llvm::Expected<std::unique_ptr<ChildProcess>>
spawn(const std::vector<std::string> &Argv, bool CaptureStdout) {
  llvm::SmallString<128> LogPath;
  int LogFd = -1;
  if (auto Ec = llvm::sys::fs::createTemporaryFile("jlremote-child", "log",
                                                   LogFd, LogPath))
    return llvm::createStringError("cannot create a log file: " + Ec.message());
  int Out[2] = {-1, -1}, Exec[2] = {-1, -1};
  if ((CaptureStdout && ::pipe2(Out, O_CLOEXEC) != 0) ||
      ::pipe2(Exec, O_CLOEXEC) != 0)
    return llvm::createStringError(
        llvm::formatv("pipe: {0}", std::strerror(errno)));
  std::vector<char *> Args;
  for (const std::string &A : Argv)
    Args.push_back(const_cast<char *>(A.c_str()));
  Args.push_back(nullptr);
  const pid_t Parent = ::getpid();
  const pid_t Pid = ::fork();
  if (Pid < 0)
    return llvm::createStringError(
        llvm::formatv("fork: {0}", std::strerror(errno)));
  if (Pid == 0) {
    // Only async-signal-safe calls from here to exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != Parent)
      ::_exit(127);
    const int Null = ::open("/dev/null", O_RDWR);
    ::dup2(Null, 0);
    ::dup2(CaptureStdout ? Out[1] : Null, 1);
    ::dup2(LogFd, 2);
    ::execvp(Args[0], Args.data());
    const int Err = errno;
    [[maybe_unused]] ssize_t Ignored = ::write(Exec[1], &Err, sizeof(Err));
    ::_exit(127);
  }
  ::close(LogFd);
  ::close(Exec[1]);
  if (CaptureStdout)
    ::close(Out[1]);
  int Err = 0;
  ssize_t Got;
  do
    Got = ::read(Exec[0], &Err, sizeof(Err));
  while (Got < 0 && errno == EINTR);
  ::close(Exec[0]);
  auto Child = std::make_unique<ChildProcess>(Pid, CaptureStdout ? Out[0] : -1,
                                              LogPath.str().str());
  if (Got == sizeof(Err))
    return llvm::createStringError(
        llvm::formatv("cannot run {0}: {1}", Argv[0], std::strerror(Err)));
  spdlog::debug("started {} (pid {})", Argv[0], Pid);
  return Child;
}

llvm::Expected<uint16_t> freePort(asio::io_context &Io) {
  std::error_code Ec;
  asio::ip::tcp::acceptor Acceptor(Io);
  Acceptor.open(asio::ip::tcp::v4(), Ec);
  if (!Ec)
    Acceptor.bind({asio::ip::address_v4::loopback(), 0}, Ec);
  if (Ec)
    return llvm::createStringError("no free TCP port: " + Ec.message());
  return Acceptor.local_endpoint().port();
}

llvm::Expected<std::string> readLine(ChildProcess &Child,
                                     Clock::time_point Deadline) {
  std::string Line;
  for (;;) {
    const auto Left =
        std::chrono::duration_cast<Millis>(Deadline - Clock::now()).count();
    if (Left <= 0)
      return llvm::createStringError("timed out waiting for its first line");
    pollfd P{Child.outputFd(), POLLIN, 0};
    if (::poll(&P, 1, int(Left)) <= 0)
      continue;
    char C;
    const ssize_t Got = ::read(Child.outputFd(), &C, 1);
    if (Got <= 0)
      return llvm::createStringError("it " + Child.exitReport());
    if (C == '\n')
      return Line;
    Line += C;
  }
}

} // namespace

ChildProcess::ChildProcess(pid_t Pid, int OutputFd, std::string LogPath)
    : Pid_(Pid), OutputFd_(OutputFd), LogPath_(std::move(LogPath)) {}

ChildProcess::~ChildProcess() {
  if (running()) {
    ::kill(Pid_, SIGTERM);
    for (int I = 0; I < 100 && running(); ++I)
      std::this_thread::sleep_for(Millis(10));
    if (running()) {
      ::kill(Pid_, SIGKILL);
      ::waitpid(Pid_, &Status_, 0);
    }
  }
  if (OutputFd_ >= 0)
    ::close(OutputFd_);
  ::unlink(LogPath_.c_str());
}

bool ChildProcess::running() {
  if (Reaped_)
    return false;
  const pid_t R = ::waitpid(Pid_, &Status_, WNOHANG);
  if (R == Pid_ || (R < 0 && errno == ECHILD))
    Reaped_ = true;
  return !Reaped_;
}

std::string ChildProcess::exitReport() {
  for (int I = 0; I < 50 && running(); ++I)
    std::this_thread::sleep_for(Millis(10));
  std::string Report =
      running() ? "is still running"
      : WIFEXITED(Status_)
          ? llvm::formatv("exited with status {0}", WEXITSTATUS(Status_)).str()
      : WIFSIGNALED(Status_)
          ? llvm::formatv("was killed by signal {0}", WTERMSIG(Status_)).str()
          : "stopped";
  auto Log = llvm::MemoryBuffer::getFile(LogPath_);
  if (Log) {
    // Its last few lines of stderr say why.
    llvm::SmallVector<llvm::StringRef, 16> Lines;
    (*Log)->getBuffer().trim().split(Lines, '\n', -1, false);
    const size_t From = Lines.size() > 4 ? Lines.size() - 4 : 0;
    for (size_t I = From; I < Lines.size(); ++I)
      Report += (I == From ? ": " : " / ") + Lines[I].trim().str();
  }
  return Report;
}

std::string posixDevicePath() {
  if (const char *Path = std::getenv("JLREMOTE_DEVICE_POSIX"))
    return Path;
  const std::string Self = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&posixDevicePath));
  llvm::SmallString<256> Beside(llvm::sys::path::parent_path(Self));
  llvm::sys::path::append(Beside, "jlremote-device-posix");
  if (llvm::sys::fs::can_execute(Beside))
    return Beside.str().str();
  return JLREMOTE_DEVICE_POSIX;
}

llvm::Expected<LaunchedDevice> launchBoard(asio::io_context &Io,
                                           llvm::StringRef Board,
                                           const LaunchOptions &Options) {
  const std::string Dir =
      Options.DeviceDir.empty() ? deviceDir() : Options.DeviceDir;
  const std::string Kernel = Dir + "/resident-" + Board.str() + ".elf";
  if (!llvm::sys::fs::exists(Kernel))
    return llvm::createStringError(llvm::formatv(
        "no resident image for board {0}: {1} does not exist (is the "
        "bootloader for it built? JLREMOTE_DEVICE_DIR sets the folder)",
        Board, Kernel));
  for (int Attempt = 1;; ++Attempt) {
    auto Port = freePort(Io);
    if (!Port)
      return Port.takeError();
    std::vector<std::string> Argv = {
        "qemu-system-arm",
        "-M",
        Board.str(),
        "-nographic",
        "-monitor",
        "none",
        "-serial",
        llvm::formatv("tcp:127.0.0.1:{0},server=on,wait=on,nodelay=on", *Port)
            .str(),
        "-kernel",
        Kernel};
    if (Options.CountInstructions)
      Argv.insert(Argv.end(), {"-icount", "shift=0"});
    auto Child = spawn(Argv, false);
    if (!Child)
      return Child.takeError();
    const auto Deadline = Clock::now() + Options.StartTimeout;
    bool PortTaken = false;
    while (Clock::now() < Deadline) {
      auto Transport = openTcpTransport(Io, "127.0.0.1", *Port);
      if (Transport)
        return LaunchedDevice{std::move(*Child), std::move(*Transport)};
      llvm::consumeError(Transport.takeError());
      if (!(*Child)->running()) {
        const std::string Report = (*Child)->exitReport();
        PortTaken = Report.find("in use") != std::string::npos;
        if (!PortTaken || Attempt == kAttempts)
          return llvm::createStringError("qemu-system-arm -M " + Board.str() +
                                         " " + Report);
        break;
      }
      std::this_thread::sleep_for(Millis(20));
    }
    if (!PortTaken)
      return llvm::createStringError(llvm::formatv(
          "qemu-system-arm -M {0} did not open tcp:127.0.0.1:{1} within {2} ms",
          Board, *Port, Options.StartTimeout.count()));
    spdlog::debug("port {} was taken, trying another", *Port);
  }
}

llvm::Expected<LaunchedDevice> launchSimulator(asio::io_context &Io,
                                               const LaunchOptions &Options) {
  const std::string Path =
      Options.PosixDevice.empty() ? posixDevicePath() : Options.PosixDevice;
  if (!llvm::sys::fs::can_execute(Path))
    return llvm::createStringError(llvm::formatv(
        "no POSIX device at {0} (build jlremote-device-posix, or set "
        "JLREMOTE_DEVICE_POSIX)",
        Path));
  auto Child = spawn({Path, "--pty"}, true);
  if (!Child)
    return Child.takeError();
  auto Line = readLine(**Child, Clock::now() + Options.StartTimeout);
  if (!Line)
    return llvm::createStringError(llvm::formatv(
        "{0} --pty: {1}", Path, llvm::toString(Line.takeError())));
  llvm::StringRef Pty(*Line);
  if (!Pty.consume_front("pty "))
    return llvm::createStringError(llvm::formatv(
        "{0} --pty said '{1}', expected 'pty /dev/pts/N'", Path, *Line));
  auto Transport = openPtyTransport(Io, Pty.trim());
  if (!Transport)
    return Transport.takeError();
  return LaunchedDevice{std::move(*Child), std::move(*Transport)};
}

} // namespace jlremote::host
