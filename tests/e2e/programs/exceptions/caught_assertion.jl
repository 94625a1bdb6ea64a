x = -1
try
    @assert x > 0
catch e
    println(e)
    showerror(stdout, e)
    println()
end
try
    @assert x > 0 "x must be positive"
catch e
    showerror(stdout, e)
    println()
end
