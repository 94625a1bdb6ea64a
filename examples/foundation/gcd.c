// Euclid, unsigned: the result is printed as an unsigned number when the
// IR says zeroext (C's unsigned on the targets that extend results).
//   jlremote call examples/foundation/gcd.c gcd 1071 462 -> 21
unsigned gcd(unsigned a, unsigned b) {
  while (b != 0) {
    unsigned t = a % b;
    a = b;
    b = t;
  }
  return a;
}
