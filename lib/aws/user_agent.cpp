#include "aws/user_agent.hpp"

#include <openssl/crypto.h>
#include <sys/utsname.h>

#include <boost/version.hpp>

#include "core/version.hpp"

namespace pcs::aws {
namespace {

bool is_tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string compiler() {
#if defined(__clang__)
  return "clang-" + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__) + "." +
         std::to_string(__clang_patchlevel__);
#elif defined(__GNUC__)
  return "gcc-" + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
         std::to_string(__GNUC_PATCHLEVEL__);
#else
  return "unknown";
#endif
}

// "OpenSSL 3.0.11 19 Sep 2023" -> "3.0.11": the library the process runs with, not the headers.
std::string openssl_version() {
  std::string_view text = OpenSSL_version(OPENSSL_VERSION);
  if (auto space = text.find(' '); space != std::string_view::npos) text.remove_prefix(space + 1);
  return std::string(text.substr(0, text.find(' ')));
}

}  // namespace

std::string user_agent_token(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (!is_tchar(c)) c = '-';
  return out;
}

std::string format_user_agent(const UserAgentFacts& f) {
  std::string ua = "pcsyncd/" + user_agent_token(f.version) + " ua/2.1 os/linux#" + user_agent_token(f.os_release) +
                   " lang/cpp#C++20 md/compiler#" + user_agent_token(f.compiler) + " md/boost#" +
                   user_agent_token(f.boost) + " md/openssl#" + user_agent_token(f.openssl);
  if (!f.app_id.empty()) ua += " app/" + user_agent_token(f.app_id);
  return ua;
}

std::string user_agent(std::string_view app_id) {
  utsname host{};
  const std::string release = uname(&host) == 0 ? host.release : "unknown";
  const std::string boost = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
                            "." + std::to_string(BOOST_VERSION % 100);
  const std::string cc = compiler();
  const std::string ssl = openssl_version();
  return format_user_agent(UserAgentFacts{core::version(), release, cc, boost, ssl, app_id});
}

}  // namespace pcs::aws
