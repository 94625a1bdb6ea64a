#include "heap.h"

#include <gtest/gtest.h>

#include <vector>

namespace jlremote {
namespace {

class HeapTest : public ::testing::Test {
protected:
  // An arena deliberately misaligned by 3 bytes.
  void SetUp() override {
    Begin = reinterpret_cast<uintptr_t>(Arena) + 3;
    H.init(Begin, Begin + 1000);
  }
  alignas(16) uint8_t Arena[1100];
  uintptr_t Begin = 0;
  Heap H;
};

TEST_F(HeapTest, BlocksAreAlignedDisjointAndInsideTheRange) {
  const std::vector<size_t> Sizes = {1, 15, 16, 17, 100, 7};
  std::vector<uint8_t *> Blocks;
  for (size_t Size : Sizes)
    Blocks.push_back(static_cast<uint8_t *>(H.allocate(Size)));
  for (size_t I = 0; I < Blocks.size(); ++I) {
    ASSERT_NE(Blocks[I], nullptr);
    const uintptr_t A = reinterpret_cast<uintptr_t>(Blocks[I]);
    EXPECT_EQ(A % Heap::kAlign, 0u);
    EXPECT_GE(A, Begin);
    EXPECT_LE(A + Sizes[I], Begin + 1000);
    // First fit in an empty heap: in order, each with room for its size
    // and the next block's header.
    if (I > 0)
      EXPECT_GE(Blocks[I] - Blocks[I - 1],
                ptrdiff_t(Sizes[I - 1] + Heap::kHeaderSize));
  }
}

TEST_F(HeapTest, AccountsForEveryByte) {
  const size_t Initial = H.freeBytes();
  EXPECT_EQ(Initial, H.largestFree());
  EXPECT_EQ(Initial + Heap::kHeaderSize, H.size());
  EXPECT_LE(H.size(), 1000u);
  EXPECT_GT(H.size(), 1000u - 2 * Heap::kAlign);
  void *A = H.allocate(40); // 40 + 8 rounds to 48
  EXPECT_EQ(H.freeBytes(), Initial - 48);
  H.free(A);
  EXPECT_EQ(H.freeBytes(), Initial);
}

TEST_F(HeapTest, FreeCoalescesNeighbours) {
  void *A = H.allocate(100);
  void *B = H.allocate(100);
  void *C = H.allocate(100);
  void *D = H.allocate(100);
  ASSERT_TRUE(A && B && C && D);
  const size_t Tail = H.largestFree();
  H.free(B);
  H.free(D); // merges with the free tail
  EXPECT_GT(H.largestFree(), Tail);
  const size_t AfterD = H.largestFree();
  H.free(C); // merges B, C and the tail into one
  EXPECT_EQ(H.largestFree(), H.freeBytes());
  EXPECT_GT(H.largestFree(), AfterD);
  // First fit reuses the lowest hole.
  EXPECT_EQ(H.allocate(200), B);
  H.free(A);
  H.free(B);
  EXPECT_EQ(H.largestFree(), H.size() - Heap::kHeaderSize);
}

TEST_F(HeapTest, ShrinkGivesTheTailBackAndKeepsTheContents) {
  const size_t Before = H.freeBytes();
  auto *A = static_cast<uint8_t *>(H.allocate(400));
  auto *B = static_cast<uint8_t *>(H.allocate(100));
  ASSERT_NE(A, nullptr);
  ASSERT_NE(B, nullptr);
  for (size_t I = 0; I < 100; ++I)
    A[I] = uint8_t(I);
  H.shrink(A, 100);
  for (size_t I = 0; I < 100; ++I)
    ASSERT_EQ(A[I], uint8_t(I));
  // The tail is a hole of its own between A and B: 400 rounds to 416 bytes
  // with the header, 100 to 112, so 304 payload bytes come back minus a
  // header.
  auto *C = static_cast<uint8_t *>(H.allocate(296));
  EXPECT_GT(C, A);
  EXPECT_LT(C, B);
  H.free(C);
  // Shrinking to (nearly) the same size changes nothing.
  const size_t Free = H.freeBytes();
  H.shrink(A, 99);
  EXPECT_EQ(H.freeBytes(), Free);
  H.free(A);
  H.free(B);
  EXPECT_EQ(H.freeBytes(), Before);
}

TEST_F(HeapTest, OutOfMemoryLeavesTheHeapAsItWas) {
  const size_t Largest = H.largestFree();
  EXPECT_EQ(H.allocate(Largest + 1), nullptr);
  EXPECT_EQ(H.allocate(size_t(-1)), nullptr);
  EXPECT_EQ(H.largestFree(), Largest);
  void *All = H.allocate(Largest);
  ASSERT_NE(All, nullptr);
  EXPECT_EQ(H.freeBytes(), 0u);
  EXPECT_EQ(H.allocate(1), nullptr);
  H.free(All);
  EXPECT_EQ(H.largestFree(), Largest);
}

TEST_F(HeapTest, FragmentedHeapRefusesWhatNoHoleHolds) {
  // The block-start map takes 8 bytes (a bit per 16 of the 1000), so the
  // first header is at Arena + 24: the heap is 976 bytes up to Arena + 1000.
  ASSERT_EQ(H.size(), 976u);
  void *Blocks[8];
  for (void *&B : Blocks)
    B = H.allocate(104); // 112-byte blocks, 80 bytes left at the end
  for (int I = 0; I < 8; I += 2)
    H.free(Blocks[I]);
  EXPECT_EQ(H.largestFree(), 104u);
  EXPECT_EQ(H.freeBytes(), 4 * 104u + 72u);
  EXPECT_EQ(H.allocate(105), nullptr);
  EXPECT_EQ(H.allocate(104), Blocks[0]);
}

TEST_F(HeapTest, BlockAroundFindsTheBlockOfAnInteriorPointer) {
  auto *Small = static_cast<uint8_t *>(H.allocate(24));
  auto *Large = static_cast<uint8_t *>(H.allocate(500));
  const auto Address = [](const uint8_t *P) {
    return reinterpret_cast<uintptr_t>(P);
  };
  EXPECT_EQ(H.blockAround(Address(Large)), Large);
  EXPECT_EQ(H.blockAround(Address(Large) + 499), Large);
  EXPECT_EQ(H.blockAround(Address(Small) + 23), Small);
  // Headers, free blocks and addresses outside the heap hold no block.
  EXPECT_EQ(H.blockAround(Address(Large) - 1), nullptr);
  EXPECT_EQ(H.blockAround(Address(Large) + 600), nullptr);
  EXPECT_EQ(H.blockAround(Begin + 2000), nullptr);
  EXPECT_EQ(H.blockAround(0), nullptr);
  H.free(Large);
  EXPECT_EQ(H.blockAround(Address(Large) + 100), nullptr);
}

TEST_F(HeapTest, SweepFreesUnmarkedObjectsOnlyAndClearsMarks) {
  const size_t Empty = H.freeBytes();
  void *Code = H.allocate(40);
  void *Kept = H.allocate(40, Heap::kObject);
  void *Garbage = H.allocate(40, Heap::kObject);
  EXPECT_EQ(H.kindOf(Code), Heap::kCode);
  EXPECT_EQ(H.kindOf(Kept), Heap::kObject);
  EXPECT_TRUE(H.mark(Kept));
  EXPECT_FALSE(H.mark(Kept)) << "marked once";
  EXPECT_EQ(H.sweep(), 48u); // Garbage's block, header included
  EXPECT_EQ(H.blockAround(reinterpret_cast<uintptr_t>(Garbage)), nullptr);
  EXPECT_EQ(H.blockAround(reinterpret_cast<uintptr_t>(Kept)), Kept);
  EXPECT_FALSE(H.marked(Kept));
  // Unmarked now, so the next sweep takes it; code stays until freed.
  EXPECT_EQ(H.sweep(), 48u);
  EXPECT_EQ(H.blockAround(reinterpret_cast<uintptr_t>(Code)), Code);
  H.free(Code);
  EXPECT_EQ(H.freeBytes(), Empty);
  EXPECT_EQ(H.largestFree(), Empty) << "coalesced into one block";
}

TEST_F(HeapTest, HighWaterIsThePeakOfUsedBytes) {
  void *A = H.allocate(100); // 112-byte block
  void *B = H.allocate(100, Heap::kObject);
  H.free(A);
  EXPECT_EQ(H.sweep(true), 112u);
  (void)H.allocate(10);
  EXPECT_EQ(H.highWater(), 224u);
  (void)B;
}

TEST(HeapTinyTest, TooSmallARangeIsAnEmptyHeap) {
  alignas(16) uint8_t Arena[32];
  Heap H;
  H.init(reinterpret_cast<uintptr_t>(Arena) + 9,
         reinterpret_cast<uintptr_t>(Arena) + 20);
  EXPECT_EQ(H.size(), 0u);
  EXPECT_EQ(H.allocate(1), nullptr);
  EXPECT_EQ(H.largestFree(), 0u);
}

} // namespace
} // namespace jlremote
