// libFuzzer target: any bytes into text::normalize() (and parse_japanese_number()).
// The output must be well-formed UTF-8 and its offset map must be complete, monotonic and in
// range, with every normalised character mapping to some original text.

#include <base/strings.hpp>
#include <text/normalize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool ok) {
  if (!ok) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);  // NOLINT
  const keiyaku::text::Normalized n = keiyaku::text::normalize(input);
  check(keiyaku::str::valid_utf8(n.text));
  check(n.to_original.size() == n.text.size() + 1);
  check(n.to_original.back() == input.size());
  for (size_t i = 1; i < n.to_original.size(); ++i) {
    check(n.to_original[i - 1] <= n.to_original[i]);
  }
  for (size_t i = 1; i < n.removed.size(); ++i) {
    check(n.removed[i - 1].end < n.removed[i].begin);
  }
  for (size_t i = 0; i < n.text.size();) {
    const size_t start = i;
    keiyaku::str::next_cp(n.text, i);
    const keiyaku::text::ByteRange r =
        n.original_range(static_cast<uint32_t>(start), static_cast<uint32_t>(i));
    check(r.begin < r.end && r.end <= input.size());
  }
  const int number = keiyaku::text::parse_japanese_number(input.substr(0, 64));
  check(number >= -1 && number <= 99'999'999);
  return 0;
}
