# Benchmark (tools/bench_frontend.sh): recursive Fibonacci in Int (Int32 on
# the Cortex-M3); fib.c is the C baseline.
fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)

println(fib(20))
