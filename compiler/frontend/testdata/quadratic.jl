# Quadratic roots in Float32, returning a tuple; Unicode names and operators.
function roots(a::Float32, b::Float32, c::Float32)
    Δ = b^2 - 4f0a*c
    if Δ < 0f0
        return (NaN32, NaN32)
    end
    sqrtΔ = sqrt(Δ)
    x₁ = (-b - sqrtΔ) / 2a
    x₂ = (-b + sqrtΔ) / 2a
    return x₁, x₂
end

r₁, r₂ = roots(1f0, -3f0, 2f0)
@show r₁ r₂
println("roots: ", r₁, " and ", r₂)
