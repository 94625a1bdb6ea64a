x = 3
error("fatal: value $x")
