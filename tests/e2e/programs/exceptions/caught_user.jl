struct MyError <: Exception
    code::Int
end
function risky(n)
    n > 2 && throw(MyError(n))
    return n
end
for i in 1:4
    try
        println(risky(i))
    catch e
        if e isa MyError
            println("MyError with code ", e.code)
        end
    end
end
