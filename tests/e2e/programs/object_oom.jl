# Objects come from the device's heap: more than it holds ends the run with
# an uncaught OutOfMemoryError (exit status 1) after what was printed before; the
# next run on the same device works (the session resets it).
counts = zeros(Int, 4)
counts[2] = 7
println("small array: ", counts)
huge = zeros(1_000_000_000)
println("not printed")
