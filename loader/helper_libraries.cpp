#include "linker.h"

#include "loader_config.h"

#include "device_runtime/image_format.h"

#include "llvm/ADT/StringSwitch.h"

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

// newlib's libm.a of the same multilib as the compiler runtime; none on
// x86-64, where the POSIX device's own C library serves through runtime
// slots (device_runtime/runtime_slots.h).
llvm::StringRef mathLibrary(uint8_t Arch) {
  switch (Arch) {
  case kArchThumbV6M:
    return JLREMOTE_LIBM_THUMBV6M;
  case kArchThumbV7M:
    return JLREMOTE_LIBM_THUMBV7M;
  case kArchThumbV7EM:
    return JLREMOTE_LIBM_THUMBV7EM;
  case kArchThumbV7EMHard:
    return JLREMOTE_LIBM_THUMBV7EM_HARD;
  case kArchThumbV8MMain:
    return JLREMOTE_LIBM_THUMBV8M_MAIN;
  }
  return "";
}

} // namespace

std::vector<std::string> helperLibraries(uint8_t Arch,
                                         llvm::StringRef DeviceDir) {
  if (archName(Arch) == "unknown")
    return {};
  std::vector<std::string> Paths{
      (DeviceDir + "/helpers-" + archName(Arch) + ".o").str(),
      (DeviceDir + "/helpers-math-" + archName(Arch) + ".o").str()};
  for (llvm::StringRef Library : {compilerRuntime(Arch), mathLibrary(Arch)})
    if (!Library.empty())
      Paths.push_back(Library.str());
  return Paths;
}

llvm::StringRef helperAlias(uint8_t Arch, llvm::StringRef Symbol) {
  if (Arch == kArchX86_64 || archName(Arch) == "unknown")
    return "";
  // newlib's public exp, log, pow, fmod, sqrt and ldexp (w_*.o, s_ldexp.o)
  // only add errno and SVID error handling (__errno, __fdlib_version) around
  // the kernels they call with the same arguments; Julia has no errno and
  // checks domains itself. ldexp(x, n) is scalbn(x, n) in base 2. powf and
  // ldexpf go to helpers/math.c, which computes them in double: newlib's
  // float kernels miss by more than one ulp (powf(1.0001f, 1e5f): 2 ulps;
  // ldexpf(0.75f, -149): 0 instead of 2^-149).
  return llvm::StringSwitch<llvm::StringRef>(Symbol)
      .Case("exp", "__ieee754_exp")
      .Case("log", "__ieee754_log")
      .Case("pow", "__ieee754_pow")
      .Case("fmod", "__ieee754_fmod")
      .Case("sqrt", "__ieee754_sqrt")
      .Case("ldexp", "scalbn")
      .Case("expf", "__ieee754_expf")
      .Case("logf", "__ieee754_logf")
      .Case("powf", "jlremote_powf")
      .Case("fmodf", "__ieee754_fmodf")
      .Case("sqrtf", "__ieee754_sqrtf")
      .Case("ldexpf", "jlremote_ldexpf")
      .Default("");
}

} // namespace jlremote::loader
