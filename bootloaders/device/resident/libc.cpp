// memcpy, which GCC calls even in freestanding code (struct copies), as a
// plain byte loop: the resident has no libc. Built without LTO (calls to it
// appear only after LTO) and with -fno-tree-loop-distribute-patterns (so the
// loop does not become a call to itself).
#include <stddef.h>
#include <stdint.h>

extern "C" void *memcpy(void *to, const void *from, size_t size) {
  uint8_t *To = static_cast<uint8_t *>(to);
  const uint8_t *From = static_cast<const uint8_t *>(from);
  while (size--)
    *To++ = *From++;
  return to;
}
