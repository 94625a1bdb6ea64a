# Every cell stays reachable: the heap fills with live data that neither
# collecting garbage nor evicting code can free. The run ends with the
# error, naming the function that asked; what was printed before stays.
mutable struct Cell
    next::Union{Cell,Nothing}
    value::Int
end

@noinline function grow(n)
    head = Cell(nothing, 0)
    for i in 1:n
        head = Cell(head, i)
    end
    return head.value
end

println("a short list: ", grow(10))
println("a list larger than the heap: ", grow(1_000_000))
