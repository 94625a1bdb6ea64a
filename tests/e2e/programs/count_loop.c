// Loops whose instruction counts are known, for the instruction counting
// test (tests/e2e/bench.cmake): count_loop(n) runs n passes of two
// instructions (subs, bne), so its count grows by exactly 2n; count_twice(n)
// calls it twice through an import stub, the first time through the lazy
// resolver: 4n more, plus a few dozen instructions of stubs and resolver,
// and none of the two image loads it causes.
__attribute__((noinline)) unsigned count_loop(unsigned n) {
  if (n != 0)
    __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+l"(n) : : "cc");
  return n;
}

unsigned count_twice(unsigned n) { return count_loop(n) + count_loop(n); }
