// (b) The Float32 variant.
float harmonic32(int n) {
  float sum = 0.0f;
  for (int i = 1; i <= n; ++i)
    sum += 1.0f / (float)i;
  return sum;
}
