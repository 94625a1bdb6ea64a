# Quadratic roots in Float32, returning a tuple (the jax-to-Cortex-M notes'
# quad_roots), with Unicode names and numeric-literal coefficients.
function roots(a::Float32, b::Float32, c::Float32)
    Δ = b^2 - 4a*c
    if Δ < 0f0
        return (NaN32, NaN32)
    end
    sqrtΔ = sqrt(Δ)
    return ((-b + sqrtΔ) / 2a, (-b - sqrtΔ) / 2a)
end

r₁, r₂ = roots(1f0, -3f0, 2f0)
@show r₁ r₂
println("roots: ", r₁, " and ", r₂)

a, b, c = 1f0, 1f0, -1f0
@show roots(a, b, c)
x₁, x₂ = roots(a, b, c)
println("x² + x - 1 = 0 at x = $x₁ and x = $x₂")

a, b, c = 2f0, 0.5f0, 3f0
@show roots(a, b, c)
