// Benchmark baseline (tools/bench_frontend.sh): the blog's test1, the n-th
// harmonic number in Float64; harmonic.jl is the same algorithm in Julia.
double harmonic(int n) {
  double s = 0.0;
  for (int i = 1; i <= n; ++i)
    s += 1.0 / i;
  return s;
}
