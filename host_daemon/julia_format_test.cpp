// Expected strings are what Julia 1.11 prints with `show` (REPL display).
#include "julia_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace jlremote::host {
namespace {

TEST(JuliaFormat, Float64Positional) {
  EXPECT_EQ(formatFloat64(1.0), "1.0");
  EXPECT_EQ(formatFloat64(0.1), "0.1");
  EXPECT_EQ(formatFloat64(-2.5), "-2.5");
  EXPECT_EQ(formatFloat64(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(formatFloat64(12345.678), "12345.678");
  EXPECT_EQ(formatFloat64(100000.0), "100000.0");
  EXPECT_EQ(formatFloat64(999999.0), "999999.0");
  EXPECT_EQ(formatFloat64(0.0001), "0.0001");
  EXPECT_EQ(formatFloat64(0.00012), "0.00012");
}

TEST(JuliaFormat, Float64Exponent) {
  EXPECT_EQ(formatFloat64(1e6), "1.0e6");
  EXPECT_EQ(formatFloat64(1234567.0), "1.234567e6");
  EXPECT_EQ(formatFloat64(123456789.0), "1.23456789e8");
  EXPECT_EQ(formatFloat64(1e16), "1.0e16");
  EXPECT_EQ(formatFloat64(1e-5), "1.0e-5");
  EXPECT_EQ(formatFloat64(-1.5e-7), "-1.5e-7");
  EXPECT_EQ(formatFloat64(1.5e300), "1.5e300");
  EXPECT_EQ(formatFloat64(5e-324), "5.0e-324");
  EXPECT_EQ(formatFloat64(std::numeric_limits<double>::max()),
            "1.7976931348623157e308");
}

TEST(JuliaFormat, Float64Special) {
  EXPECT_EQ(formatFloat64(0.0), "0.0");
  EXPECT_EQ(formatFloat64(-0.0), "-0.0");
  EXPECT_EQ(formatFloat64(INFINITY), "Inf");
  EXPECT_EQ(formatFloat64(-INFINITY), "-Inf");
  EXPECT_EQ(formatFloat64(NAN), "NaN");
}

TEST(JuliaFormat, Float32) {
  EXPECT_EQ(formatFloat32(1.5f), "1.5f0");
  EXPECT_EQ(formatFloat32(0.1f), "0.1f0");
  EXPECT_EQ(formatFloat32(1.0f), "1.0f0");
  EXPECT_EQ(formatFloat32(100000.0f), "100000.0f0");
  EXPECT_EQ(formatFloat32(1e6f), "1.0f6");
  EXPECT_EQ(formatFloat32(1e-5f), "1.0f-5");
  EXPECT_EQ(formatFloat32(16777216.0f), "1.6777216f7");
  EXPECT_EQ(formatFloat32(std::numeric_limits<float>::max()), "3.4028235f38");
  EXPECT_EQ(formatFloat32(0.0f), "0.0f0");
  EXPECT_EQ(formatFloat32(-0.0f), "-0.0f0");
  EXPECT_EQ(formatFloat32(INFINITY), "Inf32");
  EXPECT_EQ(formatFloat32(-INFINITY), "-Inf32");
  EXPECT_EQ(formatFloat32(NAN), "NaN32");
}

// Ryu.jl: with :typeinfo Float32 the value is untyped but the exponent
// character stays 'f'; print/string use 'e'.
TEST(JuliaFormat, Float32Styles) {
  EXPECT_EQ(formatFloat32(1.5f, FloatStyle::ShowUntyped), "1.5");
  EXPECT_EQ(formatFloat32(1e-5f, FloatStyle::ShowUntyped), "1.0f-5");
  EXPECT_EQ(formatFloat32(NAN, FloatStyle::ShowUntyped), "NaN");
  EXPECT_EQ(formatFloat32(-INFINITY, FloatStyle::ShowUntyped), "-Inf");
  EXPECT_EQ(formatFloat32(0.0f, FloatStyle::ShowUntyped), "0.0");
  EXPECT_EQ(formatFloat32(1.5f, FloatStyle::Print), "1.5");
  EXPECT_EQ(formatFloat32(1e-5f, FloatStyle::Print), "1.0e-5");
  EXPECT_EQ(formatFloat32(3.4028235e38f, FloatStyle::Print), "3.4028235e38");
  EXPECT_EQ(formatFloat32(100000.0f, FloatStyle::Print), "100000.0");
  EXPECT_EQ(formatFloat32(INFINITY, FloatStyle::Print), "Inf");
  EXPECT_EQ(formatFloat32(NAN, FloatStyle::Print), "NaN");
}

// shortest.jl: positional while -4 < pt <= 6, pt being the decimal point's
// position counted from the first digit.
TEST(JuliaFormat, Float64Thresholds) {
  EXPECT_EQ(formatFloat64(999999.9), "999999.9");
  EXPECT_EQ(formatFloat64(1000000.5), "1.0000005e6");
  EXPECT_EQ(formatFloat64(0.00099), "0.00099");
  EXPECT_EQ(formatFloat64(0.000099), "9.9e-5");
  EXPECT_EQ(formatFloat64(2.5e-308), "2.5e-308");
  EXPECT_EQ(formatFloat64(1e100), "1.0e100");
  EXPECT_EQ(formatFloat64(123456.789), "123456.789");
}

} // namespace
} // namespace jlremote::host
