// (f) 64-bit division: __aeabi_ldivmod on Cortex-M, shipped on demand.
long long div64(long long a, long long b) { return a / b; }
