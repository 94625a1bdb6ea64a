// The heap and the collector under AddressSanitizer (this test's sources
// are built with -fsanitize=address; the heap poisons free payloads): a
// random object graph changes between collections, a collection runs before
// every allocation, and every object the roots reach is checked by content
// after each one. A block freed while reachable is a use after poison,
// reported by ASan at once; at the end, with no roots, the heap is whole
// again (nothing leaks).
#include "collector.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace jlremote {
namespace {

// An object: its id, its size in words, a link to another object, then
// words derived from the id.
struct Node {
  uintptr_t Id;
  uintptr_t Words;
  Node *Next;
};
constexpr size_t kHeaderWords = 3;

uintptr_t fill(uintptr_t id, size_t word) { return (id * 31 + word) & 0xFFFF; }

void checkContent(const Node *n) {
  const auto *W = reinterpret_cast<const uintptr_t *>(n);
  for (size_t I = kHeaderWords; I < n->Words; ++I)
    ASSERT_EQ(W[I], fill(n->Id, I)) << "object " << n->Id << " word " << I;
}

TEST(GcStress, ReachableObjectsSurviveEveryCollection) {
  constexpr size_t kArena = 256 * 1024, kRoots = 64, kSteps = 20000;
  std::vector<uint8_t> Arena(kArena + 16);
  Heap H;
  const auto Begin = reinterpret_cast<uintptr_t>(Arena.data());
  H.init(Begin, Begin + kArena);
  const size_t Empty = H.freeBytes();
  Collector C;
  std::vector<uintptr_t> Roots(kRoots, 0);
  std::mt19937 Random(12345);
  uintptr_t NextId = 1;

  const auto collect = [&] {
    const auto From = reinterpret_cast<uintptr_t>(Roots.data());
    C.markFrom(H, From, From + Roots.size() * sizeof(uintptr_t));
    H.sweep();
  };
  for (size_t Step = 0; Step < kSteps; ++Step) {
    collect();
    // Everything reachable, checked along each root's chain.
    for (uintptr_t Root : Roots)
      for (auto *N = reinterpret_cast<Node *>(Root); N; N = N->Next)
        checkContent(N);
    if (::testing::Test::HasFatalFailure())
      return;
    const size_t Words = kHeaderWords + Random() % 40;
    auto *N = static_cast<Node *>(
        H.allocate(Words * sizeof(uintptr_t), Heap::kObject));
    ASSERT_NE(N, nullptr) << "the live set fits: only garbage can fill it";
    N->Id = NextId++;
    N->Words = Words;
    auto *W = reinterpret_cast<uintptr_t *>(N);
    for (size_t I = kHeaderWords; I < Words; ++I)
      W[I] = fill(N->Id, I);
    // Link it to what some root holds (short chains: a chain is cut when
    // its root is overwritten), then make it a root, dropping another.
    const uintptr_t Linked = Roots[Random() % kRoots];
    N->Next = Random() % 4 ? nullptr : reinterpret_cast<Node *>(Linked);
    Roots[Random() % kRoots] = reinterpret_cast<uintptr_t>(N);
  }
  std::fill(Roots.begin(), Roots.end(), 0);
  collect();
  EXPECT_EQ(H.freeBytes(), Empty);
  EXPECT_EQ(H.largestFree(), Empty);
}

} // namespace
} // namespace jlremote
