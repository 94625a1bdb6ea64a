// The n-th harmonic number in Float64. On a Cortex-M3 (no FPU) the double
// arithmetic calls soft-float helpers, which the device loads on demand.
//   jlremote call examples/foundation/harmonic.c harmonic 10
//   -> 2.9289682539682538
double harmonic(int n) {
  double sum = 0.0;
  for (int k = 1; k <= n; ++k)
    sum += 1.0 / k;
  return sum;
}
