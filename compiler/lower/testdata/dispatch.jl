# lower: total(Int) area(Float64) area(Int32)
# Specialisation on demand, the most specific method, recursion.
area(x) = 0
area(x::Real) = 1
area(x::Integer) = 2
fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)
total(n) = fib(n) + area(n) + area(Float32(n))
