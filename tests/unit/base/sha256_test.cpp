#include <base/sha256.hpp>

#include <gtest/gtest.h>

using keiyaku::sha256_hex;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  std::string data(1000, 'x');
  keiyaku::Sha256 h;
  for (size_t i = 0; i < data.size(); i += 37) {
    h.update(std::string_view(data).substr(i, 37));
  }
  EXPECT_EQ(h.hex_digest(), sha256_hex(data));
}

// The CPU's SHA instructions (when it has them) and the portable code agree on every length
// around the block size and on a long buffer, fed whole and in pieces.
TEST(Sha256, HardwareAndPortableAgree) {
  if (!keiyaku::Sha256::hardware()) {
    GTEST_SKIP() << "no SHA instructions on this CPU";
  }
  std::string data;
  uint32_t x = 2463534242U;
  for (size_t i = 0; i < (1U << 20U); ++i) {
    x ^= x << 13U;
    x ^= x >> 17U;
    x ^= x << 5U;
    data += static_cast<char>(x & 0xFFU);
  }
  auto both = [](std::string_view d, size_t piece) {
    keiyaku::Sha256 fast;
    keiyaku::Sha256 portable(keiyaku::Sha256::Code::portable);
    for (size_t i = 0; i < d.size(); i += piece) {
      fast.update(d.substr(i, piece));
      portable.update(d.substr(i, piece));
    }
    return std::make_pair(fast.hex_digest(), portable.hex_digest());
  };
  for (size_t n = 0; n <= 300; ++n) {
    const auto [fast, portable] = both(std::string_view(data).substr(0, n), 1000);
    ASSERT_EQ(fast, portable) << n << " bytes";
  }
  for (const size_t piece : {size_t{1} << 20U, size_t{4096}, size_t{100}, size_t{63}}) {
    const auto [fast, portable] = both(data, piece);
    EXPECT_EQ(fast, portable) << "pieces of " << piece;
  }
  keiyaku::Sha256 portable(keiyaku::Sha256::Code::portable);
  portable.update("abc");
  EXPECT_EQ(portable.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
