# A PID controller (parametric struct) closing the loop around a discrete
# first-order plant.
mutable struct PID{T<:AbstractFloat}
    kp::T
    ki::T
    kd::T
    integral::T
    previous::T
end

PID(kp::T, ki::T, kd::T) where {T<:AbstractFloat} = PID{T}(kp, ki, kd, zero(T), zero(T))

@inline function update!(c::PID{T}, error::T, dt::T)::T where {T}
    c.integral += error * dt
    derivative = (error - c.previous) / dt
    c.previous = error
    return c.kp * error + c.ki * c.integral + c.kd * derivative
end

struct Plant{T}
    a::T
    b::T
end

step(p::Plant, y, u) = p.a * y + p.b * u

function simulate(n::Int)
    c = PID(2.0, 0.5, 0.01)
    plant = Plant(0.9, 0.1)
    y = 0.0
    setpoint = 1.0
    dt = 0.01
    for k in 1:n
        u = update!(c, setpoint - y, dt)
        u = clamp(u, -10.0, 10.0)
        y = step(plant, y, u)
    end
    @assert isfinite(y) "the loop diverged"
    println("final y = $y, integral = $(c.integral)")
    return y
end

simulate(1000)
