# `exit(n)` ends the program with status n, from inside a function loaded on
# demand; nothing after it runs.
check(x) = x > 2 ? exit(3) : x
println("check(1) = ", check(1))
println("check(5) = ", check(5))
println("not printed")
