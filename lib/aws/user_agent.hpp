#pragma once
// The User-Agent pcsyncd sends to AWS, in the SDKs' format (User-Agent 2.1: space-separated `name/value`
// components, `#` before a component's detail, characters outside the header token set written as `-`):
//   pcsyncd/0.2.0 ua/2.1 os/linux#6.1.0-18-amd64 lang/cpp#C++20 md/compiler#gcc-12.2.0 md/boost#1.81.0
//   md/openssl#3.0.11 [app/APP_ID]
// The application id comes from AWS_SDK_UA_APP_ID, else the profile's sdk_ua_app_id (aws/config/settings.hpp),
// at most 50 characters, as the SDKs allow.

#include <string>
#include <string_view>

namespace pcs::aws {

inline constexpr std::size_t kMaxAppIdLength = 50;

struct UserAgentFacts {
  std::string_view version;     // pcsyncd's
  std::string_view os_release;  // uname -r
  std::string_view compiler;    // "gcc-12.2.0"
  std::string_view boost;       // "1.81.0"
  std::string_view openssl;     // "3.0.11"
  std::string_view app_id;      // empty: none
};

// Pure.
std::string format_user_agent(const UserAgentFacts& facts);
// A component's text with every character outside the header token set (RFC 9110 tchar) written as '-'.
std::string user_agent_token(std::string_view text);

// This build and host: version, kernel release, compiler, Boost and OpenSSL, with `app_id`.
std::string user_agent(std::string_view app_id);

}  // namespace pcs::aws
