#include <base/sha256.hpp>

#include <gtest/gtest.h>

using keiyaku::sha256_hex;

// FIPS 180-4 / NIST CAVS test vectors.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(
      sha256_hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
                 "klmnopqrlmnopqrsmnopqrstnopqrstu"),
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Fed in pieces of every size around the 64-byte block, the digest is the one-shot digest.
TEST(Sha256, IncrementalEqualsOneShot) {
  std::string data;
  uint32_t x = 2463534242U;
  for (size_t i = 0; i < 5000; ++i) {
    x ^= x << 13U;
    x ^= x >> 17U;
    x ^= x << 5U;
    data += static_cast<char>(x & 0xFFU);
  }
  const std::string whole = sha256_hex(data);
  for (const size_t piece :
       {size_t{1}, size_t{37}, size_t{63}, size_t{64}, size_t{65}, size_t{4096}}) {
    keiyaku::Sha256 h;
    for (size_t i = 0; i < data.size(); i += piece) {
      h.update(std::string_view(data).substr(i, piece));
    }
    EXPECT_EQ(h.hex_digest(), whole) << "pieces of " << piece;
  }
}

// After a digest the object starts over, so one hasher can digest several inputs in turn.
TEST(Sha256, StartsOverAfterDigest) {
  keiyaku::Sha256 h;
  h.update("ab");
  EXPECT_EQ(h.hex_digest(), sha256_hex("ab"));
  h.update("abc");
  EXPECT_EQ(h.hex_digest(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  keiyaku::Sha256 moved = std::move(h);
  moved.update("");
  EXPECT_EQ(moved.hex_digest(), sha256_hex(""));
}
