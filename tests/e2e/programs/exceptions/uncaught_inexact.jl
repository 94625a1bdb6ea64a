x = 3.5
println(Int64(x))
