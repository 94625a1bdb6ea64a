v = Int64[]
try
    pop!(v)
catch e
    showerror(stdout, e)
    println()
end
try
    throw(ArgumentError("bad argument"))
catch e
    println(e)
end
