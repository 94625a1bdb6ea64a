// Two functions, two images: sum_of_squares is loaded first, and square when
// sum_of_squares first calls it.
//   jlremote call examples/foundation/squares.c sum_of_squares 10 -> 385
__attribute__((noinline)) int square(int x) { return x * x; }

int sum_of_squares(int n) {
  int s = 0;
  for (int k = 1; k <= n; ++k)
    s += square(k);
  return s;
}
