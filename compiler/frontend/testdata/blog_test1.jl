# Harmonic sum (the static-compilation blog, test1.jl).
function test1(n)
    s = 0.0
    for i = 1:n
        s += 1 / i
    end
    return s
end
