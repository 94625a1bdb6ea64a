# Math on the device, in Float64 and in Float32: one generic function,
# compiled for each. The device runs C's libm (newlib on Cortex-M, the
# process's libm on the POSIX device), within 1 ulp of Julia's own functions
# (tests/e2e/math.cmake checks that bound). Float32 sin, cos, tan, exp and
# log are computed in Float64 and rounded once, as Julia computes them: at
# 0.7f0 newlib's own cosf is an ulp off (0.76484215), Julia and we print
# 0.7648422.
function table(x)
    println("sin($x) = ", sin(x), ", cos($x) = ", cos(x), ", tan($x) = ", tan(x))
    println("atan($x) = ", atan(x), ", exp($x) = ", exp(x), ", log($x) = ", log(x))
    println("sqrt($x) = ", sqrt(x), ", $x^$x = ", x^x, ", $x^3 = ", x^3)
    println("floor, ceil, round, trunc: ", (floor(x), ceil(x), round(x), trunc(x)))
end

table(0.7)
table(0.7f0)
println(clamp(1.5, 0, 1), " ", min(-0.0, 0.0), " ", max(2f0, 1f0), " ", abs(-3.25))
println(round(2.5), " ", round(-3.5), " ", floor(Int, -2.5), " ", 2^10)
