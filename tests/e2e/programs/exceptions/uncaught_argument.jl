v = Float64[]
pop!(v)
