// jlremote-device-posix: the device runtime as a Linux process. It fills the
// services table a resident bootstrapper would (byte I/O, clock, loader) and
// serves one link, a pseudo-terminal or TCP connections:
//   jlremote-device-posix --pty        prints "pty /dev/pts/N"
//   jlremote-device-posix --tcp PORT   prints "tcp 127.0.0.1:PORT" (0: any)
#include "frame.h"
#include "image_loader.h"
#include "runtime.h"

#include <arpa/inet.h>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#if !defined(__x86_64__)
#error "the POSIX device reports arch x86_64: add the arch of this host"
#endif

namespace {

using jlremote::ResidentServices;

constexpr size_t kHeapSize = 1 << 20;
constexpr uint8_t kBoardPosix = 100;
constexpr int kReadPollMs = 1;    // ReadByte waits this long, then says "none"
constexpr int kWritePollMs = 100; // output nobody reads is dropped after this

int LinkFd = -1;
std::jmp_buf Disconnected;
uint8_t Input[4096];
size_t InputHead = 0, InputTail = 0;
uint8_t Output[4096];
size_t OutputSize = 0;
bool InFrame = false;

[[noreturn]] void disconnect() { std::longjmp(Disconnected, 1); }

void flushOutput() {
  size_t Done = 0;
  while (Done < OutputSize) {
    const ssize_t N = write(LinkFd, Output + Done, OutputSize - Done);
    if (N > 0) {
      Done += size_t(N);
    } else if (errno == EAGAIN) {
      pollfd Poll = {LinkFd, POLLOUT, 0};
      if (poll(&Poll, 1, kWritePollMs) == 0)
        break; // nobody reads (a pty without a host): the link repeats
    } else if (errno != EINTR) {
      disconnect();
    }
  }
  OutputSize = 0;
}

// Buffers a frame and writes it in one go at its closing flag (0x7E occurs
// only as the first and last byte of a frame).
void writeByte(void *, uint8_t byte) {
  if (OutputSize == sizeof Output)
    flushOutput();
  Output[OutputSize++] = byte;
  if (byte == jlremote::kFrameFlag) {
    InFrame = !InFrame;
    if (!InFrame)
      flushOutput();
  }
}

int readByte() {
  if (InputHead == InputTail) {
    pollfd Poll = {LinkFd, POLLIN, 0};
    if (poll(&Poll, 1, kReadPollMs) <= 0)
      return -1;
    const ssize_t N = read(LinkFd, Input, sizeof Input);
    if (N == 0 || (N < 0 && errno != EAGAIN && errno != EINTR))
      disconnect();
    if (N < 0)
      return -1;
    InputHead = 0;
    InputTail = size_t(N);
  }
  return Input[InputHead++];
}

uint32_t millis() {
  timespec Now;
  clock_gettime(CLOCK_MONOTONIC, &Now);
  return uint32_t(uint64_t(Now.tv_sec) * 1000 +
                  uint64_t(Now.tv_nsec) / 1000000);
}

void syncCode(const void *code, size_t size) {
  char *const Begin = static_cast<char *>(const_cast<void *>(code));
  __builtin___clear_cache(Begin, Begin + size);
}

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "jlremote-device-posix: %s: %s\n", what,
               std::strerror(errno));
  std::exit(1);
}

void setNonBlocking(int fd) {
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
    fail("fcntl");
}

// Runs the runtime on LinkFd until the peer goes away.
void serve(const ResidentServices &services) {
  InputHead = InputTail = OutputSize = 0;
  InFrame = false;
  if (setjmp(Disconnected) == 0) {
    jlremote_runtime_entry(&services);
    std::fprintf(stderr, "jlremote-device-posix: the runtime refused to "
                         "start (heap too small or ABI mismatch)\n");
    std::exit(1);
  }
}

[[noreturn]] void servePty(const ResidentServices &services) {
  LinkFd = posix_openpt(O_RDWR | O_NOCTTY);
  if (LinkFd < 0 || grantpt(LinkFd) < 0 || unlockpt(LinkFd) < 0)
    fail("posix_openpt");
  const char *const Path = ptsname(LinkFd);
  // Holding the slave open keeps the master readable while no host has it
  // open (no EIO/POLLHUP between sessions), and sets its raw mode.
  const int Slave = Path ? open(Path, O_RDWR | O_NOCTTY) : -1;
  termios Mode;
  if (Slave < 0 || tcgetattr(Slave, &Mode) < 0)
    fail("pty slave");
  cfmakeraw(&Mode);
  if (tcsetattr(Slave, TCSANOW, &Mode) < 0)
    fail("tcsetattr");
  setNonBlocking(LinkFd);
  std::printf("pty %s\n", Path);
  std::fflush(stdout);
  for (;;)
    serve(services);
}

[[noreturn]] void serveTcp(const ResidentServices &services, int port) {
  const int Listener = socket(AF_INET, SOCK_STREAM, 0);
  const int One = 1;
  setsockopt(Listener, SOL_SOCKET, SO_REUSEADDR, &One, sizeof One);
  sockaddr_in Address = {};
  Address.sin_family = AF_INET;
  Address.sin_port = htons(uint16_t(port));
  Address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t Length = sizeof Address;
  if (Listener < 0 ||
      bind(Listener, reinterpret_cast<sockaddr *>(&Address), Length) < 0 ||
      listen(Listener, 1) < 0 ||
      getsockname(Listener, reinterpret_cast<sockaddr *>(&Address), &Length) <
          0)
    fail("tcp listen");
  std::printf("tcp 127.0.0.1:%d\n", ntohs(Address.sin_port));
  std::fflush(stdout);
  for (;;) {
    LinkFd = accept(Listener, nullptr, nullptr);
    if (LinkFd < 0) {
      if (errno == EINTR)
        continue;
      fail("accept");
    }
    setsockopt(LinkFd, IPPROTO_TCP, TCP_NODELAY, &One, sizeof One);
    setNonBlocking(LinkFd);
    serve(services);
    close(LinkFd);
  }
}

// ResidentServices::FaultHook: the runtime's jlremote_record_fault once it
// runs.
uintptr_t FaultHook;

// SIGSEGV and SIGBUS in device code, as a board's fault handler does it:
// the runtime keeps the record, and the faulting context resumes in the
// function it names (as if called there: rsp 16-aligned minus the return
// address), which reports the fault and abandons the call. With no hook,
// the default action (the process ends).
void onFault(int signal, siginfo_t *info, void *context) {
  if (!FaultHook) {
    std::signal(signal, SIG_DFL);
    return; // the instruction faults again, now fatally
  }
  auto &Regs = static_cast<ucontext_t *>(context)->uc_mcontext.gregs;
  jlremote::FaultRecord R = {};
  R.Pc = uintptr_t(Regs[REG_RIP]);
  R.Sp = uintptr_t(Regs[REG_RSP]);
  R.Address = reinterpret_cast<uintptr_t>(info->si_addr);
  R.AddressValid = true;
  R.Status = uint32_t(signal);
  const int Saved[] = {REG_RDI, REG_RSI, REG_RDX, REG_RCX,
                       REG_R8,  REG_R9,  REG_RAX};
  for (int Reg : Saved)
    R.Registers[R.RegisterCount++] = uintptr_t(Regs[Reg]);
  const auto Record =
      reinterpret_cast<uintptr_t (*)(const jlremote::FaultRecord *)>(FaultHook);
  Regs[REG_RIP] = greg_t(Record(&R));
  Regs[REG_RSP] = greg_t((uint64_t(Regs[REG_RSP]) & ~uint64_t(15)) - 8);
}

void installFaultHandler() {
  struct sigaction Action = {};
  Action.sa_sigaction = &onFault;
  Action.sa_flags = SA_SIGINFO;
  sigemptyset(&Action.sa_mask);
  sigaction(SIGSEGV, &Action, nullptr);
  sigaction(SIGBUS, &Action, nullptr);
}

[[noreturn]] void usage() {
  std::fprintf(stderr, "usage: jlremote-device-posix --pty | --tcp PORT\n");
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  const bool Pty = argc == 2 && std::strcmp(argv[1], "--pty") == 0;
  const bool Tcp = argc == 3 && std::strcmp(argv[1], "--tcp") == 0;
  char *End = nullptr;
  const long Port = Tcp ? std::strtol(argv[2], &End, 10) : 0;
  if (!(Pty || Tcp) || (Tcp && (*End != '\0' || Port < 0 || Port > 65535)))
    usage();
  std::signal(SIGPIPE, SIG_IGN); // a closed peer is an EPIPE, handled

  // Images run from the heap: it must be executable.
  void *const Heap =
      mmap(nullptr, kHeapSize, PROT_READ | PROT_WRITE | PROT_EXEC,
           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (Heap == MAP_FAILED)
    fail("mmap");

  ResidentServices Services = {};
  Services.AbiVersion = jlremote::kResidentAbiVersion;
  Services.Arch = jlremote::kArchX86_64;
  Services.Board = kBoardPosix;
  Services.LastRxSeq = 0xFF; // the host's first DATA after SYNC has seq 0
  Services.NextTxSeq = 0;
  Services.HeapStart = reinterpret_cast<uintptr_t>(Heap);
  Services.HeapEnd = Services.HeapStart + kHeapSize;
  Services.ReadByte = &readByte;
  Services.WriteByte = &writeByte;
  Services.Millis = &millis;
  Services.LoadImage = &jlremote::loadImage;
  Services.SyncCode = &syncCode;
  Services.Restart = nullptr;
  // What the resident lends on a board.
  static jlremote::FrameDecoder Decoder;
  Services.Decoder = &Decoder;
  Services.FaultHook = &FaultHook;
  installFaultHandler();
  if (Pty)
    servePty(Services);
  serveTcp(Services, int(Port));
}
