v = [1.0, 2.0, 3.0]
try
    v[4]
catch e
    println(e isa BoundsError)
    showerror(stdout, e)
    println()
end
A = zeros(2, 3)
try
    A[3, 1] = 1.0
catch e
    showerror(stdout, e)
    println()
end
s = 0.0
@inbounds for i in 1:3
    s += v[i]
end
println(s)
