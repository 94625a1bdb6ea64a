// Serialises an image (device_runtime/image_format.h): header, code,
// relocations, CRC. Every header field is range-checked here, once.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace jlremote::loader {

llvm::Expected<std::vector<uint8_t>>
writeImage(uint8_t Arch, llvm::ArrayRef<uint8_t> Code, uint64_t BssSize,
           llvm::ArrayRef<uint32_t> Relocs, uint64_t Entry);

} // namespace jlremote::loader
