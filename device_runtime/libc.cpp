// The two C library functions the runtime image needs (nanopb and
// compiler-generated struct copies call them) on the boards, which link no C
// library. Byte loops: the runtime copies little, and bytes are what fits.
// GCC must not turn the loops back into calls to themselves.
#include <stddef.h>

extern "C" {

[[gnu::optimize("no-tree-loop-distribute-patterns")]] void *
memcpy(void *destination, const void *source, size_t size) {
  auto *To = static_cast<unsigned char *>(destination);
  const auto *From = static_cast<const unsigned char *>(source);
  while (size--)
    *To++ = *From++;
  return destination;
}

[[gnu::optimize("no-tree-loop-distribute-patterns")]] void *
memset(void *destination, int value, size_t size) {
  auto *To = static_cast<unsigned char *>(destination);
  while (size--)
    *To++ = static_cast<unsigned char>(value);
  return destination;
}
}
