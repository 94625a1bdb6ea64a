function fetch_at(v, i)
    return v[i]
end
v = [1.0, 2.0, 3.0]
println(fetch_at(v, 4))
