// Numbers printed the way Julia's `show` prints them (base/ryu/shortest.jl,
// writeshortest with Julia's show options), so results read like the REPL:
//   Float64: 1.0  0.1  100000.0  1.0e6  1.0e-5  1.23456789e8  -0.0  Inf  NaN
//   Float32: 1.5f0  1.0f-5  1.0f6  Inf32  NaN32
// Digits are the shortest that round-trip (std::to_chars, as Ryu); the form
// is positional when the decimal point falls within -4 < pt <= 6 digits of
// the first digit, exponent form otherwise.
#pragma once

#include <string>

namespace jlremote::host {

std::string formatFloat64(double Value);
std::string formatFloat32(float Value);

} // namespace jlremote::host
