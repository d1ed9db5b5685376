#pragma once
// HTTP requests and responses as plain values, independent of Beast, so that signing, the JSON protocol and
// the simulator's handlers are pure functions over them.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pcs::net {

struct Header {
  std::string name;
  std::string value;
};

// Header names compare case-insensitively, as HTTP says.
bool header_name_equals(std::string_view a, std::string_view b);

struct HttpRequest {
  std::string method = "POST";
  std::string target = "/";  // path and query, already encoded
  std::vector<Header> headers;
  std::string body;
  // When the whole send must be over, if sooner than the transport's own request_timeout (a call's deadline
  // across retries). Not sent on the wire.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  // Replaces every header of that name with one.
  void set_header(std::string_view name, std::string value);
  const std::string* header(std::string_view name) const;
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;

  void set_header(std::string_view name, std::string value);
  const std::string* header(std::string_view name) const;
};

}  // namespace pcs::net
