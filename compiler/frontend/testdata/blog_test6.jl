# Blog test6.jl: reverse range iteration, and the while-loop workaround.
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
