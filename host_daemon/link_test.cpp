// Two real Links over an in-memory transport pair: one plays the host, the
// other the device end (a Link answers SYNC the way the device does). Faults
// are injected on the wire between them.
#include "link.h"
#include "loopback_transport.h"

#include <gtest/gtest.h>

#include <random>

namespace jlremote::host {
namespace {

using namespace std::chrono_literals;

struct LinkPair : ::testing::Test {
  asio::io_context Io;
  std::unique_ptr<LoopbackTransport> HostPort, DevicePort;
  std::unique_ptr<Link> Host, Device;

  void SetUp() override {
    std::tie(HostPort, DevicePort) = LoopbackTransport::makePair(Io);
    LinkOptions Fast;
    Fast.RetransmitTimeout = 5ms;
    Fast.MaxRetransmitTimeout = 20ms;
    Fast.MaxTries = 40;
    Host = std::make_unique<Link>(Io, *HostPort, Fast);
    Device = std::make_unique<Link>(Io, *DevicePort, Fast);
  }

  static Clock::time_point in(Millis D) { return Clock::now() + D; }

  static std::vector<uint8_t> message(size_t Size, unsigned Seed) {
    std::vector<uint8_t> M(Size);
    std::mt19937 Rng(Seed);
    for (auto &B : M)
      B = uint8_t(Rng());
    // Make sure flag and escape bytes are in there to be stuffed.
    if (Size > 2) {
      M[0] = kFrameFlag;
      M[1] = kFrameEscape;
    }
    return M;
  }
};

TEST_F(LinkPair, DeliversMessagesBothWays) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  const auto Request = message(10, 1);
  ASSERT_FALSE(bool(Host->send(Request, in(1s))));
  auto Got = Device->receive(in(1s), "request");
  ASSERT_TRUE(bool(Got)) << llvm::toString(Got.takeError());
  EXPECT_EQ(*Got, Request);

  const auto Reply = message(3, 2);
  ASSERT_FALSE(bool(Device->send(Reply, in(1s))));
  auto Back = Host->receive(in(1s), "reply");
  ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
  EXPECT_EQ(*Back, Reply);
  EXPECT_EQ(Host->stats().Retransmissions, 0u);
  EXPECT_EQ(Host->stats().MessagesSent, 1u);
  EXPECT_EQ(Host->stats().MessagesReceived, 1u);
}

TEST_F(LinkPair, CutsLongMessagesIntoFrames) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  const auto Big = message(1000, 3); // varint(2 bytes) + 1000 = 4 frames
  const uint64_t FramesBefore = Host->stats().FramesSent;
  ASSERT_FALSE(bool(Host->send(Big, in(1s))));
  EXPECT_EQ(Host->stats().FramesSent - FramesBefore, 4u);
  auto Got = Device->receive(in(1s), "big");
  ASSERT_TRUE(bool(Got)) << llvm::toString(Got.takeError());
  EXPECT_EQ(*Got, Big);
  EXPECT_GT(Host->stats().BytesSent, Big.size());
}

TEST_F(LinkPair, EmptyMessage) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  ASSERT_FALSE(bool(Host->send({}, in(1s))));
  auto Got = Device->receive(in(1s), "empty");
  ASSERT_TRUE(bool(Got)) << llvm::toString(Got.takeError());
  EXPECT_TRUE(Got->empty());
}

TEST_F(LinkPair, SurvivesLossAndCorruption) {
  std::mt19937 Rng(42);
  // Host to device: a third of the frames vanish. Device to host: a byte in
  // some frames is flipped or dropped (ACKs included).
  HostPort->OnWrite = [&](std::vector<uint8_t> &Bytes) {
    if (Rng() % 3 == 0)
      Bytes.clear();
  };
  DevicePort->OnWrite = [&](std::vector<uint8_t> &Bytes) {
    if (Bytes.size() > 2 && Rng() % 4 == 0) {
      const size_t At = 1 + Rng() % (Bytes.size() - 2);
      if (Rng() % 2)
        Bytes[At] ^= uint8_t(1 + Rng() % 255);
      else
        Bytes.erase(Bytes.begin() + At);
    }
  };
  ASSERT_FALSE(bool(Host->sync(in(5s))));
  for (unsigned I = 0; I < 20; ++I) {
    const auto Request = message(1 + I * 37, 100 + I);
    ASSERT_FALSE(bool(Host->send(Request, in(5s))));
    const auto Reply = message(1 + I * 23, 200 + I);
    ASSERT_FALSE(bool(Device->send(Reply, in(5s))));
    auto Got = Device->receive(in(5s), "request");
    ASSERT_TRUE(bool(Got)) << llvm::toString(Got.takeError());
    EXPECT_EQ(*Got, Request) << "request " << I;
    auto Back = Host->receive(in(5s), "reply");
    ASSERT_TRUE(bool(Back)) << llvm::toString(Back.takeError());
    EXPECT_EQ(*Back, Reply) << "reply " << I;
  }
  // Nothing was delivered twice: both inboxes are empty now.
  Host->runFor(50ms);
  EXPECT_FALSE(bool(Device->receive(in(10ms), "nothing")));
  EXPECT_FALSE(bool(Host->receive(in(10ms), "nothing")));
  EXPECT_GT(Host->stats().Retransmissions, 0u);
  EXPECT_GT(Device->stats().Retransmissions, 0u);
  EXPECT_GT(Host->stats().BadFrames, 0u);
}

TEST_F(LinkPair, LostAcksAreRepeatsNotDuplicates) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  // The device's first two ACKs are lost: the host repeats its frame, the
  // device acks the repeat but delivers the message once.
  int Dropped = 0;
  DevicePort->OnWrite = [&](std::vector<uint8_t> &Bytes) {
    if (Dropped < 2) {
      ++Dropped;
      Bytes.clear();
    }
  };
  const auto Request = message(5, 7);
  ASSERT_FALSE(bool(Host->send(Request, in(1s))));
  EXPECT_EQ(Host->stats().Retransmissions, 2u);
  EXPECT_EQ(Device->stats().DuplicatesDropped, 2u);
  auto Got = Device->receive(in(1s), "request");
  ASSERT_TRUE(bool(Got));
  EXPECT_EQ(*Got, Request);
  EXPECT_FALSE(bool(Device->receive(in(20ms), "a second copy")));
}

TEST_F(LinkPair, GivesUpNamingTheLostFrame) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  HostPort->OnWrite = [](std::vector<uint8_t> &Bytes) { Bytes.clear(); };
  const std::string Text = llvm::toString(Host->send(message(300, 9), in(5s)));
  EXPECT_NE(Text.find("no ACK for DATA frame seq 0 (frame 1 of 2 of a "
                      "300-byte message)"),
            std::string::npos)
      << Text;
  EXPECT_NE(Text.find("after 40 tries"), std::string::npos) << Text;
  // The failure is sticky.
  EXPECT_TRUE(bool(Host->receive(in(10ms), "anything").takeError()));
}

TEST_F(LinkPair, SyncWithoutAnswerFails) {
  HostPort->OnWrite = [](std::vector<uint8_t> &Bytes) { Bytes.clear(); };
  const std::string Text = llvm::toString(Host->sync(in(5s)));
  EXPECT_NE(Text.find("no answer to SYNC"), std::string::npos) << Text;
}

TEST_F(LinkPair, ReceiveTimeoutNamesWhatWasAwaited) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  const std::string Text =
      llvm::toString(Host->receive(in(30ms), "DeviceHello").takeError());
  EXPECT_NE(Text.find("waiting for DeviceHello"), std::string::npos) << Text;
}

TEST_F(LinkPair, SyncDropsWhatCameBefore) {
  // The device end says something before the host has synced (a runtime's
  // unasked DeviceHello); after SYNC, its next message has seq 0 again and
  // must be delivered, not taken for a repeat of the stale one.
  const auto Stale = message(4, 11);
  ASSERT_FALSE(bool(Device->send(Stale, in(1s))));
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  const auto Fresh = message(6, 12);
  ASSERT_FALSE(bool(Device->send(Fresh, in(1s))));
  auto Got = Host->receive(in(1s), "fresh");
  ASSERT_TRUE(bool(Got)) << llvm::toString(Got.takeError());
  EXPECT_EQ(*Got, Fresh);
}

TEST_F(LinkPair, PeerClosingIsAnError) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  DevicePort->close();
  const std::string Text =
      llvm::toString(Host->receive(in(1s), "reply").takeError());
  EXPECT_NE(Text.find("EOF"), std::string::npos) << Text;
}

TEST_F(LinkPair, ClosingIsAShutdownNotAFailure) {
  ASSERT_FALSE(bool(Host->sync(in(1s))));
  Host->close();
  Host->runFor(10ms);
  const std::string Text =
      llvm::toString(Host->receive(in(10ms), "reply").takeError());
  EXPECT_NE(Text.find("is closed"), std::string::npos) << Text;
}

} // namespace
} // namespace jlremote::host
