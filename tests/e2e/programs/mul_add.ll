; LLVM IR straight to the device: 64-bit arguments (on Cortex-M, a and b fill
; r0-r3 and c goes on the stack), and a call to another function in the file.
define i64 @scale(i64 %x, i64 %k) noinline {
  %r = mul i64 %x, %k
  ret i64 %r
}

define i64 @mul_add(i64 %a, i64 %b, i64 %c) {
  %p = call i64 @scale(i64 %a, i64 %b)
  %s = add i64 %p, %c
  ret i64 %s
}
