# Jacobi relaxation, the benchmark of the ePython paper (NX = 100): the 1-D
# Laplace equation u'' = 0 on NX interior points between the boundary values
# u = 1 and u = 10, each sweep replacing every interior point by the mean of
# its neighbours. Prints the residual norm ‖2u[i] - u[i-1] - u[i+1]‖ before
# and after, and their ratio.
function residual(u::Vector{Float64}, nx::Int)
    r = 0.0
    for i in 2:nx+1
        d = 2.0 * u[i] - u[i-1] - u[i+1]
        r += d * d
    end
    return sqrt(r)
end

function jacobi(nx::Int, sweeps::Int)
    u = zeros(nx + 2)
    unew = zeros(nx + 2)
    u[1] = 1.0
    unew[1] = 1.0
    u[nx+2] = 10.0
    unew[nx+2] = 10.0
    r0 = residual(u, nx)
    for sweep in 1:sweeps
        for i in 2:nx+1
            unew[i] = 0.5 * (u[i-1] + u[i+1])
        end
        u, unew = unew, u
    end
    return r0, residual(u, nx)
end

NX = 100
sweeps = 1000
r0, r = jacobi(NX, sweeps)
println("NX = $NX, residual before: $r0")
println("after $sweeps sweeps: $r (relative $(r / r0))")
