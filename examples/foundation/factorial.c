// A 64-bit result: returned in r0:r1 on 32-bit ARM.
//   jlremote call examples/foundation/factorial.c factorial 20 ->
//   2432902008176640000
long long factorial(int n) {
  long long p = 1;
  for (int k = 2; k <= n; ++k)
    p *= k;
  return p;
}
