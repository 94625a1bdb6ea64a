# A store to an address no device maps (0x60000000: a bus fault on
# mps2-an385, a HardFault on the micro:bit, SIGSEGV on the POSIX device).
# The fault is reported with the function it happened in, the program ends
# with status 1 after what it printed, and the device takes the next run.
println("before the fault")
unsafe_store!(Ptr{Int32}(0x60000000), Int32(1))
println("not printed")
