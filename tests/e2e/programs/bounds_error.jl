# An index past the end is a BoundsError: uncaught (exceptions come later),
# it ends the program with status 1 after what was printed before, and the
# host names it on stderr.
v = [1.0, 2.0, 3.0]
at(v, i) = v[i]
println("v[3] = ", at(v, 3))
println("v[4] = ", at(v, 4))
println("not printed")
