// Benchmark baseline (tools/bench_frontend.sh): recursive Fibonacci in
// Int32; fib.jl is the same algorithm in Julia.
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
