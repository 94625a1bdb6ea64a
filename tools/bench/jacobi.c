// Benchmark baseline (tools/bench_frontend.sh): the Jacobi relaxation of
// the ePython paper (seeds/004; ePython's examples/jacobi.py, sequential):
// Laplace's equation in one dimension on NX = 100 points, boundaries 1 and
// 10, iterated while the relative residual is at least 1e-4, at most
// max_its times. Returns the squared relative residual of the last
// iteration (the paper's norm squared: the comparison needs no sqrt, and a
// C image has no libm to call). jacobi.jl is the same algorithm in Julia.
#define NX 100

static double residual(const double *u) {
  double r = 0.0;
  for (int i = 1; i <= NX; ++i) {
    const double d = u[i] * 2 - u[i - 1] - u[i + 1];
    r += d * d;
  }
  return r;
}

double jacobi(int max_its) {
  double u[NX + 2], unew[NX + 2];
  for (int i = 0; i < NX + 2; ++i)
    u[i] = 0.0;
  u[0] = 1.0;
  u[NX + 1] = 10.0;
  const double bnorm = residual(u);
  double norm = 1.0;
  for (int its = 0; norm >= 1e-8 && its < max_its; ++its) {
    norm = residual(u) / bnorm;
    for (int i = 1; i <= NX; ++i)
      unew[i] = 0.5 * (u[i - 1] + u[i + 1]);
    for (int i = 1; i <= NX; ++i)
      u[i] = unew[i];
  }
  return norm;
}
