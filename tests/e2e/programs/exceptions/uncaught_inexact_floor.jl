x = 1e100
println(floor(Int64, x))
