x = 3.5
try
    Int64(x)
catch e
    println(e)
    showerror(stdout, e)
    println()
end
try
    floor(Int64, 1e100)
catch e
    showerror(stdout, e)
    println()
end
try
    Int8(300)
catch e
    showerror(stdout, e)
    println()
end
try
    println(unsafe_trunc(Int64, x))
catch e
    println("unexpected")
end
