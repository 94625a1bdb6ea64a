# Methods only: `jlremote run` has nothing to run and exits 0.
square(x) = x * x
