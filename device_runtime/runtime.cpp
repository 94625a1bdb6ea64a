#include "runtime.h"

#include "call.h"
#include "call_clock.h"
#include "collector.h"
#include "eviction.h"
#include "heap.h"
#include "image_receiver.h"
#include "link.h"
#include "slots.h"

#include <jlremote.pb.h>
#include <new>
#include <pb_encode.h>

#if defined(__arm__)
extern "C" void jlremote_fault_hook(uint32_t *frame);
#endif

namespace jlremote {
namespace {

constexpr uint32_t kRuntimeVersion = 1;

// What ResidentServices::FaultHook gets: the Cortex-M hook takes the
// exception frame; the POSIX device's handler calls jlremote_record_fault.
uintptr_t faultHook() {
#if defined(__arm__)
  return reinterpret_cast<uintptr_t>(&jlremote_fault_hook);
#else
  return reinterpret_cast<uintptr_t>(&jlremote_record_fault);
#endif
}

struct ByteRange {
  const void *Data;
  size_t Size;
};

// Bytes fields straight from memory (Print.values, an exception's payload,
// the stack): no copy, no size limit.
bool encodeByteRange(pb_ostream_t *stream, const pb_field_t *field,
                     void *const *arg) {
  const ByteRange &R = *static_cast<const ByteRange *>(*arg);
  return pb_encode_tag_for_field(stream, field) &&
         pb_encode_string(stream, static_cast<const pb_byte_t *>(R.Data),
                          R.Size);
}

struct WordRange {
  const uintptr_t *Words;
  uint32_t Count;
};

// A repeated uint64 field from words in memory (registers), unpacked.
bool encodeWords(pb_ostream_t *stream, const pb_field_t *field,
                 void *const *arg) {
  const WordRange &R = *static_cast<const WordRange *>(*arg);
  for (uint32_t I = 0; I < R.Count; ++I)
    if (!pb_encode_tag_for_field(stream, field) ||
        !pb_encode_varint(stream, R.Words[I]))
      return false;
  return true;
}

class Runtime {
public:
  void run(const ResidentServices &services);
  [[noreturn]] void abandonCall();
  // Ends the program's call: exit(status).
  [[noreturn]] void exit(int32_t status);
  uintptr_t resolve(uintptr_t *slotAddress, uintptr_t scanFrom);
  void print(uint32_t format, const void *values, size_t size);
  // A Julia object (jlremote_alloc); null if the heap cannot hold it.
  void *allocateObject(size_t size, uintptr_t scanFrom);
  // jlremote_throw: a new exception object, thrown.
  [[noreturn]] void raise(uint32_t type, uint32_t site, const void *payload,
                          uint32_t size, const CallerContext &context);
  // Makes `exception` the current one and resumes the innermost handler,
  // unlinked first; with none, sends Thrown and ends the call.
  [[noreturn]] void throwObject(const void *exception,
                                const CallerContext &context);
  void tryEnter(JuliaHandler *handler) {
    handler->Previous = Handlers_;
    Handlers_ = handler;
  }
  void tryLeave(JuliaHandler *handler) { Handlers_ = handler->Previous; }
  const void *exception() const { return Exception_; }
  // A heap block; when the heap is short, garbage objects are collected,
  // then idle code is evicted (code is fetched again, objects cannot be).
  // Null if that does not make room.
  void *allocate(size_t size, Heap::Kind kind, uintptr_t scanFrom);
  void recordFault(const FaultRecord &record) { Fault_ = record; }
  // Reports the recorded fault, with the stack, and abandons the call
  // (restarts the device outside a call: the runtime's own state is in
  // doubt). `context`: the faulting callee-saved registers.
  [[noreturn]] void fault(const CallerContext &context);

private:
  // A StackSnapshot's callbacks read from these: they live in the frame
  // that sends the message.
  struct SnapshotSource {
    WordRange Registers;
    ByteRange Memory;
  };
  void fillSnapshot(jlremote_StackSnapshot &snapshot, uintptr_t pc,
                    uintptr_t sp, const uintptr_t *registers,
                    SnapshotSource &source);
  static bool encodePlacements(pb_ostream_t *stream, const pb_field_t *field,
                               void *const *arg);
  void collect(uintptr_t scanFrom);
  [[nodiscard]] bool dropAll();
  void handle();
  void call(const jlremote_Call &request);
  [[nodiscard]] bool runCall(const CallFrame &frame, CallReturn &result);
  LinkStatus reply(pb_size_t which);
  LinkStatus sendHello();
  LinkStatus sendInfo();
  LinkStatus sendError(jlremote_ErrorCode code, uint32_t value,
                       uint32_t expected, uint32_t slot);
  LinkStatus sendError(const jlremote_DeviceError &error);

  const ResidentServices *Services_ = nullptr;
  Link Link_;
  Heap Heap_;
  Slots Slots_;
  ImageReceiver Receiver_;
  // The frame that makes the call in progress: the call's frames (the
  // trampoline, device code, the resolver) are all below it. Eviction and
  // the collector scan up to here, not into the runtime's own frames, whose
  // stale words would keep dead images and objects alive.
  uintptr_t CallTop_ = 0;
  // One of each, not on the stack: a call may nest a LoadImage in a Call.
  jlremote_ToDevice Request_ = jlremote_ToDevice_init_zero;
  jlremote_FromDevice Reply_ = jlremote_FromDevice_init_zero;
  uint32_t HostProtocol_ = jlremote_Protocol_PROTOCOL_VERSION;
  uint32_t HeapLimit_ = 0;     // SetHeap's; 0: the whole range
  bool CollectAlways_ = false; // SetHeap's: before every object
  uint32_t ImagesLoaded_ = 0;
  CallClock Clock_; // the call in progress, host round trips excluded
  Collector Collector_;
  // Info's statistics, since the runtime started.
  struct {
    uint32_t Collections, ImagesLoaded, ImagesEvicted;
    uint64_t CollectionNanos, CollectedBytes;
  } Stats_ = {};
  void *CallExit_[5] = {}; // __builtin_setjmp buffer of the call in progress
  bool InCall_ = false;    // CallExit_ is live
  FaultRecord Fault_ = {};
  // The call's try handlers, innermost first, and the exception the last
  // throw delivered (a collector root): both reset when a call starts.
  JuliaHandler *Handlers_ = nullptr;
  const void *Exception_ = nullptr;
};

// Thrown when the heap cannot hold an object, or an exception: it needs
// no memory.
constexpr ExceptionHeader kOutOfMemoryException = {kOutOfMemoryError,
                                                   kOutOfMemorySite, 0};

// The stack reserve, from RamEnd up to just below the frame that paints it,
// is filled with kStackPaint at start and before each call; the painted
// words still at its bottom are the headroom Info reports.
constexpr uint32_t kStackPaint = 0xA5A5A5A5;

[[gnu::noinline]] void paintStack(uintptr_t bottom) {
  volatile uint32_t Here = 0;
  auto *Word = reinterpret_cast<volatile uint32_t *>(bottom);
  // 64 bytes below this frame: nothing live, an interrupt's frame aside.
  while (reinterpret_cast<uintptr_t>(Word) + 64 < uintptr_t(&Here))
    *Word++ = kStackPaint;
}

uint32_t stackHeadroom(uintptr_t bottom) {
  if (!bottom)
    return 0;
  const auto *Word = reinterpret_cast<const volatile uint32_t *>(bottom);
  while (*Word == kStackPaint)
    ++Word;
  return uint32_t(reinterpret_cast<uintptr_t>(Word) - bottom);
}

// Constructed in place at each entry, so no static constructor is needed
// (nothing runs them in a loaded image) and every entry starts afresh.
alignas(Runtime) uint8_t RuntimeStorage[sizeof(Runtime)];
Runtime *TheRuntime = nullptr;

// ImageReceiver's allocator.
void *allocateCode(size_t size, uintptr_t scanFrom) {
  return TheRuntime->allocate(size, Heap::kCode, scanFrom);
}

void Runtime::run(const ResidentServices &services) {
  Services_ = &services;
  if (services.RamEnd)
    paintStack(services.RamEnd);
  if (services.FaultHook)
    *services.FaultHook = faultHook();
  Link_.init(services);
  if (!dropAll())
    return;
  (void)sendHello(); // a SYNC drops it: the host then says Hello anyway
  for (;;) {
    Request_.cb_msg.funcs.decode = nullptr; // only a call takes images
    switch (Link_.receive(jlremote_ToDevice_fields, &Request_)) {
    case LinkStatus::Ok:
      handle();
      break;
    case LinkStatus::Undecodable:
      (void)sendError(jlremote_ErrorCode_ERROR_BAD_MESSAGE, 0, 0, 0);
      break;
    case LinkStatus::Sync:
    case LinkStatus::Interrupted:
      break;
    }
  }
}

// Every image and slot goes: a fresh heap with a fresh slot table.
bool Runtime::dropAll() {
  const uintptr_t Start = Services_->HeapStart, End = Services_->HeapEnd;
  Heap_.init(Start,
             HeapLimit_ && HeapLimit_ < End - Start ? Start + HeapLimit_ : End);
  Stats_ = {};
  return Slots_.init(Heap_);
}

void Runtime::handle() {
  const pb_size_t Which = Request_.which_msg;
  if (Which == jlremote_ToDevice_hello_tag) {
    HostProtocol_ = Request_.msg.hello.protocol;
    (void)sendHello();
    return;
  }
  if (HostProtocol_ != jlremote_Protocol_PROTOCOL_VERSION) {
    (void)sendError(jlremote_ErrorCode_ERROR_PROTOCOL_MISMATCH,
                    jlremote_Protocol_PROTOCOL_VERSION, HostProtocol_, 0);
    return;
  }
  switch (Which) {
  case jlremote_ToDevice_call_tag:
    call(Request_.msg.call);
    break;
  case jlremote_ToDevice_info_tag:
    (void)sendInfo();
    break;
  case jlremote_ToDevice_set_heap_tag:
    HeapLimit_ = Request_.msg.set_heap.limit;
    CollectAlways_ = Request_.msg.set_heap.collect_always;
    if (!dropAll()) {
      // Too small for the slot table: back to the whole heap.
      (void)sendError(jlremote_ErrorCode_ERROR_OUT_OF_MEMORY, HeapLimit_,
                      uint32_t(Services_->HeapEnd - Services_->HeapStart), 0);
      HeapLimit_ = 0;
      (void)dropAll();
      break;
    }
    (void)sendInfo();
    break;
  case jlremote_ToDevice_reset_tag:
    if (Services_->Restart)
      Services_->Restart();
    if (!dropAll())
      return; // cannot happen: the same heap held the table before
    break;
  case jlremote_ToDevice_write_memory_tag:
  case jlremote_ToDevice_start_runtime_tag:
    (void)sendError(jlremote_ErrorCode_ERROR_NOT_IN_STAGE, Which,
                    jlremote_Stage_STAGE_RUNTIME, 0);
    break;
  default: // LoadImage outside a call, or a message this runtime lacks
    (void)sendError(jlremote_ErrorCode_ERROR_BAD_MESSAGE, Which, 0, 0);
    break;
  }
}

void Runtime::call(const jlremote_Call &request) {
  if (request.slot >= Slots_.count()) {
    (void)sendError(jlremote_ErrorCode_ERROR_BAD_SLOT, request.slot,
                    Slots_.count(), request.slot);
    return;
  }
  // More argument words than the convention has places for.
  if (request.gp_count > kCallGpRegs || request.fp_count > kCallFpRegs ||
      request.stack_count > kCallStackWords) {
    (void)sendError(jlremote_ErrorCode_ERROR_BAD_MESSAGE,
                    jlremote_ToDevice_call_tag, 0, request.slot);
    return;
  }
  CallFrame Frame = {};
  Frame.Slot = Slots_.address(request.slot);
  for (pb_size_t I = 0; I < request.gp_count; ++I)
    Frame.Gp[I] = uintptr_t(request.gp[I]);
#if CALL_FP_REGS
  for (pb_size_t I = 0; I < request.fp_count; ++I)
    Frame.Fp[I] = request.fp[I];
#endif
  Frame.StackCount = request.stack_count;
  for (pb_size_t I = 0; I < request.stack_count; ++I)
    Frame.Stack[I] = uintptr_t(request.stack[I]);

  CallReturn Result = {};
  ImagesLoaded_ = 0;
  if (Services_->RamEnd)
    paintStack(Services_->RamEnd);
  Clock_.start(*Services_);
  const bool Returned = runCall(Frame, Result);
  (void)Heap_.sweep(true); // the call's objects: nothing can reach them now
  if (!Returned)
    return; // abandoned: the error (if any) is sent
  Clock_.pause();
  Reply_.msg.call_result =
      jlremote_CallResult{Result.Gp0,     Result.Gp1, Result.Fp0, ImagesLoaded_,
                          Clock_.nanos(), false,      0};
  (void)reply(jlremote_FromDevice_call_result_tag);
}

void Runtime::exit(int32_t status) {
  Clock_.pause();
  Reply_.msg.call_result =
      jlremote_CallResult{0, 0, 0, ImagesLoaded_, Clock_.nanos(), true, status};
  (void)reply(jlremote_FromDevice_call_result_tag);
  abandonCall(); // the result is sent: the call has ended
}

// Out of line so that abandonCall() lands in a frame of its own.
[[gnu::noinline]] bool Runtime::runCall(const CallFrame &frame,
                                        CallReturn &result) {
  if (__builtin_setjmp(CallExit_)) {
    InCall_ = false;
    return false;
  }
  InCall_ = true;
  Handlers_ = nullptr;
  Exception_ = nullptr;
  CallTop_ = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  jlremote_call(&frame, &result);
  InCall_ = false;
  return true;
}

void Runtime::fault(const CallerContext &context) {
  if (!InCall_) {
    if (Services_->Restart)
      Services_->Restart();
    __builtin_trap();
  }
  Clock_.pause();
  const FaultRecord &F = Fault_;
  jlremote_Fault &M = Reply_.msg.fault;
  M = {};
  M.pc = F.Pc;
  M.lr = F.Lr;
  M.sp = F.Sp;
  M.address = F.Address;
  M.address_valid = F.AddressValid != 0;
  M.status = F.Status;
  WordRange Registers{F.Registers, F.RegisterCount};
  M.registers.funcs.encode = &encodeWords;
  M.registers.arg = &Registers;
  const uintptr_t Pc = F.Pc;
  M.slot = Slots_.slotOfCode(Heap_, Pc);
  if (const void *Block = Heap_.blockAround(Pc))
    M.offset =
        uint32_t(Pc - reinterpret_cast<uintptr_t>(Block) - kImageHeaderSize);
  SnapshotSource Source;
  M.has_stack = true;
  fillSnapshot(M.stack, Pc, F.Sp, context.Words, Source);
  (void)reply(jlremote_FromDevice_fault_tag);
  abandonCall();
}

void *Runtime::allocate(size_t size, Heap::Kind kind, uintptr_t scanFrom) {
  // Larger than the whole heap (a saturated size too): nothing to reclaim.
  if (size >= Heap_.size())
    return nullptr;
  void *Block = Heap_.allocate(size, kind);
  if (!Block) {
    collect(scanFrom);
    Block = Heap_.allocate(size, kind);
  }
  if (!Block) {
    const uint32_t Evicted = evictIdleImages(Heap_, Slots_, scanFrom, CallTop_);
    Stats_.ImagesEvicted += Evicted;
    if (Evicted)
      Block = Heap_.allocate(size, kind);
  }
  return Block;
}

void *Runtime::allocateObject(size_t size, uintptr_t scanFrom) {
  if (CollectAlways_)
    collect(scanFrom);
  return allocate(size, Heap::kObject, scanFrom);
}

void Runtime::raise(uint32_t type, uint32_t site, const void *payload,
                    uint32_t size, const CallerContext &context) {
  // The payload is above the context: the scans see what it points to.
  auto *const E = size < Heap_.size()
                      ? static_cast<ExceptionHeader *>(allocateObject(
                            sizeof(ExceptionHeader) + size,
                            reinterpret_cast<uintptr_t>(&context)))
                      : nullptr;
  if (!E)
    throwObject(&kOutOfMemoryException, context);
  *E = ExceptionHeader{type, site, size};
  __builtin_memcpy(E + 1, payload, size);
  throwObject(E, context);
}

void Runtime::throwObject(const void *exception, const CallerContext &context) {
  Exception_ = exception;
  if (JuliaHandler *const Handler = Handlers_) {
    Handlers_ = Handler->Previous;
    __builtin_longjmp(Handler->Jump, 1);
  }
  Clock_.pause();
  const auto &E = *static_cast<const ExceptionHeader *>(exception);
  jlremote_Thrown &M = Reply_.msg.thrown;
  M = {};
  M.type = E.Type;
  M.site = E.Site;
  ByteRange Payload{&E + 1, E.Size};
  M.payload.funcs.encode = &encodeByteRange;
  M.payload.arg = &Payload;
  SnapshotSource Source;
  M.has_stack = true;
  fillSnapshot(M.stack, context.returnAddress(), context.callerSp(),
               context.Words, Source);
  (void)reply(jlremote_FromDevice_thrown_tag);
  abandonCall();
}

// The stack's memory goes only when sp is in the call's stack: a fault may
// leave anything in sp.
void Runtime::fillSnapshot(jlremote_StackSnapshot &snapshot, uintptr_t pc,
                           uintptr_t sp, const uintptr_t *registers,
                           SnapshotSource &source) {
  constexpr uintptr_t kMaxStack = 4096;
  snapshot.pc = pc;
  snapshot.sp = sp;
  source.Registers = WordRange{registers, kContextRegisters};
  snapshot.registers.funcs.encode = &encodeWords;
  snapshot.registers.arg = &source.Registers;
  const bool InStack = sp <= CallTop_ && sp % sizeof(uintptr_t) == 0;
  const uintptr_t Size = InStack ? CallTop_ - sp : 0;
  source.Memory = ByteRange{reinterpret_cast<const void *>(sp),
                            Size < kMaxStack ? Size : kMaxStack};
  snapshot.memory.funcs.encode = &encodeByteRange;
  snapshot.memory.arg = &source.Memory;
  snapshot.code.funcs.encode = &encodePlacements;
  snapshot.code.arg = this;
}

bool Runtime::encodePlacements(pb_ostream_t *stream, const pb_field_t *field,
                               void *const *arg) {
  const Slots &Table = static_cast<const Runtime *>(*arg)->Slots_;
  for (uint32_t Slot = 0; Slot < Table.count(); ++Slot) {
    if (!Table.loaded(Slot))
      continue;
    const jlremote_Placement P{Slot, Table.get(Slot)};
    if (!pb_encode_tag_for_field(stream, field) ||
        !pb_encode_submessage(stream, jlremote_Placement_fields, &P))
      return false;
  }
  return true;
}

// The roots: the stack from the frame that ran short up to the runtime's
// entry (registers were saved into it), the current exception, and every
// loaded image's bss.
void Runtime::collect(uintptr_t scanFrom) {
  CallClock Pause;
  Pause.start(*Services_);
  Collector_.markFrom(Heap_, scanFrom, CallTop_);
  Collector_.markFrom(Heap_, reinterpret_cast<uintptr_t>(&Exception_),
                      reinterpret_cast<uintptr_t>(&Exception_ + 1));
  Heap_.forEachBlock(Heap::kCode, [&](void *block) {
    const auto &Image = *static_cast<const ImageHeader *>(block);
    const uintptr_t Bss =
        reinterpret_cast<uintptr_t>(block) + kImageHeaderSize + Image.CodeSize;
    if (Image.Magic[0] == kImageMagic0 && Image.Magic[1] == kImageMagic1 &&
        kImageHeaderSize + Image.CodeSize + Image.BssSize <=
            Heap_.payloadSize(block))
      Collector_.markFrom(Heap_, Bss, Bss + Image.BssSize);
  });
  Stats_.CollectedBytes += Heap_.sweep();
  Pause.pause();
  ++Stats_.Collections;
  Stats_.CollectionNanos += Pause.nanos();
}

void Runtime::abandonCall() {
  Receiver_.discard();
  __builtin_longjmp(CallExit_, 1);
}

uintptr_t Runtime::resolve(uintptr_t *slotAddress, uintptr_t scanFrom) {
  Clock_.pause(); // loading is the host's time, not the call's
  uint32_t Slot;
  if (!Slots_.indexOf(slotAddress, &Slot)) {
    (void)sendError(jlremote_ErrorCode_ERROR_BAD_SLOT,
                    uint32_t(reinterpret_cast<uintptr_t>(slotAddress)),
                    Slots_.count(), 0);
    abandonCall();
  }
  Reply_.msg.load_request = jlremote_LoadRequest{Slot};
  if (reply(jlremote_FromDevice_load_request_tag) != LinkStatus::Ok)
    abandonCall();
  // The host may send other images first (preloading): install each until
  // this slot has its code.
  while (!Slots_.loaded(Slot)) {
    Receiver_.arm(Request_, Heap_, &allocateCode, scanFrom);
    const LinkStatus Status =
        Link_.receive(jlremote_ToDevice_fields, &Request_);
    if (Status == LinkStatus::Interrupted) {
      Receiver_.discard();
      continue;
    }
    if (Status == LinkStatus::Sync)
      abandonCall();
    if (Status == LinkStatus::Undecodable) {
      (void)sendError(jlremote_ErrorCode_ERROR_BAD_MESSAGE, 0,
                      jlremote_ToDevice_load_image_tag, Slot);
      abandonCall();
    }
    if (Request_.which_msg != jlremote_ToDevice_load_image_tag) {
      (void)sendError(jlremote_ErrorCode_ERROR_BAD_MESSAGE, Request_.which_msg,
                      jlremote_ToDevice_load_image_tag, Slot);
      abandonCall();
    }
    const jlremote_DeviceError Error =
        Receiver_.install(Request_.msg.load_image, Slots_, *Services_);
    if (Error.code != jlremote_ErrorCode_ERROR_UNSPECIFIED) {
      (void)sendError(Error);
      abandonCall();
    }
    ++ImagesLoaded_;
    ++Stats_.ImagesLoaded;
  }
  Clock_.resume();
  return *Slots_.address(Slot);
}

void Runtime::print(uint32_t format, const void *values, size_t size) {
  Clock_.pause(); // the host round trip is not the call's time
  ByteRange Values{values, size};
  Reply_.msg.print.format = format;
  Reply_.msg.print.values.funcs.encode = &encodeByteRange;
  Reply_.msg.print.values.arg = &Values;
  // Only a SYNC stops a send: the host that ran this call is gone.
  if (reply(jlremote_FromDevice_print_tag) != LinkStatus::Ok)
    abandonCall();
  Clock_.resume();
}

LinkStatus Runtime::reply(pb_size_t which) {
  Reply_.which_msg = which;
  return Link_.send(jlremote_FromDevice_fields, &Reply_);
}

LinkStatus Runtime::sendHello() {
  const ResidentServices &S = *Services_;
  Reply_.msg.hello = jlremote_DeviceHello{jlremote_Protocol_PROTOCOL_VERSION,
                                          jlremote_Stage_STAGE_RUNTIME,
                                          jlremote_Arch(S.Arch),
                                          S.Board,
                                          S.RamStart,
                                          S.RamEnd,
                                          S.ResidentSize,
                                          kRuntimeVersion};
  return reply(jlremote_FromDevice_hello_tag);
}

LinkStatus Runtime::sendInfo() {
  const ResidentServices &S = *Services_;
  Reply_.msg.info = jlremote_Info{jlremote_Arch(S.Arch),
                                  S.Board,
                                  S.CoreClockHz,
                                  S.RamStart,
                                  S.RamEnd,
                                  uint32_t(Heap_.size()),
                                  uint32_t(Heap_.freeBytes()),
                                  Slots_.count(),
                                  Slots_.loadedCount(),
                                  kRuntimeVersion,
                                  jlremote_Protocol_PROTOCOL_VERSION,
                                  S.ResidentSize,
                                  S.RuntimeSize,
                                  stackHeadroom(S.RamEnd),
                                  uint32_t(Heap_.highWater()),
                                  Stats_.Collections,
                                  Stats_.CollectionNanos,
                                  Stats_.CollectedBytes,
                                  Stats_.ImagesLoaded,
                                  Stats_.ImagesEvicted,
                                  Slots_.refetches(),
                                  Link_.bytesReceived(),
                                  Link_.bytesSent()};
  return reply(jlremote_FromDevice_info_tag);
}

LinkStatus Runtime::sendError(jlremote_ErrorCode code, uint32_t value,
                              uint32_t expected, uint32_t slot) {
  return sendError(jlremote_DeviceError{code, value, expected, slot});
}

LinkStatus Runtime::sendError(const jlremote_DeviceError &error) {
  Reply_.msg.error = error;
  return reply(jlremote_FromDevice_error_tag);
}

} // namespace
} // namespace jlremote

extern "C" void
jlremote_runtime_entry(const jlremote::ResidentServices *services) {
  using jlremote::TheRuntime;
  if (services->AbiVersion != jlremote::kResidentAbiVersion)
    return;
  TheRuntime = new (jlremote::RuntimeStorage) jlremote::Runtime;
  TheRuntime->run(*services);
}

extern "C" void jlremote_report_fault(const jlremote::CallerContext *context) {
  jlremote::TheRuntime->fault(*context);
}

extern "C" uintptr_t
jlremote_record_fault(const jlremote::FaultRecord *record) {
  jlremote::TheRuntime->recordFault(*record);
  return reinterpret_cast<uintptr_t>(&jlremote_fault_landing);
}

#if defined(__arm__)
// Cortex-M: called by the resident's fault handler, in handler mode, with
// the frame the core pushed (r0-r3, r12, lr, pc, xPSR). The exception then
// returns to the landing instead of the faulting instruction.
extern "C" void jlremote_fault_hook(uint32_t *frame) {
  jlremote::FaultRecord R = {};
  R.Pc = frame[6];
  R.Lr = frame[5];
  // Bit 9 of the stacked xPSR: the core padded the frame to 8 bytes.
  R.Sp =
      reinterpret_cast<uintptr_t>(frame + 8) + (frame[7] & (1u << 9) ? 4 : 0);
  for (uint32_t I = 0; I < 5; ++I)
    R.Registers[I] = frame[I];
  R.RegisterCount = 5;
#if __ARM_ARCH >= 7
  // The configurable fault status, and the faulting address it vouches for
  // (BFAR for a bus fault, MMFAR for a memory management fault).
  auto Reg = [](uintptr_t address) -> volatile uint32_t & {
    return *reinterpret_cast<volatile uint32_t *>(address);
  };
  const uint32_t Cfsr = Reg(0xE000ED28);
  R.Status = Cfsr;
  if (Cfsr & (1u << 15)) {
    R.Address = Reg(0xE000ED38);
    R.AddressValid = true;
  } else if (Cfsr & (1u << 7)) {
    R.Address = Reg(0xE000ED34);
    R.AddressValid = true;
  }
  Reg(0xE000ED28) = Cfsr; // write one to clear
#endif
  frame[6] = uint32_t(jlremote_record_fault(&R)) & ~1u;
  // Thumb state, outside any IT block.
  frame[7] = (frame[7] & ~0x0600FC00u) | 0x01000000u;
}
#endif

extern "C" void jlremote_print(uint32_t format, const void *values,
                               size_t size) {
  jlremote::TheRuntime->print(format, values, size);
}

extern "C" void jlremote_exit(int32_t status) {
  jlremote::TheRuntime->exit(status);
}

// The context (call_*.S) holds the caller's callee-saved registers, which
// may be the only copies of pointers to objects and code: the scans start
// there.
extern "C" void *jlremote_allocate(size_t size,
                                   const jlremote::CallerContext *context) {
  if (void *Block = jlremote::TheRuntime->allocateObject(
          size, reinterpret_cast<uintptr_t>(context)))
    return Block;
  jlremote::TheRuntime->throwObject(&jlremote::kOutOfMemoryException, *context);
}

extern "C" void jlremote_raise(uint32_t type, uint32_t site,
                               const void *payload, uint32_t size,
                               const jlremote::CallerContext *context) {
  jlremote::TheRuntime->raise(type, site, payload, size, *context);
}

extern "C" void jlremote_raise_again(const void *exception,
                                     const jlremote::CallerContext *context) {
  jlremote::TheRuntime->throwObject(exception, *context);
}

extern "C" void jlremote_try_enter(jlremote::JuliaHandler *handler) {
  jlremote::TheRuntime->tryEnter(handler);
}

extern "C" void jlremote_try_leave(jlremote::JuliaHandler *handler) {
  jlremote::TheRuntime->tryLeave(handler);
}

extern "C" const void *jlremote_exception(void) {
  return jlremote::TheRuntime->exception();
}

extern "C" uintptr_t jlremote_resolve_slot(uintptr_t *slot,
                                           uintptr_t scanFrom) {
  return jlremote::TheRuntime->resolve(slot, scanFrom);
}
