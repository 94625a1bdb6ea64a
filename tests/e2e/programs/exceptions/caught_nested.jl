function inner()
    try
        error("inner failure")
    catch e
        println("inner caught: ", e)
        throw(ArgumentError("from inner"))
    end
end
try
    try
        inner()
    catch e
        println("middle caught: ", e)
        rethrow()
    end
catch e
    println("outer caught: ", e)
end
