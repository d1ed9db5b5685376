#pragma once
// The invitation ids one listing returned, kept compactly (8 bytes each) so that a listing of 100,000
// invitations can tell, once it is complete, which mirrored rows it did not return (Store::record_listing).
// An id is kept as a 64-bit hash: two different ids of one account colliding has a probability of about
// n^2 / 2^65 (3e-10 for 100,000), and the only effect would be one row's LastSeen advancing once too far.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pcs::store {

class SeenIds {
 public:
  void add(std::string_view id);
  // The 8 bytes an id is kept as, and adding those directly (a page recognised by its bytes: its ids are known).
  static std::uint64_t key(std::string_view id);
  void add_key(std::uint64_t key) {
    keys_.push_back(key);
    known_distinct_.reset();
  }
  // The ids added so far are known to be `ids` distinct ones (a listing that returned the same ids as one before:
  // ListingMemo), so distinct() need not sort them until more are added or one is looked up.
  void know_distinct(std::size_t ids);
  // Ids added so far, each counted once.
  std::size_t distinct();
  bool contains(std::string_view id);
  void clear();

 private:
  void settle();  // sorts and removes repeats; add() only appends

  std::vector<std::uint64_t> keys_;
  std::size_t settled_ = 0;  // keys_[0, settled_) are sorted and distinct
  std::optional<std::size_t> known_distinct_;  // for keys_ as they are now (reset by add)
};

}  // namespace pcs::store
