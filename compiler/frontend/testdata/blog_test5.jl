# Blog test5.jl: a vector type over a raw pointer, with Base methods.
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
