println(Base.checked_mul(typemax(Int64), Int64(2)))
