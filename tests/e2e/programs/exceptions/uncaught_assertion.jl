function check(x)
    @assert x > 0
    return x
end
check(-2)
