#pragma once
// The AWS half of `pcsyncctl doctor`: which files, profile, region, endpoint and credentials pcsyncd would use,
// and where each came from, with warnings an operator can act on. Never contains a secret: credentials appear
// only as Credentials::redacted().

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "aws/config/environment.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "aws/credentials/credentials.hpp"
#include "aws/credentials/transport_factory.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"

namespace pcs::aws {

enum class CheckStatus { ok, warning, failed };

struct DoctorCheck {
  std::string name;    // "config files", "profile", "region", "endpoint", "ca bundle", "credentials"
  CheckStatus status = CheckStatus::ok;
  std::string detail;  // one line, what was found or what to do
};

struct AwsDoctorReport {
  std::vector<DoctorCheck> checks;
  bool ok() const;  // no check failed (warnings allowed)
  // "[ok]      region: eu-west-1 (from AWS_REGION)\n..." for the terminal.
  std::string render() const;
};

// Pure: builds the report from what was gathered. `credentials` is nullopt when resolution was not attempted
// (settings failed first).
AwsDoctorReport build_aws_doctor_report(const Environment& env, const Result<ProfileSet>& profiles,
                                        const std::optional<Result<AwsSettings>>& settings,
                                        const std::optional<Result<Credentials>>& credentials, WallTime now);

// Gathers everything (files, settings, the default chain once, uncached) and builds the report.
// env, factory's targets and clock must outlive the call.
boost::asio::awaitable<AwsDoctorReport> run_aws_doctor(const Environment& env, TransportFactory factory,
                                                       const Clock& clock, ExplicitAwsSettings explicit_settings);

}  // namespace pcs::aws
