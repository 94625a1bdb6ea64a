#include "julia_format.h"

#include "llvm/Support/ErrorHandling.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace jlremote::host {
namespace {

// Julia's writeshortest layout, from the shortest digits and the decimal
// exponent of their first digit. `Typed` adds Float32's `f0` / `32` suffixes
// (shortest.jl); `ExpChar` is 'f' for Float32 under show, 'e' otherwise
// (Ryu.jl: `(x isa Float32 && !fromprint) ? 'f' : 'e'`).
template <typename T> std::string format(T Value, bool Typed, char ExpChar) {
  const char *Suffix = Typed ? "32" : "";
  if (std::isnan(Value))
    return std::string("NaN") + Suffix;
  std::string Out = std::signbit(Value) ? "-" : "";
  if (std::isinf(Value))
    return Out + "Inf" + Suffix;
  if (Value == 0)
    return Out + (Typed ? "0.0f0" : "0.0");

  // "d.ddde±x": shortest round-trip digits in scientific form.
  char Buffer[64];
  const auto Result =
      std::to_chars(Buffer, Buffer + sizeof(Buffer), std::fabs(Value),
                    std::chars_format::scientific);
  const std::string_view Text(Buffer, Result.ptr - Buffer);
  const size_t E = Text.find('e');
  std::string Digits;
  for (char C : Text.substr(0, E))
    if (C != '.')
      Digits += C;
  int Exp10 = 0;
  std::string_view ExpText = Text.substr(E + 1);
  if (ExpText.front() == '+')
    ExpText.remove_prefix(1);
  std::from_chars(ExpText.data(), ExpText.data() + ExpText.size(), Exp10);

  const int Length = int(Digits.size());
  const int Point = Exp10 + 1; // digits before the decimal point
  if (-4 < Point && Point <= 6) {
    if (Point <= 0)
      Out += "0." + std::string(-Point, '0') + Digits;
    else if (Point >= Length)
      Out += Digits + std::string(Point - Length, '0') + ".0";
    else
      Out += Digits.substr(0, Point) + "." + Digits.substr(Point);
    return Typed ? Out + "f0" : Out;
  }
  Out += Digits.substr(0, 1) + "." + (Length > 1 ? Digits.substr(1) : "0");
  return Out + ExpChar + std::to_string(Exp10);
}

} // namespace

std::string formatFloat64(double Value) { return format(Value, false, 'e'); }

std::string formatFloat32(float Value, FloatStyle Style) {
  switch (Style) {
  case FloatStyle::Show:
    return format(Value, true, 'f');
  case FloatStyle::ShowUntyped:
    return format(Value, false, 'f');
  case FloatStyle::Print:
    return format(Value, false, 'e');
  }
  llvm_unreachable("FloatStyle");
}

} // namespace jlremote::host
