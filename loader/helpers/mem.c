// Memory routines images may call: LLVM emits calls to memcpy, memmove,
// memset and memcmp, and on ARM to the AEABI variants (with their own
// argument orders). Shipped as helper images like libgcc's routines.
// Built with -ffreestanding -fno-builtin so that these loops stay loops
// instead of becoming calls to themselves.
#include <stddef.h>
#include <stdint.h>

typedef uintptr_t __attribute__((may_alias)) word_t;
#define WORD_MASK (sizeof(word_t) - 1)

static inline __attribute__((always_inline)) void
copyForward(unsigned char *d, const unsigned char *s, size_t n) {
  if ((((uintptr_t)d | (uintptr_t)s) & WORD_MASK) == 0) {
    for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
      *(word_t *)d = *(const word_t *)s;
      d += sizeof(word_t);
      s += sizeof(word_t);
    }
  }
  while (n--)
    *d++ = *s++;
}

static inline __attribute__((always_inline)) void
copyAny(unsigned char *d, const unsigned char *s, size_t n) {
  if (d <= s || d >= s + n) {
    copyForward(d, s, n);
    return;
  }
  while (n--) // overlapping with d after s: from the end
    d[n] = s[n];
}

static inline __attribute__((always_inline)) void
fill(unsigned char *d, unsigned char c, size_t n) {
  if (((uintptr_t)d & WORD_MASK) == 0) {
    const word_t w = (word_t)-1 / 0xff * c; // c in every byte
    for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
      *(word_t *)d = w;
      d += sizeof(word_t);
    }
  }
  while (n--)
    *d++ = c;
}

void *memcpy(void *restrict dest, const void *restrict src, size_t n) {
  copyForward(dest, src, n);
  return dest;
}

void *memmove(void *dest, const void *src, size_t n) {
  copyAny(dest, src, n);
  return dest;
}

void *memset(void *dest, int c, size_t n) {
  fill(dest, (unsigned char)c, n);
  return dest;
}

int memcmp(const void *a, const void *b, size_t n) {
  const unsigned char *p = a, *q = b;
  for (; n; --n, ++p, ++q)
    if (*p != *q)
      return *p - *q;
  return 0;
}

#if defined(__arm__)
// Run-time ABI for the Arm Architecture, 4.3.4. The 4/8 variants may assume
// aligned arguments; sharing the general code is correct for them.
void __aeabi_memcpy(void *dest, const void *src, size_t n) {
  copyForward(dest, src, n);
}
void __aeabi_memcpy4(void *, const void *, size_t)
    __attribute__((alias("__aeabi_memcpy")));
void __aeabi_memcpy8(void *, const void *, size_t)
    __attribute__((alias("__aeabi_memcpy")));

void __aeabi_memmove(void *dest, const void *src, size_t n) {
  copyAny(dest, src, n);
}
void __aeabi_memmove4(void *, const void *, size_t)
    __attribute__((alias("__aeabi_memmove")));
void __aeabi_memmove8(void *, const void *, size_t)
    __attribute__((alias("__aeabi_memmove")));

void __aeabi_memset(void *dest, size_t n, int c) {
  fill(dest, (unsigned char)c, n);
}
void __aeabi_memset4(void *, size_t, int)
    __attribute__((alias("__aeabi_memset")));
void __aeabi_memset8(void *, size_t, int)
    __attribute__((alias("__aeabi_memset")));

void __aeabi_memclr(void *dest, size_t n) { fill(dest, 0, n); }
void __aeabi_memclr4(void *, size_t) __attribute__((alias("__aeabi_memclr")));
void __aeabi_memclr8(void *, size_t) __attribute__((alias("__aeabi_memclr")));
#endif
