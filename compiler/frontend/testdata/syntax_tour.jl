#= Every construct of the subset's grammar, once.
   #= nested comment =# =#
const N = 1_000
const MASK = 0xff

abstract type Shape end
struct Circle <: Shape
    r::Float64
end
struct Square <: Shape
    side::Float64
end
area(c::Circle) = π * c.r^2
area(s::Square) = s.side * s.side
Base.:+(a::Circle, b::Circle) = Circle(a.r + b.r)

@noinline function clamp01(x::T)::T where T<:Real
    if x < zero(T)
        return zero(T)
    elseif x > one(T)
        return one(T)
    else
        return x
    end
end

function tour(v::Vector{Float64}, θ)
    total = 0.0
    @inbounds for i in eachindex(v)
        i == 3 && continue
        i > 7 || (total += v[i])
        total -= 2(v[i] + 1) - 3θ^2
    end
    for i = 10:-2:1, j in 1:2
        total *= i ≤ 5 ? 0.5 : 1.0
    end
    k = 0
    while true
        k += 1
        k ≥ 10 && break
    end
    q, r = divrem(17, 5)
    a, b = b0, a0 = 1, 2
    x = -2^2 + -1.5 + 7 ÷ 2 - 7 % 3 + (1 << 3) ⊻ 5
    ok = 0 < q ≤ r < 10 && !(x ≠ 1) || k ∈ 1:10
    m = zeros(3, 3)
    m[1, end] = m[end, 1] / 2
    col = m[:, 2]
    c = 'θ'
    s = "tour: $(length(v)) values, total=$total, char $c\n"
    try
        x > 0 || throw(DomainError(x))
        @assert ok "not ok"
    catch e
        println("caught ", e)
    finally
        k = 0
    end
    p = Ptr{UInt32}(0x40000000)
    unsafe_store!(p, UInt32(1) << 5)
    @show x Float32(x) / 3f0
    y = (1, 2.0)
    z = (3,)
    w = [1.0, 2.0, 3.0]
    h = 1e-5 + .5 + 1. + 1.5f-3
    return begin
        total
    end
end
