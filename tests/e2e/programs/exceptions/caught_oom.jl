try
    v = zeros(100000000)
    println(length(v))
catch e
    println(e isa OutOfMemoryError)
    println(e)
end
println("still running")
