#include "crc32.h"
#include "frame.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace jlremote {
namespace {

std::vector<uint8_t> encode(uint8_t Kind, uint8_t Seq,
                            const std::vector<uint8_t> &Payload) {
  std::vector<uint8_t> Wire;
  encodeFrame(
      Kind, Seq, Payload.data(), Payload.size(),
      [](void *Context, uint8_t Byte) {
        static_cast<std::vector<uint8_t> *>(Context)->push_back(Byte);
      },
      &Wire);
  return Wire;
}

struct Decoded {
  std::vector<DecodeStatus> Statuses; // every status but Incomplete
  std::vector<std::vector<uint8_t>> Payloads;
  std::vector<uint8_t> Kinds, Seqs;
};

Decoded decodeAll(FrameDecoder &Decoder, const std::vector<uint8_t> &Wire) {
  Decoded Out;
  for (uint8_t Byte : Wire) {
    const DecodeStatus Status = Decoder.push(Byte);
    if (Status == DecodeStatus::Incomplete)
      continue;
    Out.Statuses.push_back(Status);
    if (Status == DecodeStatus::Complete) {
      const Frame &F = Decoder.frame();
      Out.Payloads.emplace_back(F.payload, F.payload + F.size);
      Out.Kinds.push_back(F.kind);
      Out.Seqs.push_back(F.seq);
    }
  }
  return Out;
}

TEST(Crc32, MatchesTheStandardCheckValue) {
  const char *Check = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t *>(Check), 9), 0xCBF43926u);
  // Pieces give the same CRC as the whole.
  uint32_t Crc = crc32Update(0, reinterpret_cast<const uint8_t *>(Check), 4);
  Crc = crc32Update(Crc, reinterpret_cast<const uint8_t *>(Check) + 4, 5);
  EXPECT_EQ(Crc, 0xCBF43926u);
}

TEST(Frame, RoundTripsEveryByteValueWithStuffing) {
  std::vector<uint8_t> Payload(kMaxPayload);
  for (size_t I = 0; I < Payload.size(); ++I)
    Payload[I] = uint8_t(I);
  const auto Wire = encode(kFrameData | kFrameStart, 0x7E, Payload);
  // Only the two delimiting flags are raw 0x7E.
  EXPECT_EQ(std::count(Wire.begin(), Wire.end(), kFrameFlag), 2);
  EXPECT_LE(Wire.size(), maxEncodedFrameSize(Payload.size()));
  FrameDecoder Decoder;
  const Decoded D = decodeAll(Decoder, Wire);
  ASSERT_EQ(D.Statuses, std::vector<DecodeStatus>{DecodeStatus::Complete});
  EXPECT_EQ(D.Payloads[0], Payload);
  EXPECT_EQ(D.Kinds[0], kFrameData | kFrameStart);
  EXPECT_EQ(D.Seqs[0], 0x7E);
}

TEST(Frame, EmptyPayloadAckAndBackToBackFramesShareAFlag) {
  auto Wire = encode(kFrameAck, 5, {});
  auto Second = encode(kFrameData, 6, {1, 2, 3});
  // Drop the second frame's opening flag: the first one's closing flag
  // starts it.
  Wire.insert(Wire.end(), Second.begin() + 1, Second.end());
  FrameDecoder Decoder;
  const Decoded D = decodeAll(Decoder, Wire);
  ASSERT_EQ(D.Payloads.size(), 2u);
  EXPECT_TRUE(D.Payloads[0].empty());
  EXPECT_EQ(D.Kinds[0], kFrameAck);
  EXPECT_EQ(D.Payloads[1], (std::vector<uint8_t>{1, 2, 3}));
  EXPECT_EQ(D.Seqs[1], 6);
}

TEST(Frame, NoiseBeforeTheFirstFlagIsIgnored) {
  std::vector<uint8_t> Wire = {0x00, 0x41, 0x7D, 0xFF};
  const auto Frame = encode(kFrameData, 1, {9});
  Wire.insert(Wire.end(), Frame.begin(), Frame.end());
  FrameDecoder Decoder;
  const Decoded D = decodeAll(Decoder, Wire);
  ASSERT_EQ(D.Statuses, std::vector<DecodeStatus>{DecodeStatus::Complete});
  EXPECT_EQ(D.Payloads[0], std::vector<uint8_t>{9});
}

TEST(Frame, EverySingleBitFlipIsDetectedAndTheNextFrameStillDecodes) {
  const auto Good = encode(kFrameData, 3, {0x10, 0x20, 0x7D, 0x30});
  for (size_t Byte = 1; Byte + 1 < Good.size(); ++Byte) {
    for (int Bit = 0; Bit < 8; ++Bit) {
      auto Wire = Good;
      Wire[Byte] ^= uint8_t(1 << Bit);
      Wire.insert(Wire.end(), Good.begin(), Good.end());
      FrameDecoder Decoder;
      const Decoded D = decodeAll(Decoder, Wire);
      // The corrupted frame never comes out as a frame; the good one does.
      ASSERT_FALSE(D.Payloads.empty()) << Byte << ":" << Bit;
      EXPECT_EQ(D.Payloads.back(),
                (std::vector<uint8_t>{0x10, 0x20, 0x7D, 0x30}));
      for (size_t I = 0; I + 1 < D.Payloads.size(); ++I)
        EXPECT_EQ(D.Payloads[I], D.Payloads.back()) << Byte << ":" << Bit;
    }
  }
}

TEST(Frame, ADroppedByteIsABadFrameNotAWrongOne) {
  const auto Good = encode(kFrameData, 3, {1, 2, 3, 4, 5, 6});
  for (size_t Dropped = 1; Dropped + 1 < Good.size(); ++Dropped) {
    auto Wire = Good;
    Wire.erase(Wire.begin() + long(Dropped));
    FrameDecoder Decoder;
    const Decoded D = decodeAll(Decoder, Wire);
    EXPECT_TRUE(D.Payloads.empty()) << Dropped;
    ASSERT_EQ(D.Statuses.size(), 1u);
    EXPECT_NE(D.Statuses[0], DecodeStatus::Complete);
  }
}

TEST(Frame, ReportsEachKindOfBadFrame) {
  FrameDecoder Decoder;
  // Too short: a header and no CRC.
  EXPECT_EQ(decodeAll(Decoder, {0x7E, 0x00, 0x01, 0x7E}).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::TooShort});
  // Too long: more than a maximal body before the flag.
  std::vector<uint8_t> Long(kMaxFrameBody + 2, 0x11);
  Long.insert(Long.begin(), kFrameFlag);
  Long.push_back(kFrameFlag);
  EXPECT_EQ(decodeAll(Decoder, Long).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::TooLong});
  // Bad escape: 0x7D followed by a byte that does not unstuff to 0x7D/0x7E.
  EXPECT_EQ(decodeAll(Decoder, {0x7E, 0x01, 0x7D, 0x41, 0x02, 0x7E}).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::BadEscape});
  // Bad CRC.
  auto Wire = encode(kFrameData, 1, {1});
  Wire[Wire.size() - 2] ^= 0x01;
  EXPECT_EQ(decodeAll(Decoder, Wire).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::BadCrc});
  // Reserved kind bits.
  EXPECT_EQ(decodeAll(Decoder, encode(0x43, 1, {})).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::BadKind});
  EXPECT_EQ(decodeAll(Decoder, encode(3, 1, {})).Statuses,
            std::vector<DecodeStatus>{DecodeStatus::BadKind});
}

} // namespace
} // namespace jlremote
