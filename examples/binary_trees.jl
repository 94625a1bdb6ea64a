# The benchmarks game's binary-trees: allocate a stretch tree, then a tree
# that lives to the end, then for each depth d in 4:2:N, 2^(N-d+4) trees,
# each made and checked (counted) and dropped. Each node is one small heap
# object; a missing child is `nothing` (Union{Node, Nothing}, a nullable
# reference). With N = 6 the live data fits a 12 KB heap once garbage is
# collected.
mutable struct Node
    left::Union{Node,Nothing}
    right::Union{Node,Nothing}
end

function make(d)
    if d == 0
        return Node(nothing, nothing)
    end
    return Node(make(d - 1), make(d - 1))
end

# The nodes of a tree: the children are locals, so that inside the
# branches where they are not `nothing` they are Nodes (as Julia infers).
function check(t::Node)
    l = t.left
    r = t.right
    if l === nothing || r === nothing
        return 1
    end
    return 1 + check(l) + check(r)
end

function binary_trees(n)
    mindepth = 4
    maxdepth = max(mindepth + 2, n)
    stretch = maxdepth + 1
    println("stretch tree of depth $stretch\t check: $(check(make(stretch)))")
    long_lived = make(maxdepth)
    for d in mindepth:2:maxdepth
        niter = 1 << (maxdepth - d + mindepth)
        c = 0
        for i in 1:niter
            c += check(make(d))
        end
        println("$niter\t trees of depth $d\t check: $c")
    end
    println("long lived tree of depth $maxdepth\t check: $(check(long_lived))")
end

binary_trees(6)
