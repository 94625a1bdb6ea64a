# An index past the end is a BoundsError: uncaught, it ends the program
# with status 1 after what was printed before, and the host prints Julia's
# message and stack trace on stderr (on every device, the micro:bit too).
v = [1.0, 2.0, 3.0]
at(v, i) = v[i]
println("v[3] = ", at(v, 3))
println("v[4] = ", at(v, 4))
println("not printed")
