#!/usr/bin/env python3
"""Writes examples/<name>.out: what Julia 1.11 prints for each example.

No Julia here, and the expected outputs must not come from jlremote itself:
each function below replays its example's arithmetic in IEEE double (Float32
rounded after every operation, see julia_fmt.py) in the same order as the
Julia source, and writes the values as Julia's print/show would.

    python3 examples/tools/expected.py          # rewrite every .out
    python3 examples/tools/expected.py --check  # compare, exit 1 on a difference
"""

import math
import os
import sys

sys.dont_write_bytecode = True  # run by the tests from the source tree
from julia_fmt import f32, print32, show32, show64  # noqa: E402

EXAMPLES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blog_harmonic():
    n = 100
    s1 = 0.0
    for i in range(1, n + 1):
        s1 += 1 / i
    s6 = 0.0
    for i in range(n, 0, -1):  # reverse(1:n); the while loop sums the same way
        s6 += 1 / i
    return (f"test1({n}) = {show64(s1)}\n"
            f"test6({n}) = {show64(s6)}\n"
            f"test6_while({n}) = {show64(s6)}\n")


def blog_floor():
    x = 1234.5678
    return (f"floor(Int, {show64(x)}) = {math.floor(x)}\n"
            f"floor(Int, {show64(-x)}) = {math.floor(-x)}\n"
            f"unsafe_trunc(Int, floor(2.5)) = {math.floor(2.5)}\n"
            f"unsafe_trunc(Int, floor(-2.5)) = {math.floor(-2.5)}\n")


def blog_custom_vector():
    # A tuple of Ints: the same text whatever the device's word.
    return "squared in place: (" + ", ".join(str(v * v) for v in (1, 2, 3)) + ")\n"


def roots(a, b, c):
    """quadratic.jl's roots in Float32, operation by operation."""
    delta = f32(f32(b * b) - f32(f32(4 * a) * c))
    if delta < 0:
        return math.nan, math.nan
    s = f32(math.sqrt(delta))
    two_a = f32(2 * a)
    return f32(f32(-b + s) / two_a), f32(f32(-b - s) / two_a)


def show_pair32(p):
    return f"({show32(p[0])}, {show32(p[1])})"


def quadratic():
    r1, r2 = roots(1.0, -3.0, 2.0)
    out = f"r₁ = {show32(r1)}\nr₂ = {show32(r2)}\n"
    out += f"roots: {print32(r1)} and {print32(r2)}\n"
    x = roots(1.0, 1.0, -1.0)
    out += f"roots(a, b, c) = {show_pair32(x)}\n"
    out += f"x² + x - 1 = 0 at x = {print32(x[0])} and x = {print32(x[1])}\n"
    out += f"roots(a, b, c) = {show_pair32(roots(2.0, f32(0.5), 3.0))}\n"
    return out


def simulate(kp, ki, kd, a, b, setpoint, dt, umax, steps, r):
    """pid.jl's update!/advance/simulate; r rounds each operation."""
    integral = previous = y = u = 0.0
    for _ in range(steps):
        error = r(setpoint - y)
        integral = r(integral + r(error * dt))
        derivative = r(r(error - previous) / dt)
        previous = error
        v = r(r(r(kp * error) + r(ki * integral)) + r(kd * derivative))
        u = umax if v > umax else -umax if v < -umax else v  # clamp
        y = r(r(a * y) + r(b * u))
    return y, u, integral


def pid():
    y, u, i = simulate(2.0, 0.5, 0.01, 0.9, 0.1, 1.0, 0.01, 10.0, 1000,
                       lambda v: v)
    out = f"Float64: y = {show64(y)}, u = {show64(u)}, integral = {show64(i)}\n"
    c = [f32(v) for v in (2.0, 0.5, 0.01, 0.9, 0.1, 1.0, 0.01, 10.0)]
    y, u, i = simulate(*c, 1000, f32)
    out += (f"Float32: y = {print32(y)}, u = {print32(u)}, "
            f"integral = {print32(i)}\n")
    out += f"y32 = {show32(y)}\n"
    return out


def biquad():
    b0, b1, b2 = 0.020083365564211256, 0.04016673112842251, 0.020083365564211256
    a1, a2 = -1.561018075800718, 0.6413515380575631
    x1 = x2 = y1 = y2 = 0.0
    seed = 0x2545F491
    y = peak = energy = 0.0
    n = 500
    for k in range(n):
        square = 1.0 if (k // 100) % 2 == 0 else -1.0
        seed = (seed * 0x0019660D + 0x3C6EF35F) % 2**32
        noise = 0.2 * (float(seed >> 8) / 16777216.0 - 0.5)
        x = square + noise
        y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        x2, x1, y2, y1 = x1, x, y1, y
        peak = max(peak, abs(y))
        energy += y * y
    return (f"last output: {show64(y)}\n"
            f"peak: {show64(peak)}\n"
            f"mean power: {show64(energy / n)}\n"
            f"seed = 0x{seed:08x}\n")


def jacobi():
    nx, sweeps = 100, 1000

    def residual(u):
        r = 0.0
        for i in range(1, nx + 1):  # Julia's 2:nx+1, 1-based
            d = 2.0 * u[i] - u[i - 1] - u[i + 1]
            r += d * d
        return math.sqrt(r)

    u = [0.0] * (nx + 2)
    unew = [0.0] * (nx + 2)
    u[0] = unew[0] = 1.0
    u[nx + 1] = unew[nx + 1] = 10.0
    r0 = residual(u)
    for _ in range(sweeps):
        for i in range(1, nx + 1):
            unew[i] = 0.5 * (u[i - 1] + u[i + 1])
        u, unew = unew, u
    r = residual(u)
    return (f"NX = {nx}, residual before: {show64(r0)}\n"
            f"after {sweeps} sweeps: {show64(r)} (relative {show64(r / r0)})\n")


def shapes():
    circle = math.pi * (1.5 * 1.5)  # π * r^2: Float64(π) times r*r
    square = 2.0 * 2.0
    rectangle = 1.5 * 4.0
    out = (f"Circle(1.5) has area {show64(circle)}\n"
           f"Square(2.0) has area {show64(square)}\n"
           f"Rectangle(1.5, 4.0) has area {show64(rectangle)}\n"
           f"total area: {show64(circle + square + rectangle)}\n")
    out += f"{7 // 2} {show64(7.0 / 2)} {print32(f32(7.0) / 2)}\n"
    x, y = 1.0 + 2 * 0.25, 2.0 + 2 * -1.0
    out += f"Vec2({show64(x)}, {show64(y)})\nv.x = {show64(x)}\n"
    return out


def math_table(x, r, show, prt):
    """math.jl's table(x): C's libm in double, rounded once to the type, as
    Julia computes Float32 sin, cos, tan, exp and log (sqrt rounds exactly
    either way; Float32 atan has an algorithm of its own, which gives the
    same value at this input).
    print writes the values (Float32 without its suffix), show the
    tuple's elements."""
    fx = prt(x)
    def line(*pairs):
        return ", ".join(f"{name} = {prt(value)}" for name, value in pairs)
    out = line((f"sin({fx})", r(math.sin(x))), (f"cos({fx})", r(math.cos(x))),
               (f"tan({fx})", r(math.tan(x)))) + "\n"
    out += line((f"atan({fx})", r(math.atan(x))), (f"exp({fx})", r(math.exp(x))),
                (f"log({fx})", r(math.log(x)))) + "\n"
    out += line((f"sqrt({fx})", r(math.sqrt(x))), (f"{fx}^{fx}", r(x ** x)),
                (f"{fx}^3", r(r(x * x) * x))) + "\n"
    rounded = (math.floor(x), math.ceil(x), round(x), math.trunc(x))
    out += ("floor, ceil, round, trunc: ("
            + ", ".join(show(float(v)) for v in rounded) + ")\n")
    return out


def math_example():
    out = math_table(0.7, lambda v: v, show64, show64)
    out += math_table(f32(0.7), f32, show32, print32)
    out += f"{show64(1.0)} {show64(-0.0)} {print32(2.0)} {show64(3.25)}\n"
    out += f"{show64(2.0)} {show64(-4.0)} -3 1024\n"
    return out


def blog_test4():
    return f"test4() = {len([1] * 3)}\n"


def show_vector64(v):
    return "[" + ", ".join(show64(x) for x in v) + "]"


def show_matrix(rows, show):
    """arrayshow.jl's matrix form: rows joined by "; ", one column: ";;"."""
    text = "; ".join(" ".join(show(x) for x in row) for row in rows)
    return "[" + text + (";;" if len(rows[0]) == 1 else "") + "]"


def vectors():
    out = []
    v = [1, 1]
    while len(v) < 10:
        v.append(v[-1] + v[-2])
    w = v  # the same vector
    w.append(89)
    ints = lambda xs: "[" + ", ".join(str(x) for x in xs) + "]"  # noqa: E731
    out.append(f"v = {ints(v)}, length(v) = {len(v)}")
    popped = v.pop()
    out.append(f"popped {popped}, length(w) = {len(w)}")
    c = list(v)
    c[0] = 100
    out.append(f"copy: c[1] = {c[0]}, v[1] = {v[0]}")
    c += [1, 2, 3]
    out.append(f"appended: length {len(c)}, last {c[-1]}")
    c = c[:3]
    out.append(f"resized: {ints(c)}")
    out.append(f"similar: {len(c)} ({len(c)},) {len(c)}")
    out.append("isempty(Float64[]) = true")
    m, n = 2, 3
    a = [[i + 0.5 * j for j in range(1, n + 1)] for i in range(1, m + 1)]
    x = [1.0, -1.0, 2.0]
    y = [0.0] * m
    for j in range(n):
        for i in range(m):
            y[i] += a[i][j] * x[j]
    t = [[a[i][j] for i in range(m)] for j in range(n)]
    out.append(f"A = {show_matrix(a, show64)}")
    out.append(f"A * x = {show_vector64(y)}")
    out.append(f"transpose = {show_matrix(t, show64)}")
    column_major = [a[i][j] for j in range(n) for i in range(m)]
    out.append(f"size(A) = ({m}, {n}), A[2, 3] = {show64(a[1][2])}, "
               f"A[5] = {show64(column_major[4])}")
    # Float32 elements under the vector's typeinfo print without f0.
    out.append("Float32" + show_matrix([[0.25, 0.25]], show64) + " " +
               show_matrix([[1, 1], [1, 1]], str) + " " +
               show_matrix([[0.0], [0.0]], show64))
    return "\n".join(out) + "\n"


def binary_trees():
    def nodes(d):  # check(make(d)): every node counted once
        return 2 ** (d + 1) - 1
    n, mindepth = 6, 4
    maxdepth = max(mindepth + 2, n)
    out = [f"stretch tree of depth {maxdepth + 1}\t check: "
           f"{nodes(maxdepth + 1)}"]
    for d in range(mindepth, maxdepth + 1, 2):
        niter = 1 << (maxdepth - d + mindepth)
        out.append(f"{niter}\t trees of depth {d}\t check: {niter * nodes(d)}")
    out.append(f"long lived tree of depth {maxdepth}\t check: "
               f"{nodes(maxdepth)}")
    return "\n".join(out) + "\n"


def structs_in_arrays():
    """Point(x, y) shows as `Point(x, y)`; a Vector{Point} gets the `Point[`
    prefix (arrayshow.jl: Point is not typeinfo_implicit), a Vector of
    (Int, Float64) tuples none (a tuple of implicit types is implicit), and
    a Matrix{Cell} the prefix with its rows."""
    def point(p):
        return f"Point({show64(p[0])}, {show64(p[1])})"

    def cell(c):
        return f"Cell({'true' if c[0] else 'false'}, {c[1]})"

    points = [(1.0, 2.0), (3.0, 4.0), (5.0, 6.0), (0.5, -1.5)]
    s = 0.0
    for x, y in points:
        s += x * y
    out = ["Point[" + ", ".join(point(p) for p in points) + "]",
           f"sum of x*y: {show64(s)}"]
    sx = sy = 0.0
    for x, y in points:
        sx += x
        sy += y
    out.append(f"centroid: {point((sx / len(points), sy / len(points)))}")
    points[3] = (-2.0, 0.25)
    out.append(f"points[end] = {point(points[-1])}")
    spread = 0.0
    for x, y in points:
        spread = max(spread, abs(x - y))
    out.append(f"largest |x - y|: {show64(spread)}")
    weights = [(1, 0.5), (2, 0.25), (3, 0.125)]
    total = 0.0
    for k, w in weights:
        total += k * w
    out.append("[" + ", ".join(f"({k}, {show64(w)})" for k, w in weights) +
               f"] weighted: {show64(total)}")
    out.append("Point[] true")
    grid = [[(False, 0)] * 3 for _ in range(2)]
    grid[0][1] = (True, 3)
    grid[1][2] = (True, 1)
    out.append("Cell" + show_matrix(grid, cell))
    alive = sum(c[0] for row in grid for c in row)
    out.append(f"alive: {alive} of {2 * 3}")
    return "\n".join(out) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    different = []
    for make in (blog_harmonic, blog_floor, blog_custom_vector, quadratic, pid,
                 biquad, jacobi, shapes, math_example, blog_test4, vectors,
                 binary_trees, structs_in_arrays):
        name = make.__name__.replace("_example", "")
        path = os.path.join(EXAMPLES, name + ".out")
        text = make().encode()
        if check:
            with open(path, "rb") as f:
                if f.read() != text:
                    different.append(path)
        else:
            with open(path, "wb") as f:
                f.write(text)
    for path in different:
        print(f"{path} differs from what expected.py computes")
    return 1 if different else 0


if __name__ == "__main__":
    sys.exit(main())
