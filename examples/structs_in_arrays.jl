# Arrays of isbits structs and tuples, stored inline (each element's bytes
# in the array's data block), and top-level accumulators updated in loops
# with `global`, as a Julia script needs them.
struct Point
    x::Float64
    y::Float64
end

struct Cell
    alive::Bool
    age::Int32
end

function centroid(ps::Vector{Point})
    sx = 0.0
    sy = 0.0
    for p in ps
        sx += p.x
        sy += p.y
    end
    return Point(sx / length(ps), sy / length(ps))
end

points = [Point(1.0, 2.0), Point(3.0, 4.0)]
push!(points, Point(5.0, 6.0))
push!(points, Point(0.5, -1.5))
s = 0.0
for p in points
    global s += p.x * p.y
end
println(points)
println("sum of x*y: ", s)
println("centroid: ", centroid(points))
points[4] = Point(-2.0, 0.25)
@show points[end]

spread = 0.0
for p in points
    local d = p.x - p.y
    global spread = max(spread, abs(d))
end
println("largest |x - y|: $spread")

weights = [(1, 0.5), (2, 0.25)]
push!(weights, (3, 0.125))
total = 0.0
for w in weights
    global total += w[1] * w[2]
end
println(weights, " weighted: ", total)

none = Point[]
println(none, " ", isempty(none))

grid = fill(Cell(false, Int32(0)), 2, 3)
grid[1, 2] = Cell(true, Int32(3))
grid[2, 3] = Cell(true, Int32(1))
show(grid)
println()
alive = 0
k = 1
while k <= length(grid)
    if grid[k].alive
        global alive += 1
    end
    global k += 1
end
println("alive: ", alive, " of ", length(grid))
