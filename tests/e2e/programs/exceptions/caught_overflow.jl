try
    Base.checked_add(typemax(Int64), Int64(1))
catch e
    println(e)
    showerror(stdout, e)
    println()
end
try
    throw(OverflowError("counter overflowed"))
catch e
    showerror(stdout, e)
    println()
end
println(Base.checked_mul(Int64(3), Int64(4)))
