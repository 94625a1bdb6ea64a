function check(x)
    x > 10 && error("x = $x is too large")
    return x
end
println(check(5))
try
    check(42)
catch e
    showerror(stdout, e)
    println()
end
