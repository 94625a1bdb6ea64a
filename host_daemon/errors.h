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

// One line, e.g. "image arch x86_64, device is thumbv7m (slot 3)".
std::string describeDeviceError(const jlremote::DeviceError &Error);
llvm::Error makeDeviceError(const jlremote::DeviceError &Error);

} // namespace jlremote::host
