// Recursive Fibonacci: a function that calls itself.
//   jlremote call examples/foundation/fib.c fib 20      -> 6765
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
