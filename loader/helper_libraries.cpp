#include "linker.h"

#include "loader_config.h"

#include "device_runtime/image_format.h"

namespace jlremote::loader {

namespace {

// The compiler runtime for each arch, as found at configure time.
llvm::StringRef compilerRuntime(uint8_t Arch) {
  switch (Arch) {
  case kArchThumbV6M:
    return JLREMOTE_RUNTIME_LIB_THUMBV6M;
  case kArchThumbV7M:
    return JLREMOTE_RUNTIME_LIB_THUMBV7M;
  case kArchThumbV7EM:
    return JLREMOTE_RUNTIME_LIB_THUMBV7EM;
  case kArchThumbV7EMHard:
    return JLREMOTE_RUNTIME_LIB_THUMBV7EM_HARD;
  case kArchThumbV8MMain:
    return JLREMOTE_RUNTIME_LIB_THUMBV8M_MAIN;
  case kArchX86_64:
    return JLREMOTE_RUNTIME_LIB_X86_64;
  }
  return "";
}

} // namespace

std::vector<std::string> helperLibraries(uint8_t Arch,
                                         llvm::StringRef DeviceDir) {
  if (archName(Arch) == "unknown")
    return {};
  std::vector<std::string> Paths{
      (DeviceDir + "/helpers-" + archName(Arch) + ".o").str()};
  if (!compilerRuntime(Arch).empty())
    Paths.push_back(compilerRuntime(Arch).str());
  return Paths;
}

} // namespace jlremote::loader
