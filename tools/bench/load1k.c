// About 1 KB of Thumb code with no calls out: the image the load benchmark
// times (tools/bench_foundation.sh). Each round mixes in its own constants,
// so nothing folds away.
// clang-format does not settle on these macro lists.
// clang-format off
#define ROUND(k)                                                               \
  x = (x ^ (0x9E3779B1u * (k))) * (0x85EBCA6Bu + 2u * (k)) +                   \
      (x >> ((k) % 29 + 1));
#define ROUNDS8(k)                                                             \
  ROUND(k)                                                                     \
  ROUND(k + 1) ROUND(k + 2) ROUND(k + 3) ROUND(k + 4) ROUND(k + 5)             \
      ROUND(k + 6) ROUND(k + 7)
// clang-format on

unsigned load1k(unsigned x) {
  ROUNDS8(1)
  ROUNDS8(9) ROUNDS8(17) ROUNDS8(25) ROUNDS8(33) ROUNDS8(41) return x;
}
