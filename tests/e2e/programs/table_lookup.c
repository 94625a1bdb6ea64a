// (e) A function that reads a constant lookup table (read-only data travels
// inside the function's image).
static const unsigned short kPrimes[16] = {2,  3,  5,  7,  11, 13, 17, 19,
                                           23, 29, 31, 37, 41, 43, 47, 53};

int prime_weighted_sum(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += kPrimes[i & 15] * (i + 1);
  return sum;
}
