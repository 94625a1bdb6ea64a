try
    sqrt(-1.0)
catch e
    println(e isa DomainError)
    showerror(stdout, e)
    println()
end
try
    throw(DomainError(-5, "must be positive"))
catch e
    println(e)
end
