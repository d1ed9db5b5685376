#include "store/seen_ids.hpp"

#include <algorithm>
#include <functional>

namespace pcs::store {

std::uint64_t SeenIds::key(std::string_view id) { return std::hash<std::string_view>{}(id); }

void SeenIds::add(std::string_view id) { keys_.push_back(key(id)); }

void SeenIds::settle() {
  if (settled_ == keys_.size()) return;
  std::sort(keys_.begin() + std::ptrdiff_t(settled_), keys_.end());
  std::inplace_merge(keys_.begin(), keys_.begin() + std::ptrdiff_t(settled_), keys_.end());
  keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
  settled_ = keys_.size();
}

std::size_t SeenIds::distinct() {
  settle();
  return keys_.size();
}

bool SeenIds::contains(std::string_view id) {
  settle();
  return std::binary_search(keys_.begin(), keys_.end(), key(id));
}

void SeenIds::clear() {
  keys_.clear();
  settled_ = 0;
}

}  // namespace pcs::store
