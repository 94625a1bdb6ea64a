v = zeros(100000000)
println(length(v))
