# The blog's test5.jl: a vector type over a raw pointer and a length, with
# the Base methods that make `x[i]`, `x[i] = y` and `length(x)` work on it;
# test5 squares the elements in place.
struct CustomVector{T}
    data::Ptr{T}
    len::Int
end
Base.getindex(x::CustomVector, i::Int) = unsafe_load(x.data, i)
Base.setindex!(x::CustomVector, y, i::Int) = unsafe_store!(x.data, y, i)
Base.length(x::CustomVector) = x.len

function test5(data, len)
    x = CustomVector(data, len)
    for i in 1:length(x)
        x[i] = x[i]^2
    end
end

v = [1, 2, 3]
test5(pointer(v), length(v))
println("squared in place: ", (v[1], v[2], v[3]))
