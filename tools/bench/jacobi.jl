# Benchmark (tools/bench_frontend.sh): the Jacobi relaxation of the ePython
# paper (seeds/004; ePython's examples/jacobi.py, sequential): Laplace's
# equation in one dimension on NX = 100 points, boundaries 1 and 10, iterated
# while the relative residual is at least 1e-4, at most max_its times.
# Returns the squared relative residual of the last iteration. jacobi.c is
# the C baseline.
function residual(u, nx)
    r = 0.0
    for i = 2:nx+1
        d = u[i] * 2 - u[i-1] - u[i+1]
        r += d * d
    end
    return r
end

function jacobi(max_its)
    nx = 100
    u = zeros(nx + 2)
    unew = zeros(nx + 2)
    u[1] = 1.0
    u[nx+2] = 10.0
    bnorm = residual(u, nx)
    norm = 1.0
    its = 0
    while norm >= 1e-8 && its < max_its
        norm = residual(u, nx) / bnorm
        for i = 2:nx+1
            unew[i] = 0.5 * (u[i-1] + u[i+1])
        end
        for i = 2:nx+1
            u[i] = unew[i]
        end
        its += 1
    end
    return norm
end

println(jacobi(100))
