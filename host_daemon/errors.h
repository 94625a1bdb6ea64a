// Names for what the device reports as numbers: architectures, boards,
// stages, and DeviceError{code, value, expected, slot} as human text. The
// device stores no strings (proto/README.md); the host says what went wrong.
#pragma once

#include "jlremote.pb.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace jlremote::host {

// "thumbv7m", or "arch 9" for a value the host does not know.
std::string archName(uint32_t Arch);
// Inverse of archName for the known ones; 0 if unknown.
uint8_t archFromName(llvm::StringRef Name);
// "mps2-an385", "posix", or "board 42".
std::string boardName(uint32_t Board);
// "resident", "runtime".
std::string stageName(uint32_t Stage);
// The type of the message in field `Field` of a oneof envelope (ToDevice,
// FromDevice) as the .proto names it, e.g. "WriteMemory"; "field 9" if none.
std::string payloadName(const google::protobuf::Descriptor &Envelope,
                        uint32_t Field);

// One line, e.g. "image arch x86_64, device is thumbv7m (slot 3)".
std::string describeDeviceError(const jlremote::DeviceError &Error);
llvm::Error makeDeviceError(const jlremote::DeviceError &Error);

// A processor fault on a device of `Arch`, in `Function` (the symbol of the
// fault's slot, empty if none), e.g. "processor fault: bus fault at address
// 0xf0000000, pc 0x200012a4 in julia_toplevel+0x1c (r0=0x1 ...)".
std::string describeFault(const jlremote::Fault &Fault, uint32_t Arch,
                          llvm::StringRef Function);

} // namespace jlremote::host
