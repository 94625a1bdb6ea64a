// Device code printing through the host: jlremote_print is the runtime's
// slot 0 (device_runtime/runtime_slots.h); the host receives the format
// number and the bytes.
#include <stddef.h>

void jlremote_print(unsigned format, const void *values, size_t size);

struct Sample {
  double X;
  int N;
};

int report(int n) {
  for (int i = 1; i <= n; ++i) {
    struct Sample S = {i * 0.5, i};
    jlremote_print(7, &S, sizeof S);
  }
  return n;
}
