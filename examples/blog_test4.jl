# The blog's test4 (seeds/002): a function that allocates, which
# StaticCompiler.jl refuses to compile; here `ones(Int, 3)` comes from the
# device's heap.
function test4()
    x = ones(Int, 3)
    return length(x)
end

println("test4() = ", test4())
