#pragma once
// A header of a request or response as one value, so a single EXPECT_EQ checks that it is there and what it says
// (a missing header prints as nullopt): EXPECT_EQ(header_value(request, "Host"), "127.0.0.1:8443").

#include <optional>
#include <string>
#include <string_view>

namespace pcs::test {

template <class Message>
std::optional<std::string> header_value(const Message& message, std::string_view name) {
  const std::string* value = message.header(name);
  if (!value) return std::nullopt;
  return *value;
}

}  // namespace pcs::test
