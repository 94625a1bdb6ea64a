x = -1.0
println(sqrt(x))
