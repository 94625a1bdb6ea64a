// Square root by Newton's method in Float32 (printed the Julia
// way, 1.4142135f0).
//   jlremote call examples/foundation/newton.c newton_sqrt 2 -> 1.4142135f0
float newton_sqrt(float x) {
  float r = x > 1.0f ? x : 1.0f;
  for (int i = 0; i < 20; ++i)
    r = 0.5f * (r + x / r);
  return r;
}
