"""Numbers written as Julia 1.11 writes them, for the expected outputs.

Floats follow base/ryu/shortest.jl (writeshortest): the shortest digits that
read back to the same value (closest to it when several have that length),
written in positional form when -4 < pt <= 6, pt being the position of the
decimal point relative to the first digit (so 0.0001 and 100000.0, but
1.0e-5 and 1.0e6), in exponent form otherwise. show(::Float32) marks the type:
1.5f0, 1.0f-5, NaN32, Inf32; print(::Float32) does not (1.5, 1.0e-5, NaN).

Float64 digits come from Python's repr (also shortest round-trip, closest).
Float32 digits are searched exactly with Decimal below, since Python has no
float32 repr (a tie between two closest goes to the even digit, as in Ryu). Float32 arithmetic: `f32(a op b)` rounds the double result,
which is exact for + - * / and sqrt of two float32 values (a double holds
more than twice float32's precision).
"""

import math
import struct
from decimal import Decimal, getcontext

getcontext().prec = 200


def f32(x):
    """x rounded to the nearest float32 (ties to even), as a Python float."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def _f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def _f32_from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def _digits_f64(x):
    """(digits, nexp): |x| == int(digits) * 10**nexp, shortest round-trip."""
    s = repr(abs(x))
    mantissa, _, exp = s.partition("e")
    exp = int(exp) if exp else 0
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    nexp = exp - len(frac)
    stripped = digits.rstrip("0")
    nexp += len(digits) - len(stripped)
    return stripped, nexp


def _digits_f32(x):
    """Shortest digits inside float32 x's rounding interval, closest to x."""
    x = abs(x)
    bits = _f32_bits(x)
    exact = Decimal(x)
    # At a power of two the float32 below is half as far; above the largest
    # float32, infinity stands where the next one would.
    down = Decimal(_f32_from_bits(bits - 1)) if bits > 0 else Decimal(0)
    next_up = _f32_from_bits(bits + 1)
    up = Decimal(next_up) if not math.isinf(next_up) else 2 * exact - down
    lo, hi = (exact + down) / 2, (exact + up) / 2
    inclusive = bits % 2 == 0  # round-half-even keeps the midpoints
    def inside(c):
        return (lo <= c <= hi) if inclusive else (lo < c < hi)
    e = exact.adjusted()  # decimal exponent of the first digit
    for length in range(1, 12):
        for shift in (0, 1):  # the first digit may move up by rounding
            q = Decimal(10) ** (e + shift - length + 1)
            base = (exact / q).to_integral_value(rounding="ROUND_FLOOR")
            candidates = [c for c in (base * q, (base + 1) * q) if inside(c)]
            if candidates:
                # A tie goes to the even last digit, as Ryu rounds.
                n = min((int((c / q).to_integral_value()) for c in candidates),
                        key=lambda n: (abs(n * q - exact), n % 2))
                digits = str(n)
                nexp = int(q.adjusted())
                stripped = digits.rstrip("0")
                return stripped, nexp + len(digits) - len(stripped)
    raise AssertionError(x)


def _write(x, digits, nexp, expchar, suffix):
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    olength = len(digits)
    pt = nexp + olength
    positional = -4 < pt <= 6 and not (
        pt >= olength and abs(math.fmod(abs(x) + 0.05, 10 ** (pt - olength)) - 0.05) > 0.05
    )
    if positional:
        if pt <= 0:
            text = "0." + "0" * (-pt) + digits
        elif pt >= olength:
            text = digits + "0" * nexp + ".0"
        else:
            text = digits[:pt] + "." + digits[pt:]
        return sign + text + suffix
    text = digits[0] + "." + (digits[1:] or "0")
    return sign + text + expchar + str(pt - 1)


def _special(x, typed32):
    tag = "32" if typed32 else ""
    if math.isnan(x):
        return "NaN" + tag
    if math.isinf(x):
        return ("-" if x < 0 else "") + "Inf" + tag
    if x == 0:
        return ("-" if math.copysign(1.0, x) < 0 else "") + "0.0" + ("f0" if typed32 else "")
    return None


def show64(x):
    """show(x::Float64), print(x::Float64), string(x::Float64)."""
    special = _special(x, False)
    if special:
        return special
    digits, nexp = _digits_f64(x)
    return _write(x, digits, nexp, "e", "")


def _write32(x, typed):
    assert f32(x) == x or math.isnan(x), x
    special = _special(x, typed)
    if special:
        return special
    digits, nexp = _digits_f32(x)
    return _write(x, digits, nexp, "f" if typed else "e", "f0" if typed else "")


def show32(x):
    """show(x::Float32), as @show and repr write it."""
    return _write32(x, True)


def print32(x):
    """print(x::Float32), and string interpolation of it."""
    return _write32(x, False)


if __name__ == "__main__":
    # The forms Julia's documentation and base tests show.
    checks = [
        (show64(1.0), "1.0"), (show64(0.1), "0.1"), (show64(1e-5), "1.0e-5"),
        (show64(0.0001), "0.0001"), (show64(1e6), "1.0e6"),
        (show64(100000.0), "100000.0"), (show64(1234567.0), "1.234567e6"),
        (show64(-2.5), "-2.5"), (show64(float("inf")), "Inf"),
        (show64(float("nan")), "NaN"), (show64(-0.0), "-0.0"),
        (show64(5.187377517639621), "5.187377517639621"),
        (show32(1.5), "1.5f0"), (print32(1.5), "1.5"), (show32(f32(1e-5)), "1.0f-5"),
        (print32(f32(1e-5)), "1.0e-5"), (show32(f32(0.1)), "0.1f0"),
        (show32(f32(1.4142135)), "1.4142135f0"), (show32(float("inf")), "Inf32"),
        (show32(float("nan")), "NaN32"), (show32(f32(3.4028235e38)), "3.4028235f38"),
        (show32(f32(1e6)), "1.0f6"), (show32(f32(5.187378)), "5.187378f0"),
    ]
    for got, want in checks:
        assert got == want, (got, want)
    print("ok")
