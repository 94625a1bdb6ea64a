# Two mistakes a Julia user makes: a call no method accepts, and a value
# whose type depends on the path taken.
double(x::Int) = 2x

function unstable(n)
    s = 0
    for i in 1:n
        s += 1 / i
    end
    return s
end

println(double(1.5))
println(unstable(10))
