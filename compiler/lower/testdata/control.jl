# lower: collatz(Int) steps(Int, Int, Int) clampsum(Float64, Float64)
# while with break/continue, stepped ranges, chained comparisons, ternary.
function collatz(n)
    k = 0
    while true
        if n == 1
            break
        end
        n = n % 2 == 0 ? n ÷ 2 : 3n + 1
        k += 1
    end
    k
end

function steps(a, s, b)
    t = 0
    for i in a:s:b
        if 0 < i ≤ 5
            continue
        end
        t += i
    end
    t
end

clampsum(x, y) = min(max(x + y, 0), 1) + sqrt(abs(x)) ^ 2
