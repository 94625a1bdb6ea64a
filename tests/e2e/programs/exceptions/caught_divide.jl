q(a, b) = div(a, b)
try
    println(q(7, 2))
    println(q(1, 0))
catch e
    println(e)
    showerror(stdout, e)
    println()
end
