#include "sim/ids.hpp"

namespace pcs::sim {
namespace {

constexpr std::uint64_t kMul1 = 0xbf58476d1ce4e5b9ULL;
constexpr std::uint64_t kMul2 = 0x94d049bb133111ebULL;

// Multiplicative inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step).
constexpr std::uint64_t inverse_of(std::uint64_t a) {
  std::uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
constexpr std::uint64_t kInv1 = inverse_of(kMul1);
constexpr std::uint64_t kInv2 = inverse_of(kMul2);
static_assert(kMul1 * kInv1 == 1 && kMul2 * kInv2 == 1);

std::uint64_t unxorshift(std::uint64_t y, int shift) {
  std::uint64_t x = y;
  for (int s = shift; s < 64; s += shift) x = y ^ (x >> shift);
  return x;
}

}  // namespace

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * kMul1;
  z = (z ^ (z >> 27)) * kMul2;
  return z ^ (z >> 31);
}

std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  Rng r(seed ^ (stream * 0x632be59bd9b4e019ULL));
  std::uint64_t a = r.next();
  return scramble(index, a);
}

std::uint64_t scramble(std::uint64_t x, std::uint64_t key) {
  x ^= key;
  x = (x ^ (x >> 30)) * kMul1;
  x = (x ^ (x >> 27)) * kMul2;
  return x ^ (x >> 31);
}

std::uint64_t unscramble(std::uint64_t y, std::uint64_t key) {
  std::uint64_t x = unxorshift(y, 31) * kInv2;
  x = unxorshift(x, 27) * kInv1;
  x = unxorshift(x, 30);
  return x ^ key;
}

std::string encode_id(std::string_view prefix, std::uint64_t value, int width) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out(prefix);
  out.resize(prefix.size() + static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0; --i) {
    out[prefix.size() + static_cast<std::size_t>(i)] = kDigits[value % 36];
    value /= 36;
  }
  return out;
}

std::optional<std::uint64_t> decode_id(std::string_view id, std::string_view prefix, int width) {
  if (id.size() != prefix.size() + static_cast<std::size_t>(width) || id.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  std::uint64_t value = 0;
  for (char c : id.substr(prefix.size())) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    else return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(d);
    if (value > (~std::uint64_t{0} - digit) / 36) return std::nullopt;  // does not fit: not one of ours
    value = value * 36 + digit;
  }
  return value;
}

std::string_view strip_arn(std::string_view arn_or_id) {
  if (arn_or_id.substr(0, 4) != "arn:") return arn_or_id;
  auto slash = arn_or_id.rfind('/');
  return slash == std::string_view::npos ? arn_or_id : arn_or_id.substr(slash + 1);
}

}  // namespace pcs::sim
