#pragma once
// Result<T>: a value or a pcs::Error. Async and ordinary failure paths return it instead of throwing.

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.hpp"

namespace pcs {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  const T& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(state_); }
  Error& error() { assert(!ok()); return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Ok {};

// Result<void> is spelled Status.
using Status = Result<Ok>;

}  // namespace pcs
