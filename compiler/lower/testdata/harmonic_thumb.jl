# lower: test1(Int)
# arch: thumbv7m
# The blog's harmonic sum on a 32-bit core: `Int` and the loop are Int32.
function test1(n)
    s = 0.0
    for i = 1:n
        s += 1 / i
    end
    return s
end
