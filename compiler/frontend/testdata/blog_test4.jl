# Blog test4.jl: allocates a vector.
function test4()
    x = ones(Int, 3)
    return length(x)
end
