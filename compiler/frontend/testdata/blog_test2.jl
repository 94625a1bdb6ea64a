# Type-unstable variant (blog test2.jl): parses; inference rejects it later.
function test2(n)
    s = 0
    for i = 1:n
        s += 1 / i
    end
    return s
end
