try
    error("boom")
finally
    println("cleanup")
end
