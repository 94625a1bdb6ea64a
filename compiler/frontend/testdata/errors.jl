# Constructs outside the subset: each is reported, and parsing continues.
using LinearAlgebra
import Base: show

macro twice(ex)
    quote
        $ex; $ex
    end
end

function f(x)
    y = x'
    z = x .+ 1
    w = map(t -> t^2, x)
    @async println(y)
    let a = 1
        a + 1
    end
    g(x; scale = 2)
    v = [i^2 for i in 1:10]
    return (y
end

h(x) = x +
    1
k = 1 +
