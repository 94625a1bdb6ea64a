# A store to an address no device maps (0x60000000: a bus fault on
# mps2-an385, a HardFault on the micro:bit, SIGSEGV on the POSIX device),
# in a function of its own. The fault is reported with the function it
# happened in and the stack, symbolized; the program ends with status 1
# after what it printed, and the device takes the next run.
@noinline poke(p, value) = unsafe_store!(p, value)
println("before the fault")
poke(Ptr{Int32}(0x60000000), Int32(1))
println("not printed")
