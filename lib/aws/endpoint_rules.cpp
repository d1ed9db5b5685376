#include "aws/endpoint_rules.hpp"

#include <algorithm>
#include <array>

#include "core/printable.hpp"

namespace pcs::aws {
namespace {

constexpr std::string_view kPrefix = "partnercentral-selling";

struct PartitionRow {
  Partition partition;
  // The region pattern is always ^(<prefix>)-\w+-\d+$ in the partitions table; the prefixes are listed here.
  // Fixed capacity, unused slots empty: plain arrays keep the static table free of lifetime subtleties.
  std::array<std::string_view, 9> region_prefixes;
  std::array<std::string_view, 1> extra_regions;  // names the pattern does not cover
};

// From the partitions table the Smithy rules engine ships (partitions.json). Only the suffixes matter to
// this service; implicit global regions and feature flags are left out.
const std::array<PartitionRow, 8>& partitions() {
  static const std::array<PartitionRow, 8> rows = {{
      {{"aws", "amazonaws.com", "api.aws"},
       {"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"},
       {"aws-global"}},
      {{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"}, {"cn"}, {"aws-cn-global"}},
      {{"aws-us-gov", "amazonaws.com", "api.aws"}, {"us-gov"}, {"aws-us-gov-global"}},
      {{"aws-iso", "c2s.ic.gov", "c2s.ic.gov"}, {"us-iso"}, {"aws-iso-global"}},
      {{"aws-iso-b", "sc2s.sgov.gov", "sc2s.sgov.gov"}, {"us-isob"}, {"aws-iso-b-global"}},
      {{"aws-iso-e", "cloud.adc-e.uk", "cloud.adc-e.uk"}, {"eu-isoe"}, {"aws-iso-e-global"}},
      {{"aws-iso-f", "csp.hci.ic.gov", "csp.hci.ic.gov"}, {"us-isof"}, {"aws-iso-f-global"}},
      {{"aws-eusc", "amazonaws.eu", "amazonaws.eu"}, {"eusc-de"}, {}},
  }};
  return rows;
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// ^<prefix>-\w+-\d+$ without std::regex: \w has no '-', so the rest is exactly "word-digits".
bool matches_pattern(std::string_view region, std::string_view prefix) {
  if (region.size() <= prefix.size() + 1 || region.substr(0, prefix.size()) != prefix || region[prefix.size()] != '-')
    return false;
  std::string_view rest = region.substr(prefix.size() + 1);
  std::size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == rest.size()) return false;
  std::string_view word = rest.substr(0, dash), digits = rest.substr(dash + 1);
  return std::all_of(word.begin(), word.end(), is_word_char) && std::all_of(digits.begin(), digits.end(), is_digit);
}

// Smithy's isValidHostLabel without sub-domains: 1 to 63 letters, digits and '-', not starting with '-'.
bool is_host_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || (is_word_char(c) && c != '_'); });
}

Error config_error(std::string message) {
  return make_error(ErrorKind::config, "InvalidEndpointConfiguration", std::move(message));
}

}  // namespace

Partition partition_of(std::string_view region) {
  for (const auto& row : partitions())
    for (std::string_view name : row.extra_regions)
      if (!name.empty() && region == name) return row.partition;
  for (const auto& row : partitions())
    for (std::string_view prefix : row.region_prefixes)
      if (!prefix.empty() && matches_pattern(region, prefix)) return row.partition;
  return partitions()[0].partition;
}

Result<std::string> resolve_endpoint(const EndpointParams& params) {
  if (params.endpoint) {
    if (params.use_fips) return config_error("Invalid Configuration: FIPS and custom endpoint are not supported");
    return *params.endpoint;
  }
  // An empty region is treated as unset, as the SDKs treat an empty AWS_REGION.
  if (!params.region || params.region->empty()) return config_error("Invalid Configuration: Missing Region");
  const std::string& region = *params.region;
  if (!is_host_label(region))
    return config_error("Invalid Configuration: region \"" + printable(region, 64) +
                        "\" is not a valid region name; set region to one like \"us-east-1\"");
  Partition partition = partition_of(region);
  std::string url = "https://";
  url.append(kPrefix).append(params.use_fips ? "-fips." : ".").append(region).append(".");
  url.append(partition.dual_stack_dns_suffix);
  return url;
}

}  // namespace pcs::aws
