#pragma once
// Deterministic randomness and identifiers for the simulator.
// Ids are an invertible scramble of a record's index, so 100,000 invitations need no id->index map: the
// simulator decodes "engi-..." straight back to its slot, and a made-up id decodes to nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pcs::sim {

// splitmix64: tiny, fast, and good enough for test data; the same seed gives the same data everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, n); n > 0.
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  // Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  bool chance(double p) { return unit() < p; }

 private:
  std::uint64_t state_;
};

// A seed for record `index` of stream `stream` (invitations, details, tasks ...), independent of order of use.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

// Bijective 64-bit scramble keyed by `key`, and its inverse.
std::uint64_t scramble(std::uint64_t x, std::uint64_t key);
std::uint64_t unscramble(std::uint64_t y, std::uint64_t key);

// prefix + `width` lowercase base-36 digits of value (value < 36^width; 13 digits hold any 64-bit value).
std::string encode_id(std::string_view prefix, std::uint64_t value, int width);
// The value of an id made by encode_id, or nothing if it does not have that shape.
std::optional<std::uint64_t> decode_id(std::string_view id, std::string_view prefix, int width);

// The id of an ARN's last path segment ("arn:...:.../engi-abc" -> "engi-abc"), or the text itself.
std::string_view strip_arn(std::string_view arn_or_id);

}  // namespace pcs::sim
