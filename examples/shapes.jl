# Multiple dispatch on concrete types: `area` has a method per shape and each
# call picks one at compile time; `describe` is one generic method compiled
# for each shape it is called with. `Base.:+` and `Base.:*` get methods for a
# user type, so `+` and `*` work on it as on numbers.
abstract type Shape end

struct Circle <: Shape
    r::Float64
end

struct Square <: Shape
    side::Float64
end

struct Rectangle <: Shape
    w::Float64
    h::Float64
end

area(c::Circle) = π * c.r^2
area(s::Square) = s.side^2
area(r::Rectangle) = r.w * r.h

describe(s::Shape) = println(s, " has area ", area(s))

describe(Circle(1.5))
describe(Square(2.0))
describe(Rectangle(1.5, 4.0))
total = area(Circle(1.5)) + area(Square(2.0)) + area(Rectangle(1.5, 4.0))
println("total area: ", total)

# The most specific method wins: Integer over Real.
half(x::Real) = x / 2
half(x::Integer) = x ÷ 2
println(half(7), " ", half(7.0), " ", half(7f0))

struct Vec2
    x::Float64
    y::Float64
end

Base.:+(a::Vec2, b::Vec2) = Vec2(a.x + b.x, a.y + b.y)
Base.:*(k::Real, v::Vec2) = Vec2(k * v.x, k * v.y)

v = Vec2(1.0, 2.0) + 2 * Vec2(0.25, -1.0)
println(v)
@show v.x
