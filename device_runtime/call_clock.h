// CallClock: how long a call ran on the device, in nanoseconds of the
// device's clock, the host round trips it made (image loads, prints)
// excluded. CallResult.instructions carries it: under QEMU `-icount shift=0`
// one guest instruction is one virtual nanosecond, so the count is the
// call's instructions, to one SysTick tick (40 on mps2-an385's 25 MHz).
//
// Cortex-M: the resident runs SysTick from the core clock with a 1 ms period
// and counts periods (ResidentServices::Millis); a reading is that count and
// the ticks into the current period. The runtime reads the SysTick registers
// itself (the same on every v6-M/v7-M core), so the resident does not grow.
// SysTick off, its counter stands still and the count is 0. Elsewhere
// nothing is measured and nanos() is 0: the POSIX device, and v6-M cores,
// where the clock would cost 500 bytes of runtime image (the 64-bit multiply
// comes from libgcc), i.e. 500 bytes of the micro:bit's heap. v7-M: about
// 320 bytes.
#pragma once

#include "resident_services.h"

#include <stdint.h>

namespace jlremote {

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M' && __ARM_ARCH >= 7

class CallClock {
public:
  // Starts counting from zero. pause() and resume() alternate from here on
  // (a host round trip inside the call); with SysTick off, nothing counts.
  void start(const ResidentServices &services) {
    Millis_ = services.Millis;
    TicksPerPeriod_ = (reg(kLoad) & kCountMask) + 1;
    Periods_ = 0;
    Ticks_ = 0;
    resume();
  }
  void resume() { Since_ = read(); }
  void pause() {
    const Reading Now = read();
    // Whole periods plus the ticks between the two readings, which may be
    // negative by less than a period.
    Periods_ += Now.Periods - Since_.Periods;
    int32_t Ticks = int32_t(Ticks_ + Now.Ticks) - int32_t(Since_.Ticks);
    if (Ticks < 0) {
      Ticks += int32_t(TicksPerPeriod_);
      --Periods_;
    } else if (uint32_t(Ticks) >= TicksPerPeriod_) {
      Ticks -= int32_t(TicksPerPeriod_);
      ++Periods_;
    }
    Ticks_ = uint32_t(Ticks);
  }
  // Nanoseconds counted while running (call pause() first).
  uint64_t nanos() const {
    // A period is 1 ms; its fraction Ticks_ / TicksPerPeriod_ in ns, to six
    // decimal digits by long division: the Cortex-M0 has no divide
    // instruction, and libgcc's routine would cost the heap 266 bytes.
    uint32_t Ns = 0, Rest = Ticks_;
    for (int Digit = 0; Digit < 6; ++Digit) {
      Rest *= 10; // below 10 * 2^24
      Ns *= 10;
      for (; Rest >= TicksPerPeriod_; Rest -= TicksPerPeriod_)
        ++Ns;
    }
    return uint64_t(Periods_) * 1'000'000u + Ns;
  }

private:
  struct Reading {
    uint32_t Periods; // SysTick periods (milliseconds) since boot, wrapping
    uint32_t Ticks;   // core clock ticks into the current period
  };

  // SysTick and the ICSR, at the same addresses on v6-M and v7-M.
  static constexpr uintptr_t kLoad = 0xE000E014, kValue = 0xE000E018,
                             kIcsr = 0xE000ED04;
  static constexpr uint32_t kCountMask = 0x00FFFFFF,
                            kIcsrPendSysTick = 1u << 26;
  static volatile uint32_t &reg(uintptr_t address) {
    return *reinterpret_cast<volatile uint32_t *>(address);
  }

  Reading read() const {
    uint32_t Periods, Value;
    bool Pending;
    // A period count that changed while the counter was read: read again.
    do {
      Periods = Millis_();
      Value = reg(kValue) & kCountMask;
      Pending = (reg(kIcsr) & kIcsrPendSysTick) != 0;
    } while (Millis_() != Periods);
    // The counter wrapped but its interrupt has not counted the period yet:
    // a value in the upper half was read after the wrap.
    if (Pending && Value > TicksPerPeriod_ / 2)
      ++Periods;
    return {Periods, TicksPerPeriod_ - 1 - Value};
  }

  uint32_t (*Millis_)() = nullptr;
  Reading Since_ = {};
  uint32_t Periods_ = 0;        // whole periods counted
  uint32_t Ticks_ = 0;          // and ticks, below TicksPerPeriod_
  uint32_t TicksPerPeriod_ = 1; // SysTick's reload value + 1
};

#else

class CallClock {
public:
  void start(const ResidentServices &) {}
  void pause() {}
  void resume() {}
  uint64_t nanos() const { return 0; }
};

#endif

} // namespace jlremote
