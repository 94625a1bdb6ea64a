abstract type AppError <: Exception end
struct NotFound <: AppError
    id::Int
end
struct Invalid <: AppError
    value::Float64
end
function handle(k)
    try
        k == 1 && throw(NotFound(7))
        k == 2 && throw(Invalid(2.5))
        k == 3 && error("plain")
        println("no error")
    catch e
        if e isa AppError
            print("app error: ")
            println(e)
        else
            println("other: ", e)
        end
    end
end
handle(0)
handle(1)
handle(2)
handle(3)
