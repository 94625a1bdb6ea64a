#include "image_loader.h"

#include "crc32.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace jlremote {
namespace {

// Builds an image by hand, byte by byte, as the host's loader would.
struct ImageBuilder {
  uint8_t Magic0 = kImageMagic0;
  uint8_t Version = kImageFormatVersion;
  uint8_t Arch = kArchX86_64;
  std::vector<uint8_t> Code;
  uint16_t Bss = 0;
  uint16_t Entry = 0;
  std::vector<uint32_t> Relocs;

  void putWord(size_t offset, uint64_t value) {
    for (int I = 0; I < 8; ++I)
      Code[offset + I] = uint8_t(value >> (8 * I));
  }

  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> Out;
    auto put16 = [&](uint16_t V) {
      Out.push_back(uint8_t(V));
      Out.push_back(uint8_t(V >> 8));
    };
    Out.push_back(Magic0);
    Out.push_back(kImageMagic1);
    Out.push_back(Version);
    Out.push_back(Arch);
    put16(uint16_t(Code.size()));
    put16(Bss);
    put16(uint16_t(Relocs.size()));
    put16(Entry);
    put16(0);
    put16(0);
    Out.insert(Out.end(), Code.begin(), Code.end());
    for (uint32_t R : Relocs)
      for (int I = 0; I < 4; ++I)
        Out.push_back(uint8_t(R >> (8 * I)));
    const uint32_t Crc = crc32(Out.data(), Out.size());
    for (int I = 0; I < 4; ++I)
      Out[kImageCrcOffset + I] = uint8_t(Crc >> (8 * I));
    return Out;
  }
};

uint64_t wordAt(const uint8_t *p) {
  uint64_t V = 0;
  for (int I = 7; I >= 0; --I)
    V = V << 8 | p[I];
  return V;
}

class ImageLoaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    B.Code.assign(40, 0x90);
    B.putWord(0, 0x10); // code base + 0x10
    B.putWord(8, 1234); // left alone
    B.Bss = 40;         // a 16-byte stub at 40, then 24 bytes
    B.Entry = 0x18;
    B.Relocs = {makeReloc(0, kRelocBase), makeReloc(5, 3)};
  }

  // Stores `image` as the device does (header and code, the relocations
  // after the bss) in a block of `extra` more bytes than it needs, and loads
  // it.
  ImageCheck load(const std::vector<uint8_t> &image, ptrdiff_t extra = 0) {
    const size_t Need = imageBlockSize(B.Code.size(), B.Bss, B.Relocs.size());
    Block.assign(size_t(ptrdiff_t(Need) + extra), 0xEE);
    const size_t CodeEnd =
        std::min(image.size(), kImageHeaderSize + B.Code.size());
    std::copy(image.begin(), image.begin() + CodeEnd, Block.begin());
    std::copy(image.begin() + CodeEnd, image.end(),
              Block.begin() + CodeEnd + B.Bss);
    Before = Block;
    return loadImage(Block.data(), image.size(), Block.size(), kArchX86_64,
                     Hook, &Entry);
  }

  void expectRefused(const ImageCheck &Check, ImageStatus Status,
                     uint32_t Value, uint32_t Expected) {
    EXPECT_EQ(Check.Status, Status);
    EXPECT_EQ(Check.Value, Value);
    EXPECT_EQ(Check.Expected, Expected);
    EXPECT_EQ(Block, Before) << "a refused image must be left untouched";
  }

  ImageBuilder B;
  uintptr_t Slots[8] = {};
  StubHook Hook = {&writeSlotStub, Slots, 8};
  std::vector<uint8_t> Block, Before;
  uintptr_t Entry = 0;
};

TEST_F(ImageLoaderTest, AppliesBaseRelocationsWritesStubsAndZeroesBss) {
  const ImageCheck Check = load(B.bytes());
  ASSERT_EQ(Check.Status, kImageOk);
  uint8_t *const Code = Block.data() + kImageHeaderSize;
  const uintptr_t Base = reinterpret_cast<uintptr_t>(Code);
  EXPECT_EQ(wordAt(Code), Base + 0x10);
  EXPECT_EQ(wordAt(Code + 8), 1234u);
  EXPECT_EQ(Code[24], 0x90);
  // movabs r11, &Slots[3]; jmp [r11]; int3 padding.
  const uint8_t *const Stub = Code + B.Code.size();
  EXPECT_EQ(Stub[0], 0x49);
  EXPECT_EQ(Stub[1], 0xbb);
  EXPECT_EQ(wordAt(Stub + 2), reinterpret_cast<uintptr_t>(&Slots[3]));
  EXPECT_TRUE(std::equal(Stub + 10, Stub + 16, kStubX86_64 + 10));
  for (size_t I = 16; I < B.Bss; ++I)
    EXPECT_EQ(Stub[I], 0) << "bss byte " << I;
  EXPECT_EQ(Entry, Base + 0x18);
}

TEST_F(ImageLoaderTest, RelocationsAfterTheBssSurviveLoading) {
  ASSERT_EQ(load(B.bytes()).Status, kImageOk);
  const size_t Relocs = kImageHeaderSize + B.Code.size() + B.Bss;
  EXPECT_TRUE(
      std::equal(Block.begin() + Relocs, Block.end(), Before.begin() + Relocs));
}

TEST_F(ImageLoaderTest, WithoutSlotsEveryStubRelocationIsRefused) {
  Hook = StubHook{nullptr, nullptr, 0};
  expectRefused(load(B.bytes()), kImageBadReloc, 1, 3);
  B.Relocs.pop_back();
  EXPECT_EQ(load(B.bytes()).Status, kImageOk);
}

TEST_F(ImageLoaderTest, RefusesBadMagic) {
  B.Magic0 = 'X';
  expectRefused(load(B.bytes()), kImageBadMagic, 'X' | 'L' << 8,
                'J' | 'L' << 8);
}

TEST_F(ImageLoaderTest, RefusesOtherFormatVersion) {
  B.Version = 1;
  expectRefused(load(B.bytes()), kImageBadVersion, 1, kImageFormatVersion);
}

TEST_F(ImageLoaderTest, RefusesOtherArch) {
  B.Arch = kArchThumbV7M;
  expectRefused(load(B.bytes()), kImageBadArch, kArchThumbV7M, kArchX86_64);
}

TEST_F(ImageLoaderTest, RefusesSizeMismatches) {
  std::vector<uint8_t> Image = B.bytes();
  // Fewer bytes than the header announces.
  Image.pop_back();
  expectRefused(load(Image), kImageBadSize, uint32_t(Image.size() + 1),
                uint32_t(Image.size()));
  // Shorter than a header.
  expectRefused(load(std::vector<uint8_t>(Image.begin(), Image.begin() + 10)),
                kImageBadSize, 10, kImageHeaderSize);
  // A block without room for the bss.
  const size_t Need = imageBlockSize(B.Code.size(), B.Bss, B.Relocs.size());
  expectRefused(load(B.bytes(), -1), kImageBadSize, uint32_t(Need),
                uint32_t(Need - 1));
  // An entry outside the code.
  B.Entry = uint16_t(B.Code.size());
  expectRefused(load(B.bytes()), kImageBadSize, uint32_t(B.Code.size()),
                uint32_t(B.Code.size()));
}

TEST_F(ImageLoaderTest, RefusesBadCrc) {
  std::vector<uint8_t> Image = B.bytes();
  const uint32_t Stated = uint32_t(Image[12] | Image[13] << 8 |
                                   Image[14] << 16 | uint32_t(Image[15]) << 24);
  Image[kImageHeaderSize + 30] ^= 0x01;
  std::vector<uint8_t> Zeroed = Image;
  for (int I = 0; I < 4; ++I)
    Zeroed[kImageCrcOffset + I] = 0;
  expectRefused(load(Image), kImageBadCrc, crc32(Zeroed.data(), Zeroed.size()),
                Stated);
}

TEST_F(ImageLoaderTest, RefusesRelocationOutsideCodeBssOrSlots) {
  // A base relocation at word 5 of 40 bytes of code ends at byte 48.
  B.Relocs.push_back(makeReloc(5, kRelocBase));
  expectRefused(load(B.bytes()), kImageBadReloc, 2, 40);
  // A stub in the code (word 4: byte 32).
  B.Relocs.back() = makeReloc(4, 1);
  expectRefused(load(B.bytes()), kImageBadReloc, 2, 32);
  // A stub running past the bss: bytes 72 to 88 of 80.
  B.Relocs.back() = makeReloc(9, 1);
  expectRefused(load(B.bytes()), kImageBadReloc, 2, 72);
  // Slot 8 of a table of 8; the first two relocations stay unapplied.
  B.Relocs.back() = makeReloc(7, 8);
  expectRefused(load(B.bytes()), kImageBadReloc, 2, 8);
}

TEST(ArchRunsTest, OlderThumbProfilesRunOnNewerCores) {
  EXPECT_TRUE(archRuns(kArchThumbV7M, kArchThumbV6M));
  EXPECT_FALSE(archRuns(kArchThumbV6M, kArchThumbV7M));
  EXPECT_FALSE(archRuns(kArchThumbV7EMHard, kArchThumbV7M));
  EXPECT_FALSE(archRuns(kArchX86_64, kArchThumbV6M));
}

} // namespace
} // namespace jlremote
