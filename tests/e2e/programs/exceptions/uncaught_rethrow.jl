try
    throw(DomainError(2.5, "too big"))
catch e
    println("caught once")
    rethrow()
end
