// Launchers: start an emulated device and hand back a Transport to it.
//
//   launchBoard("mps2-an385")  qemu-system-arm -M mps2-an385 -nographic
//                              -monitor none -serial tcp:127.0.0.1:PORT,
//                              server=on,wait=on -kernel
//                              <device dir>/resident-mps2-an385.elf
//                              on a free port (another port if QEMU finds it
//                              taken), then a TCP connection to it.
//   launchSimulator()          jlremote-device-posix --pty, whose first line
//                              of output names the pty, then a PtyTransport.
//
// The child process belongs to the returned Device: it is killed (SIGTERM,
// then SIGKILL) and reaped when the Device goes, and it gets SIGKILL from the
// kernel if this process dies first (PR_SET_PDEATHSIG), so no exit path
// leaves an emulator running. Every wait is bounded by StartTimeout.
#pragma once

#include "link.h"
#include "transport.h"

#include <sys/types.h>

#include <memory>
#include <string>

namespace jlremote::host {

struct LaunchOptions {
  std::string DeviceDir;          // resident-<board>.elf; empty: deviceDir()
  std::string PosixDevice;        // empty: see posixDevicePath()
  bool CountInstructions = false; // QEMU -icount shift=0
  Millis StartTimeout{10000};
};

// A child process, killed and reaped on destruction.
class ChildProcess {
public:
  ChildProcess(pid_t Pid, int OutputFd, std::string LogPath);
  ~ChildProcess();
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  pid_t pid() const { return Pid_; }
  // Not yet exited (reaps it if it has).
  bool running();
  // Its exit status in words, and the end of what it wrote to stderr.
  std::string exitReport();
  int outputFd() const { return OutputFd_; }

private:
  pid_t Pid_;
  int OutputFd_;        // its stdout, when we read it; -1 otherwise
  std::string LogPath_; // its stderr
  int Status_ = 0;
  bool Reaped_ = false;
};

struct LaunchedDevice {
  std::unique_ptr<ChildProcess> Process;
  std::unique_ptr<Transport> Port;
};

llvm::Expected<LaunchedDevice> launchBoard(asio::io_context &Io,
                                           llvm::StringRef Board,
                                           const LaunchOptions &Options);
llvm::Expected<LaunchedDevice> launchSimulator(asio::io_context &Io,
                                               const LaunchOptions &Options);

// $JLREMOTE_DEVICE_POSIX, else jlremote-device-posix beside this program,
// else the build's.
std::string posixDevicePath();

} // namespace jlremote::host
