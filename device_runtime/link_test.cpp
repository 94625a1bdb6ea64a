#include "link.h"

#include <jlremote.pb.h>
#include <pb_decode.h>
#include <pb_encode.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <vector>

namespace jlremote {
namespace {

using Bytes = std::vector<uint8_t>;

struct HostFrame {
  uint8_t Kind;
  uint8_t Seq;
  Bytes Payload;
};

// A loopback pair of byte queues with a scripted host at the far end. The
// device's clock only moves while it waits for input, one millisecond per
// empty read, so timeouts are deterministic.
struct Loopback {
  std::deque<uint8_t> ToDevice, ToHost;
  uint32_t Clock = 0;
  FrameDecoder HostDecoder;
  std::vector<HostFrame> Received; // every frame the device sent
  int AcksToDrop = 0;              // the host "loses" its next ACKs

  // The host reads what the device wrote and acknowledges its DATA.
  void hostStep() {
    while (!ToHost.empty()) {
      const uint8_t Byte = ToHost.front();
      ToHost.pop_front();
      if (HostDecoder.push(Byte) != DecodeStatus::Complete)
        continue;
      const Frame &F = HostDecoder.frame();
      Received.push_back({F.kind, F.seq, Bytes(F.payload, F.payload + F.size)});
      if ((F.kind & kFrameKindMask) != kFrameData)
        continue;
      if (AcksToDrop > 0)
        --AcksToDrop;
      else
        sendFrame(kFrameAck, F.seq, {});
    }
  }

  void sendFrame(uint8_t kind, uint8_t seq, const Bytes &payload) {
    encodeFrame(
        kind, seq, payload.data(), payload.size(),
        [](void *Self, uint8_t Byte) {
          static_cast<Loopback *>(Self)->ToDevice.push_back(Byte);
        },
        this);
  }

  std::vector<uint8_t> acksReceived() const {
    std::vector<uint8_t> Seqs;
    for (const HostFrame &F : Received)
      if ((F.Kind & kFrameKindMask) == kFrameAck)
        Seqs.push_back(F.Seq);
    return Seqs;
  }

  std::vector<HostFrame> dataReceived() const {
    std::vector<HostFrame> Data;
    for (const HostFrame &F : Received)
      if ((F.Kind & kFrameKindMask) == kFrameData)
        Data.push_back(F);
    return Data;
  }
};

Loopback *Wire = nullptr;

int readByte() {
  if (Wire->ToDevice.empty())
    Wire->hostStep();
  if (Wire->ToDevice.empty()) {
    if (++Wire->Clock > 100000) { // the device waits for what never comes
      std::fprintf(stderr, "link_test: device stuck waiting for input\n");
      std::abort();
    }
    return -1;
  }
  const uint8_t Byte = Wire->ToDevice.front();
  Wire->ToDevice.pop_front();
  return Byte;
}

void writeByte(void *, uint8_t byte) { Wire->ToHost.push_back(byte); }

uint32_t millis() { return Wire->Clock; }

// varint(length) + protobuf, as the host puts a message on the link.
template <typename T>
Bytes encodeMessage(const pb_msgdesc_t *fields, const T &message) {
  size_t Size = 0;
  EXPECT_TRUE(pb_get_encoded_size(&Size, fields, &message));
  Bytes Out(Size + 10);
  pb_ostream_t Stream = pb_ostream_from_buffer(Out.data(), Out.size());
  EXPECT_TRUE(pb_encode_varint(&Stream, Size));
  EXPECT_TRUE(pb_encode(&Stream, fields, &message));
  Out.resize(Stream.bytes_written);
  return Out;
}

// Cuts a message into DATA frames of at most kMaxPayload bytes.
std::vector<Bytes> cut(const Bytes &message) {
  std::vector<Bytes> Frames;
  for (size_t I = 0; I < message.size(); I += kMaxPayload)
    Frames.emplace_back(message.begin() + I,
                        message.begin() +
                            std::min(message.size(), I + kMaxPayload));
  return Frames;
}

// A Call bigger than one frame: every field a 10-byte varint.
jlremote_ToDevice bigCall(uint32_t slot) {
  jlremote_ToDevice M = jlremote_ToDevice_init_zero;
  M.which_msg = jlremote_ToDevice_call_tag;
  jlremote_Call &C = M.msg.call;
  C.slot = slot;
  C.gp_count = C.fp_count = 8;
  C.stack_count = 16;
  for (int I = 0; I < 8; ++I) {
    C.gp[I] = 0x8000000000000000ull | uint64_t(I);
    C.fp[I] = 0x8100000000000000ull | uint64_t(I);
  }
  for (int I = 0; I < 16; ++I)
    C.stack[I] = 0x8200000000000000ull | uint64_t(I);
  return M;
}

jlremote_ToDevice info() {
  jlremote_ToDevice M = jlremote_ToDevice_init_zero;
  M.which_msg = jlremote_ToDevice_info_tag;
  return M;
}

class LinkTest : public ::testing::Test {
protected:
  void SetUp() override {
    Wire = &Host;
    Services.ReadByte = &readByte;
    Services.WriteByte = &writeByte;
    Services.Millis = &millis;
    Services.Decoder = &ResidentDecoder;
    // The resident acked seq 5 (StartRuntime); the runtime's first is 9.
    Services.LastRxSeq = 5;
    Services.NextTxSeq = 9;
    Device.init(Services);
  }

  // Host sends `message` with consecutive seqs from `seq`; returns the next.
  uint8_t hostSend(const jlremote_ToDevice &message, uint8_t seq) {
    const std::vector<Bytes> Frames =
        cut(encodeMessage(jlremote_ToDevice_fields, message));
    for (size_t I = 0; I < Frames.size(); ++I)
      Host.sendFrame(kFrameData | (I == 0 ? kFrameStart : 0), seq++, Frames[I]);
    return seq;
  }

  LinkStatus deviceReceive() {
    Got = jlremote_ToDevice_init_zero;
    return Device.receive(jlremote_ToDevice_fields, &Got);
  }

  Loopback Host;
  ResidentServices Services = {};
  FrameDecoder ResidentDecoder;
  Link Device;
  jlremote_ToDevice Got = jlremote_ToDevice_init_zero;
};

TEST_F(LinkTest, ReceivesAMessageSpanningFrames) {
  const jlremote_ToDevice Sent = bigCall(7);
  ASSERT_GT(encodeMessage(jlremote_ToDevice_fields, Sent).size(), kMaxPayload);
  hostSend(Sent, 6);
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  ASSERT_EQ(Got.which_msg, jlremote_ToDevice_call_tag);
  EXPECT_EQ(Got.msg.call.slot, 7u);
  ASSERT_EQ(Got.msg.call.stack_count, 16);
  EXPECT_EQ(Got.msg.call.stack[15], Sent.msg.call.stack[15]);
  EXPECT_EQ(Got.msg.call.fp[7], Sent.msg.call.fp[7]);
  Host.hostStep();
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{6, 7}));
}

TEST_F(LinkTest, RepeatedFramesAreAckedAndDeliveredOnce) {
  // seq 5 is the StartRuntime the resident delivered: a repeat of it.
  hostSend(info(), 5);
  // A two-frame Call whose first frame arrives twice (its ACK was lost).
  const std::vector<Bytes> Frames =
      cut(encodeMessage(jlremote_ToDevice_fields, bigCall(3)));
  Host.sendFrame(kFrameData | kFrameStart, 6, Frames[0]);
  Host.sendFrame(kFrameData | kFrameStart, 6, Frames[0]);
  Host.sendFrame(kFrameData, 7, Frames[1]);
  hostSend(info(), 8);

  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_call_tag);
  EXPECT_EQ(Got.msg.call.slot, 3u);
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
  Host.hostStep();
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{5, 6, 6, 7, 8}));
}

TEST_F(LinkTest, SendsInFramesAndRepeatsAFrameWhoseAckWasLost) {
  const jlremote_ToDevice Sent = bigCall(11);
  Host.AcksToDrop = 1;
  ASSERT_EQ(Device.send(jlremote_ToDevice_fields, &Sent), LinkStatus::Ok);
  const std::vector<HostFrame> Data = Host.dataReceived();
  // Frame 9 went twice, Link::kRetryMs apart; then frame 10.
  ASSERT_EQ(Data.size(), 3u);
  EXPECT_EQ(Data[0].Seq, 9);
  EXPECT_EQ(Data[1].Seq, 9);
  EXPECT_EQ(Data[0].Payload, Data[1].Payload);
  EXPECT_EQ(Data[2].Seq, 10);
  EXPECT_EQ(Data[0].Kind, kFrameData | kFrameStart);
  EXPECT_EQ(Data[2].Kind, kFrameData);
  EXPECT_GE(Host.Clock, Link::kRetryMs);
  Bytes Whole = Data[0].Payload;
  Whole.insert(Whole.end(), Data[2].Payload.begin(), Data[2].Payload.end());
  EXPECT_EQ(Whole, encodeMessage(jlremote_ToDevice_fields, Sent));
}

TEST_F(LinkTest, HostDataIsIgnoredWhileTheDeviceWaitsForAnAck) {
  hostSend(info(), 6); // already queued when the device starts sending
  const jlremote_ToDevice Sent = info();
  ASSERT_EQ(Device.send(jlremote_ToDevice_fields, &Sent), LinkStatus::Ok);
  EXPECT_TRUE(Host.acksReceived().empty());
  hostSend(info(), 6); // the host repeats it
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
  Host.hostStep();
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{6}));
}

TEST_F(LinkTest, SyncMidMessageDropsItAndResetsSequences) {
  const std::vector<Bytes> Frames =
      cut(encodeMessage(jlremote_ToDevice_fields, bigCall(3)));
  Host.sendFrame(kFrameData | kFrameStart, 6, Frames[0]);
  Host.sendFrame(kFrameSync, 42, {});
  // After SYNC the host starts again at seq 0; the device must deliver it
  // even though its last delivered seq was never 0xFF.
  hostSend(info(), 0);
  EXPECT_EQ(deviceReceive(), LinkStatus::Sync);
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
  Host.hostStep();
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{6, 42, 0}));
  // The device's own numbering restarts too.
  const jlremote_ToDevice Sent = info();
  ASSERT_EQ(Device.send(jlremote_ToDevice_fields, &Sent), LinkStatus::Ok);
  EXPECT_EQ(Host.dataReceived().back().Seq, 0);
}

TEST_F(LinkTest, SyncWhileWaitingForAnAckAbandonsTheSend) {
  Host.AcksToDrop = 1000;
  Host.sendFrame(kFrameSync, 1, {});
  const jlremote_ToDevice Sent = info();
  EXPECT_EQ(Device.send(jlremote_ToDevice_fields, &Sent), LinkStatus::Sync);
  Host.AcksToDrop = 0;
  ASSERT_EQ(Device.send(jlremote_ToDevice_fields, &Sent), LinkStatus::Ok);
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{1}));
  EXPECT_EQ(Host.dataReceived().front().Seq, 9);
  EXPECT_EQ(Host.dataReceived().back().Seq, 0);
}

TEST_F(LinkTest, ANewMessageInterruptsAnUnfinishedOne) {
  const std::vector<Bytes> Frames =
      cut(encodeMessage(jlremote_ToDevice_fields, bigCall(3)));
  Host.sendFrame(kFrameData | kFrameStart, 6, Frames[0]);
  hostSend(info(), 7);
  EXPECT_EQ(deviceReceive(), LinkStatus::Interrupted);
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
}

TEST_F(LinkTest, UndecodableMessageIsReadToItsEnd) {
  // Length 300, then 300 bytes of wire type 7 (invalid), in two frames.
  Bytes Garbage = {0xAC, 0x02};
  Garbage.resize(302, 0xFF);
  const std::vector<Bytes> Frames = cut(Garbage);
  ASSERT_EQ(Frames.size(), 2u);
  Host.sendFrame(kFrameData | kFrameStart, 6, Frames[0]);
  Host.sendFrame(kFrameData, 7, Frames[1]);
  hostSend(info(), 8);
  EXPECT_EQ(deviceReceive(), LinkStatus::Undecodable);
  Host.hostStep();
  EXPECT_EQ(Host.acksReceived(), (std::vector<uint8_t>{6, 7}));
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
}

TEST_F(LinkTest, StrayContinuationFramesAreSkipped) {
  Host.sendFrame(kFrameData, 6, Bytes(10, 0x55));
  hostSend(info(), 7);
  ASSERT_EQ(deviceReceive(), LinkStatus::Ok);
  EXPECT_EQ(Got.which_msg, jlremote_ToDevice_info_tag);
}

} // namespace
} // namespace jlremote
