# lower: sum(Vector{Float64}) grow() scale(Matrix{Float64}, Float64)
# arch: thumbv7m
# Header loads (tbaa "array header") stay apart from element accesses (tbaa
# "array data"), so that -O2 keeps them out of loops; push! grows in a cold
# block.
function sum(v)
    s = 0.0
    for i in eachindex(v)
        s += v[i]
    end
    return s
end

function grow()
    v = Int[]
    push!(v, 1)
    return pop!(v)
end

function scale(A, k)
    for j in 1:size(A, 2), i in 1:size(A, 1)
        A[i, j] *= k
    end
    return A
end
