f(a, b) = a ÷ b
println(f(1, 0))
