struct MyError <: Exception
    code::Int64
end
fail(n) = throw(MyError(n))
fail(Int64(3))
