// Benchmark baseline (tools/bench_frontend.sh): a biquad low-pass (RBJ
// cookbook, fc = 1 kHz at fs = 48 kHz, Q = 1/sqrt(2)) in direct form II
// transposed, over n samples of a generated signal: a square wave of period
// 50 samples plus a ripple of period 7. Returns the sum of the output so
// that nothing is optimised away. biquad.jl is the same algorithm in Julia,
// in Float64 and in Float32.
#define BIQUAD(NAME, T, C)                                                     \
  T NAME(int n) {                                                              \
    const T b0 = C(0.003916126660547383), b1 = C(0.007832253321094766),        \
            b2 = C(0.003916126660547383), a1 = C(-1.815341082704568),          \
            a2 = C(0.8310055893467576);                                        \
    T z1 = 0, z2 = 0, sum = 0;                                                 \
    for (int k = 0; k < n; ++k) {                                              \
      T x = (k / 25) % 2 == 0 ? C(1.0) : C(-1.0);                              \
      x += C(0.125) * (T)(k % 7 - 3);                                          \
      const T y = b0 * x + z1;                                                 \
      z1 = b1 * x - a1 * y + z2;                                               \
      z2 = b2 * x - a2 * y;                                                    \
      sum += y;                                                                \
    }                                                                          \
    return sum;                                                                \
  }
#define F64(x) x
#define F32(x) x##f
BIQUAD(biquad, double, F64)
BIQUAD(biquad32, float, F32)
