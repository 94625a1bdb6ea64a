function work(fail)
    try
        println("working")
        fail && error("failed")
        println("done")
    finally
        println("cleanup")
    end
end
work(false)
try
    work(true)
catch e
    println("caught: ", e)
end
function loop()
    for i in 1:5
        try
            i == 2 && continue
            i == 4 && break
            println("i = ", i)
        finally
            println("finally ", i)
        end
    end
    return 0
end
loop()
function early(x)
    try
        x > 0 && return x * 2
        println("not positive")
    finally
        println("leaving early(", x, ")")
    end
    return 0
end
println(early(3))
println(early(-1))
