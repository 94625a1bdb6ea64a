# lower: run()
# arch: thumbv7m
# Structs, tuples, a mutable struct updated through a method, and a print
# site: the IR shows the values packed for jlremote_print.
struct Point{T}
    x::T
    y::T
end

mutable struct Counter
    n::Int
end

bump!(c::Counter, k) = (c.n += k)
swap(p::Point) = Point(p.y, p.x)

function run()
    c = Counter(0)
    p = swap(Point(1.5, 2.5))
    bump!(c, 2)
    println("p = ", p, ", n = $(c.n)")
    return (p.x, c.n)
end
