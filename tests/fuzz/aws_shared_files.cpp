// Target: the AWS shared files. The input is ~/.aws/config, then (after a line "%%credentials") ~/.aws/credentials:
// parse_ini() each, merge_profile_files(), then resolve_aws_settings() for every profile (region, endpoint
// rules, retry settings). Properties: errors are typed and loggable and name the file; a resolved region is
// never empty; the endpoint is https unless a file or variable configured it.
#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "fuzz_support.hpp"

namespace {

constexpr std::string_view kSeparator = "%%credentials\n";

void check_file_error(const pcs::Error& e, std::string_view file) {
  pcs::fuzz::check_error(e);
  FUZZ_CHECK(e.kind == pcs::ErrorKind::config);
  FUZZ_CHECK(e.message.starts_with(std::string(file) + ":"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pcs;
  const std::string_view text = fuzz::as_text(data, size);
  const auto split = text.find(kSeparator);
  const std::string_view config_text = text.substr(0, split);
  const std::string_view credentials_text =
      split == std::string_view::npos ? std::string_view{} : text.substr(split + kSeparator.size());

  auto config = aws::parse_ini(config_text, "config");
  if (!config) {
    check_file_error(config.error(), "config");
    return 0;
  }
  auto credentials = aws::parse_ini(credentials_text, "credentials");
  if (!credentials) {
    check_file_error(credentials.error(), "credentials");
    return 0;
  }
  const aws::ProfileSet profiles = aws::merge_profile_files(*config, *credentials);

  const aws::MapEnvironment env;
  std::vector<std::optional<std::string>> names{std::nullopt};
  for (const auto& [name, profile] : profiles.profiles) {
    if (names.size() > 8) break;
    FUZZ_CHECK(profile.name == name);
    names.emplace_back(name);
  }
  for (const auto& name : names) {
    aws::ExplicitAwsSettings explicit_settings;
    explicit_settings.profile = name;
    auto settings = aws::resolve_aws_settings(env, profiles, explicit_settings);
    if (!settings) {
      fuzz::check_error(settings.error());
      FUZZ_CHECK(settings.error().kind == ErrorKind::config);
      continue;
    }
    FUZZ_CHECK(!settings->region.empty());
    FUZZ_CHECK(!settings->endpoint_url.empty());
    if (!settings->endpoint_override) FUZZ_CHECK(settings->endpoint_url.starts_with("https://"));
  }
  return 0;
}
