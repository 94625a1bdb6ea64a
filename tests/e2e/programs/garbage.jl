# Garbage on every iteration: an 800-byte array that is dead by the next
# one. 2000 of them are 1.6 MB, more than any device's heap: the run needs the
# collector (each device's --stats counts its collections).
function churn(n)
    total = 0.0
    for i in 1:n
        v = zeros(100)
        v[1] = i
        v[100] = 2i
        total += v[1] + v[100]
    end
    return total
end
println(churn(2000))
