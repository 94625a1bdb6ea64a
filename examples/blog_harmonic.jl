# The static-compilation blog's harmonic sums (test1.jl and test6.jl): the
# same sum forwards, over `reverse(1:n)` (which StaticCompiler could not
# compile), and with the blog's `while`-loop workaround. Summed in a
# different order, the backward sums differ from the forward one in the
# last digits.
function test1(n)
    s = 0.0
    for i = 1:n
        s += 1 / i
    end
    return s
end

function test6(n)
    s = 0.0
    for i in reverse(1:n)
        s += 1 / i
    end
    return s
end

function test6_while(n)
    s = 0.0
    i = n
    while i >= 1
        s += 1 / i
        i -= 1
    end
    return s
end

n = 100
println("test1($n) = ", test1(n))
println("test6($n) = ", test6(n))
println("test6_while($n) = ", test6_while(n))
