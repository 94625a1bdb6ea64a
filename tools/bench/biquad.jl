# Benchmark (tools/bench_frontend.sh): a biquad low-pass (RBJ cookbook,
# fc = 1 kHz at fs = 48 kHz, Q = 1/sqrt(2)) in direct form II transposed, over
# n samples of a generated signal (a square wave of period 50 samples plus a
# ripple of period 7); returns the sum of the output. The same function runs
# in Float64 and Float32: T is the sample type. biquad.c is the C baseline.
function biquad(::Type{T}, n) where {T}
    b0 = T(0.003916126660547383)
    b1 = T(0.007832253321094766)
    b2 = T(0.003916126660547383)
    a1 = T(-1.815341082704568)
    a2 = T(0.8310055893467576)
    z1 = zero(T)
    z2 = zero(T)
    s = zero(T)
    for k = 0:n-1
        x = iseven(k ÷ 25) ? one(T) : -one(T)
        x += T(0.125) * T(k % 7 - 3)
        y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        s += y
    end
    return s
end

println(biquad(Float64, 1000))
println(biquad(Float32, 1000))
