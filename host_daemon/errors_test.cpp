#include "errors.h"

#include <gtest/gtest.h>

namespace jlremote::host {
namespace {

std::string describe(jlremote::ErrorCode Code, uint32_t Value,
                     uint32_t Expected, uint32_t Slot = 0) {
  jlremote::DeviceError E;
  E.set_code(Code);
  E.set_value(Value);
  E.set_expected(Expected);
  E.set_slot(Slot);
  return describeDeviceError(E);
}

TEST(Errors, NamesArchitecturesAndBoards) {
  EXPECT_EQ(archName(jlremote::ARCH_THUMBV6M), "thumbv6m");
  EXPECT_EQ(archName(jlremote::ARCH_THUMBV7EM_HARD), "thumbv7em-hard");
  EXPECT_EQ(archName(jlremote::ARCH_THUMBV8M_MAIN), "thumbv8m.main");
  EXPECT_EQ(archName(0), "arch 0");
  EXPECT_EQ(archName(77), "arch 77");
  EXPECT_EQ(archFromName("x86_64"), jlremote::ARCH_X86_64);
  EXPECT_EQ(archFromName("armv7"), 0);
  EXPECT_EQ(boardName(1), "mps2-an385");
  EXPECT_EQ(boardName(2), "microbit");
  EXPECT_EQ(boardName(100), "posix");
  EXPECT_EQ(boardName(7), "board 7");
}

TEST(Errors, ImageErrorsNameBothValues) {
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_ARCH, 6, 2, 3),
            "image arch x86_64, device is thumbv7m (loading slot 3)");
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_CRC, 0x1234abcd, 0xdeadbeef, 4),
            "image CRC 0x1234abcd, header says 0xdeadbeef (loading slot 4)");
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_MAGIC, 0x4142, 0, 1),
            "image magic 0x4142, expected 0x4c4a (\"JL\") (loading slot 1)");
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_VERSION, 9, 1, 2),
            "image format version 9, device reads version 1 (loading slot 2)");
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_SIZE, 100, 90, 2),
            "image size 100 bytes in its header, 90 bytes received "
            "(loading slot 2)");
  EXPECT_EQ(describe(jlremote::ERROR_IMAGE_RELOC, 3, 70, 2),
            "image relocation 3 (target 70) is out of range (loading slot 2)");
}

TEST(Errors, OtherErrors) {
  EXPECT_EQ(describe(jlremote::ERROR_OUT_OF_MEMORY, 4000, 1200, 5),
            "out of device memory: 4000 bytes asked, largest free block 1200 "
            "(loading slot 5)");
  EXPECT_EQ(describe(jlremote::ERROR_PROTOCOL_MISMATCH, 2, 1),
            "device speaks protocol 2, host speaks 1");
  EXPECT_EQ(describe(jlremote::ERROR_BAD_SLOT, 300, 256),
            "slot 300 out of range: the device has 256 slots");
  EXPECT_EQ(describe(jlremote::ERROR_NOT_IN_STAGE, 5, jlremote::STAGE_RESIDENT),
            "Call refused: the device is in the resident stage");
  EXPECT_EQ(describe(jlremote::ERROR_BAD_ADDRESS, 0x20000000, 240),
            "write of 240 bytes at 0x20000000 is outside the device's RAM");
  EXPECT_EQ(describe(jlremote::ErrorCode(99), 1, 2, 3),
            "device error 99 (value 1, expected 2, slot 3)");
}

TEST(Errors, FaultsNameTheCauseTheAddressAndTheFunction) {
  jlremote::Fault F;
  F.set_pc(0x200012a4);
  F.set_lr(0x20001201);
  F.set_sp(0x20003f00);
  F.set_address(0xf0000000);
  F.set_address_valid(true);
  F.set_status(1u << 9 | 1u << 15); // PRECISERR with BFARVALID
  for (uint64_t R : {1, 2, 3, 4, 5})
    F.add_registers(R);
  F.set_offset(0x1c);
  EXPECT_EQ(describeFault(F, jlremote::ARCH_THUMBV7M, "julia_toplevel"),
            "processor fault: bus fault at address 0xf0000000, pc 0x200012a4 "
            "in julia_toplevel+0x1c (r0=0x1 r1=0x2 r2=0x3 r3=0x4 r12=0x5 "
            "sp=0x20003f00 lr=0x20001201)");
  // Cortex-M0: no fault status; no address.
  F.set_status(0);
  F.set_address_valid(false);
  EXPECT_EQ(describeFault(F, jlremote::ARCH_THUMBV6M, ""),
            "processor fault: HardFault, pc 0x200012a4 (r0=0x1 r1=0x2 r2=0x3 "
            "r3=0x4 r12=0x5 sp=0x20003f00 lr=0x20001201)");
  F.set_status(11);
  F.set_address_valid(true);
  F.clear_registers();
  EXPECT_EQ(describeFault(F, jlremote::ARCH_X86_64, "f"),
            "processor fault: SIGSEGV at address 0xf0000000, pc 0x200012a4 in "
            "f+0x1c (sp=0x20003f00)");
}

} // namespace
} // namespace jlremote::host
