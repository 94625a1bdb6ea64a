# Vectors and matrices on the device's heap. A Vector is an object with an
# identity: `w = v` names the same vector, so push! through one name is seen
# through the other; push! grows it by doubling its capacity. A Matrix is
# column-major, as in Julia.
function fib_vector(n)
    v = Int[]
    push!(v, 1)
    push!(v, 1)
    while length(v) < n
        push!(v, v[end] + v[end-1])
    end
    return v
end

# y = A * x, column by column (the order column-major storage favours).
function matvec(A, x)
    m, n = size(A)
    y = zeros(m)
    for j in 1:n
        for i in 1:m
            y[i] += A[i, j] * x[j]
        end
    end
    return y
end

function transpose_of(A)
    m, n = size(A)
    T = Matrix{Float64}(undef, n, m)
    for j in 1:n, i in 1:m
        T[j, i] = A[i, j]
    end
    return T
end

v = fib_vector(10)
w = v
push!(w, 89)
println("v = ", v, ", length(v) = ", length(v))
popped = pop!(v)
println("popped ", popped, ", length(w) = ", length(w))
c = copy(v)
c[1] = 100
println("copy: c[1] = ", c[1], ", v[1] = ", v[1])
append!(c, [1, 2, 3])
println("appended: length ", length(c), ", last ", c[end])
resize!(c, 3)
println("resized: ", c)
s = similar(c)
println("similar: ", length(s), " ", size(s), " ", size(s, 1))
println("isempty(Float64[]) = ", isempty(Float64[]))

A = zeros(2, 3)
for j in 1:3, i in 1:2
    A[i, j] = i + 0.5 * j
end
x = [1.0, -1.0, 2.0]
println("A = ", A)
println("A * x = ", matvec(A, x))
println("transpose = ", transpose_of(A))
println("size(A) = ", size(A), ", A[2, 3] = ", A[2, 3], ", A[5] = ", A[5])
println(fill(0.25f0, 1, 2), " ", ones(Int, 2, 2), " ", zeros(2, 1))
