# A biquad low-pass filter (Butterworth, cut-off 50 Hz at 1 kHz sampling;
# coefficients from the RBJ audio-EQ cookbook, computed offline) over a
# generated signal: a 5 Hz square wave plus uniform noise from a linear
# congruential generator (UInt32 arithmetic, which wraps as in C).
struct Biquad{T}
    b0::T
    b1::T
    b2::T
    a1::T
    a2::T
end

mutable struct BiquadState{T}
    x1::T
    x2::T
    y1::T
    y2::T
end

# Direct form I: one output sample for one input sample.
function process!(s::BiquadState{T}, f::Biquad{T}, x::T) where {T}
    y = f.b0 * x + f.b1 * s.x1 + f.b2 * s.x2 - f.a1 * s.y1 - f.a2 * s.y2
    s.x2 = s.x1
    s.x1 = x
    s.y2 = s.y1
    s.y1 = y
    return y
end

function run_filter(f::Biquad{Float64}, n::Int)
    s = BiquadState(0.0, 0.0, 0.0, 0.0)
    seed = 0x2545f491
    y = 0.0
    peak = 0.0
    energy = 0.0
    for k in 0:n-1
        square = (k ÷ 100) % 2 == 0 ? 1.0 : -1.0
        seed = seed * 0x0019660d + 0x3c6ef35f
        noise = 0.2 * (Float64(seed >> 8) / 16777216.0 - 0.5)
        y = process!(s, f, square + noise)
        peak = max(peak, abs(y))
        energy += y * y
    end
    return y, peak, energy / n, seed
end

lowpass = Biquad(0.020083365564211256, 0.04016673112842251,
                 0.020083365564211256, -1.561018075800718, 0.6413515380575631)
y, peak, power, seed = run_filter(lowpass, 500)
println("last output: ", y)
println("peak: ", peak)
println("mean power: ", power)
@show seed
