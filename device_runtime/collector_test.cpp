#include "collector.h"

#include <gtest/gtest.h>

#include <vector>

namespace jlremote {
namespace {

// Objects as the compiler lays them out: words, some of them pointers.
class CollectorTest : public ::testing::Test {
protected:
  void SetUp() override {
    Begin = reinterpret_cast<uintptr_t>(Arena);
    H.init(Begin, Begin + sizeof(Arena));
  }
  uintptr_t *object(size_t words) {
    auto *O = static_cast<uintptr_t *>(
        H.allocate(words * sizeof(uintptr_t), Heap::kObject));
    EXPECT_NE(O, nullptr);
    for (size_t I = 0; I < words; ++I)
      O[I] = 0x11 * (I + 1); // no address of the heap
    return O;
  }
  bool live(const void *object) const {
    return H.blockAround(reinterpret_cast<uintptr_t>(object)) == object;
  }
  // One collection from the words of `roots`.
  size_t collect(const std::vector<uintptr_t> &roots) {
    const auto From = reinterpret_cast<uintptr_t>(roots.data());
    C.markFrom(H, From, From + roots.size() * sizeof(uintptr_t));
    return H.sweep();
  }

  alignas(16) uint8_t Arena[64 * 1024];
  uintptr_t Begin = 0;
  Heap H;
  Collector C;
};

TEST_F(CollectorTest, KeepsWhatTheRootsReachThroughObjects) {
  uintptr_t *A = object(4), *B = object(4), *Garbage = object(4);
  uintptr_t *D = object(2);
  A[1] = reinterpret_cast<uintptr_t>(B);
  B[3] = reinterpret_cast<uintptr_t>(D) + 8;   // an interior pointer
  Garbage[0] = reinterpret_cast<uintptr_t>(A); // points in, not reached
  EXPECT_GT(collect({reinterpret_cast<uintptr_t>(A)}), 0u);
  EXPECT_TRUE(live(A));
  EXPECT_TRUE(live(B));
  EXPECT_TRUE(live(D));
  EXPECT_FALSE(live(Garbage));
  EXPECT_EQ(B[0], 0x11u) << "content untouched";
}

// An image's bss starts right after its code, at any byte: its aligned
// words are scanned (an unaligned load faults on Cortex-M0).
TEST_F(CollectorTest, RangesStartingMidWordScanTheirAlignedWords) {
  uintptr_t *Kept = object(2);
  alignas(sizeof(uintptr_t))
      uintptr_t Bss[3] = {0, reinterpret_cast<uintptr_t>(Kept), 0};
  const auto From = reinterpret_cast<uintptr_t>(Bss) + 1;
  C.markFrom(H, From, From + sizeof(Bss) - 1);
  H.sweep();
  EXPECT_TRUE(live(Kept));
}

TEST_F(CollectorTest, CyclesAreCollectedWhenUnreachable) {
  uintptr_t *A = object(2), *B = object(2);
  A[0] = reinterpret_cast<uintptr_t>(B);
  B[0] = reinterpret_cast<uintptr_t>(A);
  const size_t Empty = H.freeBytes() + 2 * 32;
  collect({});
  EXPECT_FALSE(live(A));
  EXPECT_FALSE(live(B));
  EXPECT_EQ(H.freeBytes(), Empty);
}

TEST_F(CollectorTest, CodeIsNeitherTracedNorFreed) {
  auto *Code = static_cast<uintptr_t *>(H.allocate(64));
  uintptr_t *Object = object(2);
  Code[0] = reinterpret_cast<uintptr_t>(Object); // code is not a root
  collect({reinterpret_cast<uintptr_t>(Code)});
  EXPECT_TRUE(live(Code));
  EXPECT_FALSE(live(Object));
}

// More children than the mark stack holds: the rest are found again by
// rescanning the marked objects, down a chain below each of them.
TEST_F(CollectorTest, MarkStackOverflowRescansUntilEverythingIsMarked) {
  constexpr size_t Wide = 3 * Collector::kMarkStackSize;
  uintptr_t *Parent = object(Wide);
  std::vector<uintptr_t *> Leaves;
  for (size_t I = 0; I < Wide; ++I) {
    uintptr_t *Child = object(2);
    uintptr_t *Leaf = object(1);
    Child[1] = reinterpret_cast<uintptr_t>(Leaf);
    Parent[I] = reinterpret_cast<uintptr_t>(Child);
    Leaves.push_back(Leaf);
  }
  uintptr_t *Garbage = object(2);
  collect({reinterpret_cast<uintptr_t>(Parent)});
  EXPECT_GE(C.overflows(), 1u);
  for (uintptr_t *Leaf : Leaves)
    ASSERT_TRUE(live(Leaf));
  EXPECT_FALSE(live(Garbage));
}

} // namespace
} // namespace jlremote
