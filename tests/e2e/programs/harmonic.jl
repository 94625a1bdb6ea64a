# The harmonic sum, for the build command's tests.
function harmonic(n)
    s = 0.0
    for i in 1:n
        s += 1 / i
    end
    return s
end

println(harmonic(10))
