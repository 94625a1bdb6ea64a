// Math on the device against the host's C library (tests/e2e/math.cmake;
// loader/README.md, "Math on the device"). Built twice from this file:
// - for the host with -DMATH_PROBE_EXPECTATIONS: main() evaluates every row
//   with the host's glibc and writes math_probe_expected.h (result bits);
// - for the device by `jlremote call`, next to that header: check_<name>
//   evaluates the rows of one function on the device (newlib's libm members
//   shipped as images on ARM, the runtime's libm slots on the POSIX device,
//   our helpers for roundeven and fminimum) and compares with glibc's bits;
//   math_check runs them all.
// One table and one check function per math function, so that each image
// carries only its own rows (the micro:bit has about 2 KB for images). No C
// library headers: the device build has none.
#include <stdint.h>

double sin(double), cos(double), tan(double), atan(double), exp(double),
    exp2(double), log(double), pow(double, double), fmod(double, double),
    sqrt(double), floor(double), ceil(double), trunc(double), round(double),
    roundeven(double), rint(double), fmin(double, double), fmax(double, double),
    fminimum(double, double), fmaximum(double, double), ldexp(double, int);
float sinf(float), cosf(float), tanf(float), atanf(float), expf(float),
    exp2f(float), logf(float), powf(float, float), fmodf(float, float),
    sqrtf(float), floorf(float), ceilf(float), truncf(float), roundf(float),
    roundevenf(float), rintf(float), fminf(float, float), fmaxf(float, float),
    fminimumf(float, float), fmaximumf(float, float), ldexpf(float, int);

struct Row {
  double X, Y;
};
struct RowF {
  float X, Y;
};

#define INF (1.0 / 0.0)
#define NAN_ (0.0 / 0.0)

// Special values, ties and argument ranges that take other code paths
// (large arguments of sin/cos/tan need the multi-word reduction).
static const struct Row kRows_sin[] = {{0.0, 0},
                                       {-0.0, 0},
                                       {0.5, 0},
                                       {-1.0, 0},
                                       {3.141592653589793, 0},
                                       {100.0, 0},
                                       {1e22, 0},
                                       {1.7976931348623157e308, 0},
                                       {INF, 0},
                                       {NAN_, 0}};

static const struct Row kRows_cos[] = {
    {0.0, 0},   {-0.0, 0}, {1e-300, 0}, {1.5707963267948966, 0},
    {-10.0, 0}, {1e22, 0}, {INF, 0}};

static const struct Row kRows_tan[] = {
    {-0.0, 0}, {0.75, 0}, {1.5707963267948966, 0}, {1e300, 0}, {NAN_, 0}};

static const struct Row kRows_atan[] = {
    {0.0, 0}, {-0.0, 0}, {0.5, 0}, {-2.0, 0}, {1e300, 0}, {-INF, 0}, {NAN_, 0}};

static const struct Row kRows_exp[] = {
    {0.0, 0},    {-0.0, 0},   {1.0, 0}, {-1.0, 0}, {709.7, 0}, {710.0, 0},
    {-745.0, 0}, {-746.0, 0}, {INF, 0}, {-INF, 0}, {NAN_, 0}};

static const struct Row kRows_exp2[] = {{0.0, 0},    {0.5, 0},    {-1.0, 0},
                                        {1023.5, 0}, {1024.0, 0}, {-1074.0, 0},
                                        {-INF, 0}};

static const struct Row kRows_log[] = {
    {1.0, 0}, {2.0, 0},  {0.5, 0},  {1e-310, 0}, {1e308, 0},
    {0.0, 0}, {-0.0, 0}, {-1.0, 0}, {INF, 0},    {NAN_, 0}};

static const struct Row kRows_pow[] = {
    {2.0, 10.0},   {2.0, 0.5},       {-2.0, 3.0},    {-2.0, 0.5}, {10.0, -3.0},
    {0.0, -1.0},   {-0.0, -1.0},     {-0.0, 3.0},    {1.0, NAN_}, {NAN_, 0.0},
    {0.5, 1000.0}, {1.0000001, 1e9}, {2.0, -1074.0}, {INF, -1.0}, {-INF, 3.0},
    {-1.0, INF},   {1.5, 1e6}};

static const struct Row kRows_fmod[] = {{5.5, 2.0}, {-5.5, 2.0}, {1e300, 3.0},
                                        {5.0, INF}, {INF, 2.0},  {1.0, 0.0},
                                        {-0.0, 1.0}};

static const struct Row kRows_sqrt[] = {{0.0, 0},    {-0.0, 0},  {2.0, 0},
                                        {1e-310, 0}, {1e308, 0}, {INF, 0},
                                        {-1.0, 0}};

static const struct Row kRows_floor[] = {
    {-0.5, 0}, {2.5, 0}, {-0.0, 0}, {-1e-300, 0}, {4503599627370495.5, 0},
    {-INF, 0}};

static const struct Row kRows_ceil[] = {
    {-0.5, 0}, {2.5, 0}, {0.0, 0}, {1e-300, 0}, {-4503599627370495.5, 0},
    {NAN_, 0}};

static const struct Row kRows_trunc[] = {
    {-0.5, 0}, {2.7, 0}, {-2.7, 0}, {1e300, 0}};

static const struct Row kRows_round[] = {
    {0.5, 0}, {-0.5, 0}, {2.5, 0}, {-2.5, 0}, {0.49999999999999994, 0}};

static const struct Row kRows_roundeven[] = {{0.5, 0},
                                             {-0.5, 0},
                                             {1.5, 0},
                                             {2.5, 0},
                                             {-2.5, 0},
                                             {-0.0, 0},
                                             {0.49999999999999994, 0},
                                             {4503599627370495.5, 0},
                                             {1e300, 0},
                                             {-INF, 0},
                                             {NAN_, 0}};

static const struct Row kRows_rint[] = {
    {0.5, 0}, {1.5, 0}, {-2.5, 0}, {-0.2, 0}};

static const struct Row kRows_fmin[] = {
    {1.0, 2.0}, {NAN_, 1.0}, {1.0, NAN_}, {-INF, 0.0}};

static const struct Row kRows_fmax[] = {{1.0, 2.0}, {NAN_, 1.0}, {-3.0, -2.0}};

static const struct Row kRows_fminimum[] = {
    {1.0, 2.0}, {0.0, -0.0}, {-0.0, 0.0}, {NAN_, 1.0}, {-INF, 1e308}};

static const struct Row kRows_fmaximum[] = {
    {1.0, 2.0}, {0.0, -0.0}, {-0.0, 0.0}, {1.0, NAN_}};

static const struct Row kRows_ldexp[] = {{1.0, 10}, {1.0, -1074},  {1.0, 1024},
                                         {-3.0, 2}, {0.75, -1074}, {-0.0, 5}};

static const struct RowF kRows_sinf[] = {
    {0.0, 0},   {-0.0, 0}, {0.5, 0},           {3.14159274, 0},
    {100.0, 0}, {1e20, 0}, {3.40282347e38, 0}, {INF, 0}};

static const struct RowF kRows_cosf[] = {
    {0.0, 0}, {1.57079637, 0}, {-10.0, 0}, {1e20, 0}};

static const struct RowF kRows_tanf[] = {{-0.0, 0}, {0.75, 0}, {1e30, 0}};

static const struct RowF kRows_atanf[] = {
    {0.5, 0}, {-2.0, 0}, {1e30, 0}, {-INF, 0}};

static const struct RowF kRows_expf[] = {{0.0, 0},    {1.0, 0},  {-1.0, 0},
                                         {88.7, 0},   {89.0, 0}, {-103.0, 0},
                                         {-104.0, 0}, {-INF, 0}};

static const struct RowF kRows_exp2f[] = {
    {0.5, 0}, {-1.0, 0}, {127.5, 0}, {-149.0, 0}};

static const struct RowF kRows_logf[] = {
    {1.0, 0}, {2.0, 0}, {1e-40, 0}, {3e38, 0}, {0.0, 0}, {-1.0, 0}, {INF, 0}};

static const struct RowF kRows_powf[] = {
    {2.0, 10.0},  {2.0, 0.5},    {-2.0, 3.0},   {-2.0, 0.5},
    {0.0, -1.0},  {-0.0, -1.0},  {1.0, NAN_},   {NAN_, 0.0},
    {0.5, 100.0}, {1.0001, 1e5}, {2.0, -149.0}, {1.5, 200.0}};

static const struct RowF kRows_fmodf[] = {
    {5.5, 2.0}, {-5.5, 2.0}, {1e30, 3.0}, {1.0, 0.0}};

static const struct RowF kRows_sqrtf[] = {
    {-0.0, 0}, {2.0, 0}, {1e-40, 0}, {-1.0, 0}};

static const struct RowF kRows_floorf[] = {
    {-0.5, 0}, {-0.0, 0}, {8388607.5, 0}};

static const struct RowF kRows_ceilf[] = {{-0.5, 0}, {2.5, 0}};

static const struct RowF kRows_truncf[] = {{-2.7, 0}, {1e30, 0}};

static const struct RowF kRows_roundf[] = {{0.5, 0}, {-2.5, 0}};

static const struct RowF kRows_roundevenf[] = {
    {0.5, 0}, {-0.5, 0}, {2.5, 0}, {-3.5, 0}, {8388607.5, 0}, {NAN_, 0}};

static const struct RowF kRows_rintf[] = {{1.5, 0}, {-2.5, 0}};

static const struct RowF kRows_fminf[] = {{NAN_, 1.0}};

static const struct RowF kRows_fmaxf[] = {{-3.0, -2.0}};

static const struct RowF kRows_fminimumf[] = {{0.0, -0.0}, {NAN_, 1.0}};

static const struct RowF kRows_fmaximumf[] = {{-0.0, 0.0}};

static const struct RowF kRows_ldexpf[] = {
    {1.0, -149}, {1.0, 128}, {0.75, -149}};

// name, ulps allowed (1 where the C library's result is not exact
// either; 0 for functions that round exactly), the call.

#define DOUBLE_FUNCTIONS(X)                                                    \
  X(sin, 1, sin(x))                                                            \
  X(cos, 1, cos(x))                                                            \
  X(tan, 1, tan(x))                                                            \
  X(atan, 1, atan(x))                                                          \
  X(exp, 1, exp(x))                                                            \
  X(exp2, 1, exp2(x))                                                          \
  X(log, 1, log(x))                                                            \
  X(pow, 1, pow(x, y))                                                         \
  X(fmod, 0, fmod(x, y))                                                       \
  X(sqrt, 0, sqrt(x))                                                          \
  X(floor, 0, floor(x))                                                        \
  X(ceil, 0, ceil(x))                                                          \
  X(trunc, 0, trunc(x))                                                        \
  X(round, 0, round(x))                                                        \
  X(roundeven, 0, roundeven(x))                                                \
  X(rint, 0, rint(x))                                                          \
  X(fmin, 0, fmin(x, y))                                                       \
  X(fmax, 0, fmax(x, y))                                                       \
  X(fminimum, 0, fminimum(x, y))                                               \
  X(fmaximum, 0, fmaximum(x, y))                                               \
  X(ldexp, 0, ldexp(x, (int)y))

#define FLOAT_FUNCTIONS(X)                                                     \
  X(sinf, 1, sinf(x))                                                          \
  X(cosf, 1, cosf(x))                                                          \
  X(tanf, 1, tanf(x))                                                          \
  X(atanf, 1, atanf(x))                                                        \
  X(expf, 1, expf(x))                                                          \
  X(exp2f, 1, exp2f(x))                                                        \
  X(logf, 1, logf(x))                                                          \
  X(powf, 1, powf(x, y))                                                       \
  X(fmodf, 0, fmodf(x, y))                                                     \
  X(sqrtf, 0, sqrtf(x))                                                        \
  X(floorf, 0, floorf(x))                                                      \
  X(ceilf, 0, ceilf(x))                                                        \
  X(truncf, 0, truncf(x))                                                      \
  X(roundf, 0, roundf(x))                                                      \
  X(roundevenf, 0, roundevenf(x))                                              \
  X(rintf, 0, rintf(x))                                                        \
  X(fminf, 0, fminf(x, y))                                                     \
  X(fmaxf, 0, fmaxf(x, y))                                                     \
  X(fminimumf, 0, fminimumf(x, y))                                             \
  X(fmaximumf, 0, fmaximumf(x, y))                                             \
  X(ldexpf, 0, ldexpf(x, (int)y))

#define COUNT(a) ((int32_t)(sizeof a / sizeof a[0]))

// Row i's result bits. Inputs are read through volatile so that no compiler
// folds the call at build time.
#define EVALUATE(name, Row, Type, Bits, call)                                  \
  static Bits eval_##name(int32_t i) {                                         \
    const volatile struct Row *R = &kRows_##name[i];                           \
    const Type x = R->X, y = R->Y;                                             \
    (void)y;                                                                   \
    const Type v = call;                                                       \
    Bits b;                                                                    \
    __builtin_memcpy(&b, &v, sizeof b);                                        \
    return b;                                                                  \
  }
#define EVALUATE_DOUBLE(name, ulps, call)                                      \
  EVALUATE(name, Row, double, uint64_t, call)
#define EVALUATE_FLOAT(name, ulps, call)                                       \
  EVALUATE(name, RowF, float, uint32_t, call)
DOUBLE_FUNCTIONS(EVALUATE_DOUBLE)
FLOAT_FUNCTIONS(EVALUATE_FLOAT)

#ifdef MATH_PROBE_EXPECTATIONS
#include <stdio.h>

int main(void) {
  printf("// Generated by math_probe.c (MATH_PROBE_EXPECTATIONS): the host C "
         "library's\n// result bits for each row.\n");
#define PRINT(name, ulps, call)                                                \
  printf("static const uint%d_t kExpected_" #name "[] = {",                    \
         (int)sizeof eval_##name(0) * 8);                                      \
  for (int32_t I = 0; I < COUNT(kRows_##name); ++I)                            \
    printf("%s0x%llx", I ? ", " : "", (unsigned long long)eval_##name(I));     \
  printf("};\n");
  DOUBLE_FUNCTIONS(PRINT)
  FLOAT_FUNCTIONS(PRINT)
  return 0;
}
#else
#include "math_probe_expected.h"

// Within `ulps` of the expected bits: NaN matches any NaN; otherwise the
// same sign and both finite (or equal bits). Adjacent numbers of one sign
// differ by one in their bit patterns.
static int32_t close64(uint64_t got, uint64_t expected, uint64_t ulps) {
  const uint64_t Magnitude = ~0ull >> 1, Infinity = 0x7FF0000000000000ull;
  const uint64_t G = got & Magnitude, E = expected & Magnitude;
  if ((G > Infinity && E > Infinity) || got == expected)
    return 1;
  if ((got ^ expected) >> 63 || G >= Infinity || E >= Infinity)
    return 0;
  return (G > E ? G - E : E - G) <= ulps;
}

static int32_t close32(uint32_t got, uint32_t expected, uint32_t ulps) {
  const uint32_t Magnitude = ~0u >> 1, Infinity = 0x7F800000u;
  const uint32_t G = got & Magnitude, E = expected & Magnitude;
  if ((G > Infinity && E > Infinity) || got == expected)
    return 1;
  if ((got ^ expected) >> 31 || G >= Infinity || E >= Infinity)
    return 0;
  return (G > E ? G - E : E - G) <= ulps;
}

// check_<name>: 0 when every row of the function is within tolerance of
// glibc, else 1 + the first row that is not. Never inlined into the callers
// below: each stays its own image, evicted once done.
#define CHECK(name, ulps, call, close)                                         \
  __attribute__((noinline)) int32_t check_##name(void) {                       \
    for (int32_t I = 0; I < COUNT(kRows_##name); ++I)                          \
      if (!close(eval_##name(I), kExpected_##name[I], ulps))                   \
        return I + 1;                                                          \
    return 0;                                                                  \
  }
#define CHECK_DOUBLE(name, ulps, call) CHECK(name, ulps, call, close64)
#define CHECK_FLOAT(name, ulps, call) CHECK(name, ulps, call, close32)
DOUBLE_FUNCTIONS(CHECK_DOUBLE)
FLOAT_FUNCTIONS(CHECK_FLOAT)

// Float64, then Float32: 0, or 100 * the function's position in its list
// (from 1) + the failing row (from 1).
#define RUN(name, ulps, call)                                                  \
  ++Position;                                                                  \
  if ((Row = check_##name()) != 0)                                             \
    return 100 * Position + Row;
int32_t math_check_double(void) {
  int32_t Position = 0, Row;
  DOUBLE_FUNCTIONS(RUN)
  return 0;
}

int32_t math_check_float(void) {
  int32_t Position = 0, Row;
  FLOAT_FUNCTIONS(RUN)
  return 0;
}

// Every function: as above, the Float32 positions after the Float64 ones.
#define ONE(name, ulps, call) +1
enum { kDoubleFunctions = 0 DOUBLE_FUNCTIONS(ONE) };
int32_t math_check(void) {
  const int32_t Double = math_check_double();
  if (Double)
    return Double;
  const int32_t Float = math_check_float();
  return Float ? Float + 100 * kDoubleFunctions : 0;
}

// Our helpers (loader/helpers/math.c), integer code that fits anywhere:
// 0, or 100 * the position in this list (from 1) + the failing row.
#define HELPER_FUNCTIONS(X)                                                    \
  X(roundeven) X(roundevenf) X(fminimum) X(fminimumf) X(fmaximum) X(fmaximumf)

int32_t math_check_helpers(void) {
  int32_t Position = 0, Row;
#define RUN_HELPER(name) RUN(name, , )
  HELPER_FUNCTIONS(RUN_HELPER)
  return 0;
}
#endif
