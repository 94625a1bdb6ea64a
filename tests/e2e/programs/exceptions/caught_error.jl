try
    error("something went wrong")
catch e
    println("caught: ", e)
    showerror(stdout, e)
    println()
end
