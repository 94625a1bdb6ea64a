# Benchmark (tools/bench_frontend.sh): the blog's test1, the harmonic sum in
# Float64; harmonic.c is the C baseline.
function harmonic(n)
    s = 0.0
    for i = 1:n
        s += 1 / i
    end
    return s
end

println(harmonic(1000))
