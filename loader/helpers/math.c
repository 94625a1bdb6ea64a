// Math functions device code needs that newlib's libm lacks, the same on
// every arch (x86-64 too): roundeven (C23; LLVM's libcall for
// llvm.roundeven, Julia's `round`) and fminimum/fmaximum (C23; Julia's `min`
// and `max`: a NaN argument gives NaN, -0.0 < +0.0). Integer code only, so
// no soft-float helper is pulled in and results are exact on every core.
// Built per arch into helpers-math-<arch>.o (loader/CMakeLists.txt).
#include <stdint.h>

static uint64_t bits64(double x) {
  uint64_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}

static double double64(uint64_t u) {
  double x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

static uint32_t bits32(float x) {
  uint32_t u;
  __builtin_memcpy(&u, &x, sizeof u);
  return u;
}

static float float32(uint32_t u) {
  float x;
  __builtin_memcpy(&x, &u, sizeof x);
  return x;
}

// The double and float versions are one algorithm on the magnitude bits `u`
// (sign cleared) of an IEEE binary format with `f` fraction bits, exponent
// bias `bias`, 1.0 and infinity encoded as `one` and `infinity`: rounds to
// the nearest integer, ties to even; NaN comes back quiet. It works on the
// bit pattern: the format is monotonic in it, so a carry out of the
// fraction steps the exponent correctly.
static uint64_t roundEvenMagnitude(uint64_t u, unsigned f, unsigned bias,
                                   uint64_t one, uint64_t infinity) {
  if (u > infinity) // NaN: quiet it
    return u | (uint64_t)1 << (f - 1);
  const int e = (int)(u >> f) - (int)bias; // unbiased exponent
  if (e >= (int)f)                         // integral already, or infinite
    return u;
  if (e < 0) // |x| < 1: 0.5 rounds to the even 0, above it to 1
    return e == -1 && u != (one - ((uint64_t)1 << f)) ? one : 0;
  const uint64_t FractionMask = ((uint64_t)1 << (f - e)) - 1;
  const uint64_t Half = (FractionMask >> 1) + 1;
  const uint64_t Fraction = u & FractionMask;
  u &= ~FractionMask;
  const uint64_t Unit = FractionMask + 1; // the lowest integer bit
  if (Fraction > Half || (Fraction == Half && (u & Unit)))
    u += Unit;
  return u;
}

double roundeven(double x) {
  const uint64_t U = bits64(x);
  const uint64_t Sign = U & (uint64_t)1 << 63;
  return double64(Sign |
                  roundEvenMagnitude(U & ~Sign, 52, 1023, 0x3FF0000000000000u,
                                     0x7FF0000000000000u));
}

float roundevenf(float x) {
  const uint32_t U = bits32(x);
  const uint32_t Sign = U & (uint32_t)1 << 31;
  return float32(Sign | (uint32_t)roundEvenMagnitude(U & ~Sign, 23, 127,
                                                     0x3F800000u, 0x7F800000u));
}

// An unsigned key that orders numbers as their values do, -0.0 below +0.0.
static uint64_t orderKey64(uint64_t u) {
  return u >> 63 ? ~u : u | (uint64_t)1 << 63;
}

static uint32_t orderKey32(uint32_t u) {
  return u >> 31 ? ~u : u | (uint32_t)1 << 31;
}

static int isNan64(uint64_t u) { return (u << 1) > (0x7FF0000000000000u << 1); }
static int isNan32(uint32_t u) { return (u << 1) > (0x7F800000u << 1); }

double fminimum(double x, double y) {
  const uint64_t X = bits64(x), Y = bits64(y);
  if (isNan64(X) || isNan64(Y))
    return double64((isNan64(X) ? X : Y) | (uint64_t)1 << 51);
  return orderKey64(X) <= orderKey64(Y) ? x : y;
}

double fmaximum(double x, double y) {
  const uint64_t X = bits64(x), Y = bits64(y);
  if (isNan64(X) || isNan64(Y))
    return double64((isNan64(X) ? X : Y) | (uint64_t)1 << 51);
  return orderKey64(X) >= orderKey64(Y) ? x : y;
}

float fminimumf(float x, float y) {
  const uint32_t X = bits32(x), Y = bits32(y);
  if (isNan32(X) || isNan32(Y))
    return float32((isNan32(X) ? X : Y) | (uint32_t)1 << 22);
  return orderKey32(X) <= orderKey32(Y) ? x : y;
}

float fmaximumf(float x, float y) {
  const uint32_t X = bits32(x), Y = bits32(y);
  if (isNan32(X) || isNan32(Y))
    return float32((isNan32(X) ? X : Y) | (uint32_t)1 << 22);
  return orderKey32(X) >= orderKey32(Y) ? x : y;
}

#if defined(__arm__)
// ARM only, where newlib's float versions miss by more than Julia allows
// (loader/README.md, "Math on the device"); helperAlias maps the C names
// here. Each works in double, where the operation is exact or within a
// double ulp, and rounds once to float: within one float ulp.
double pow(double, double);
double scalbn(double, int);

// newlib's __ieee754_powf is 2 ulps off for powf(1.0001f, 1e5f). float
// arguments have the same special cases in double (integer, odd, NaN,
// infinite), and float overflow and underflow happen in the conversion.
float jlremote_powf(float x, float y) { return (float)pow(x, y); }

// newlib's scalbnf flushes results below 2^-149 * 1.5 to zero instead of
// rounding them to 2^-149. In double, x * 2^n is exact for every float x
// while n stays in [-400, 400]; beyond that the float result is 0 or
// infinite either way.
float jlremote_ldexpf(float x, int n) {
  return (float)scalbn(x, n < -400 ? -400 : n > 400 ? 400 : n);
}
#endif
