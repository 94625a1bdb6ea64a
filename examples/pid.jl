# A PID controller (a parametric struct) closing the loop around a discrete
# first-order plant, y[k+1] = a*y[k] + b*u[k], for 1000 steps of 10 ms, in
# Float64 and again in Float32: one generic method, compiled for each.
mutable struct PID{T<:AbstractFloat}
    kp::T
    ki::T
    kd::T
    integral::T
    previous::T
end

function update!(c::PID{T}, error::T, dt::T) where {T}
    c.integral += error * dt
    derivative = (error - c.previous) / dt
    c.previous = error
    return c.kp * error + c.ki * c.integral + c.kd * derivative
end

struct Plant{T}
    a::T
    b::T
end

advance(p::Plant, y, u) = p.a * y + p.b * u

# The actuator saturates at ±umax.
function simulate(c::PID{T}, plant::Plant{T}, setpoint::T, dt::T, umax::T,
                  steps::Int) where {T}
    y = zero(T)
    u = zero(T)
    for k in 1:steps
        u = clamp(update!(c, setpoint - y, dt), -umax, umax)
        y = advance(plant, y, u)
    end
    return y, u
end

# Gains kp, ki, kd; the integral and the previous error start at zero.
c = PID(2.0, 0.5, 0.01, 0.0, 0.0)
y, u = simulate(c, Plant(0.9, 0.1), 1.0, 0.01, 10.0, 1000)
println("Float64: y = $y, u = $u, integral = $(c.integral)")

c32 = PID(2f0, 0.5f0, 0.01f0, 0f0, 0f0)
y32, u32 = simulate(c32, Plant(0.9f0, 0.1f0), 1f0, 0.01f0, 10f0, 1000)
println("Float32: y = $y32, u = $u32, integral = $(c32.integral)")
@show y32
