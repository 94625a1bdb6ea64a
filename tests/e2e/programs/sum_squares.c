// (d) A function that calls another, not yet loaded, function.
__attribute__((noinline)) int square(int x) { return x * x; }

int sum_squares(int n) {
  int sum = 0;
  for (int i = 1; i <= n; ++i)
    sum += square(i);
  return sum;
}
