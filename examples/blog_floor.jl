# The blog's test3.jl: `floor(Int, x)` checks that the result fits an Int
# (an InexactError otherwise), `unsafe_trunc(Int, floor(x))` does not.
function test3(x)
    return floor(Int, x)
end

function test3_unsafe(x)
    return unsafe_trunc(Int, floor(x))
end

x = 1234.5678
println("floor(Int, $x) = ", test3(x))
println("floor(Int, ", -x, ") = ", test3(-x))
println("unsafe_trunc(Int, floor(2.5)) = ", test3_unsafe(2.5))
println("unsafe_trunc(Int, floor(-2.5)) = ", test3_unsafe(-2.5))
