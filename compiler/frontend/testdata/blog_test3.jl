# Blog test3.jl and its workaround.
function test3(x)
    return floor(Int, x)
end

function test3_unsafe(x)
    return unsafe_trunc(Int, floor(x))
end
