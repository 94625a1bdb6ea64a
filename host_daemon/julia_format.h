// Numbers printed the way Julia 1.11 prints them (base/ryu/Ryu.jl and
// base/ryu/shortest.jl, `writeshortest`):
//   Float64: 1.0  0.1  100000.0  1.0e6  1.0e-5  1.23456789e8  -0.0  Inf  NaN
//   Float32 under show:       1.5f0  1.0f-5  1.0f6  Inf32  NaN32
//   Float32 in a Float32 container (`:typeinfo` is Float32): 1.5  1.0f-5  NaN
//   Float32 under print/string: 1.5  1.0e-5  Inf  NaN
// Digits are the shortest that round-trip (std::to_chars, as Ryu); the form
// is positional when the decimal point falls within -4 < pt <= 6 digits of
// the first digit, exponent form otherwise.
#pragma once

#include <string>

namespace jlremote::host {

/// Which of Julia's entry points writes the Float32 (Float64 is written the
/// same way by all of them).
enum class FloatStyle {
  Show,        ///< `show`/`repr`: typed, `1.5f0`, `1.0f-5`, `NaN32`
  ShowUntyped, ///< `show` with `:typeinfo => Float32`: `1.5`, `1.0f-5`
  Print,       ///< `print`/`string`/interpolation: `1.5`, `1.0e-5`
};

std::string formatFloat64(double Value);
std::string formatFloat32(float Value, FloatStyle Style = FloatStyle::Show);

} // namespace jlremote::host
