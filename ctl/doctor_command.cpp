// pcsyncctl doctor [--config FILE] [--unit [NAME]] [--webhooks] [--json]
// Answers "why does pcsyncd not work here?" in one run: the AWS settings and credential source it would use
// (never the secret), then ONE minimal ListEngagementInvitations call through the same client stack as the
// daemon, the clock skew against the service's Date header, and a plain hint for every failure. With --unit
// it checks in the environment the systemd unit gives the service (unit_environment.hpp) instead of the
// operator's, and takes the unit's --config unless one is given. The webhooks of notify.webhooks are listed, and
// with --webhooks each gets one test message (event "test").
// Exit codes: 0 every check passed (warnings allowed), 1 a check failed, 2 usage.

// GCC 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames once coroutines are inlined at -O2
// (GCC PR 109224); see lib/aws/credentials/doctor.cpp.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <exception>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "aws/config/environment.hpp"
#include "aws/config/file_permissions.hpp"
#include "aws/config/profile_set.hpp"
#include "aws/config/settings.hpp"
#include "aws/credentials/doctor.hpp"
#include "aws/credentials/http_transport_factory.hpp"
#include "command.hpp"
#include "json_output.hpp"
#include "unit_environment.hpp"
#include "config/config_loader.hpp"
#include "core/error.hpp"
#include "core/time_format.hpp"
#include "net/endpoint.hpp"
#include "net/http_client.hpp"
#include "net/proxy.hpp"
#include "notify/delivery_policy.hpp"
#include "notify/webhook_client.hpp"
#include "notify/webhook_message.hpp"
#include "partnercentral/client.hpp"
#include "service/client_stack.hpp"

namespace pcs::ctl {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using aws::CheckStatus;

// pcsyncd's --config default (daemon/main.cpp), and the doctor's when neither --config nor the unit names one.
constexpr const char* kDaemonDefaultConfig = "/etc/pcsyncd/pcsyncd.yaml";

// SigV4 requests dated more than 5 minutes from the service's clock are refused; warn well before that.
constexpr std::chrono::seconds kSkewWarn{60};
constexpr std::chrono::seconds kSkewFail{300};
// The doctor is interactive: a call the config allows 10 minutes for would look like a hang.
constexpr std::chrono::milliseconds kMaxCallTimeout{20000};

struct Check {
  std::string name;
  CheckStatus status = CheckStatus::ok;
  std::string detail;
  std::string hint;  // what to do; empty when nothing is to be done
};

struct Report {
  std::string config_path;
  std::vector<Check> checks;
  std::optional<std::int64_t> skew_seconds;  // service Date minus local time, when measured (whole seconds:
                                              // the Date header has no finer resolution)

  bool ok() const {
    return std::none_of(checks.begin(), checks.end(), [](const Check& c) { return c.status == CheckStatus::failed; });
  }
  void add(std::string name, CheckStatus status, std::string detail, std::string hint = {}) {
    checks.push_back(Check{std::move(name), status, std::move(detail), std::move(hint)});
  }
};

// ---- hints (pure) ----------------------------------------------------------------------------------------

bool contains_ci(std::string_view text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

const char* kExpiredHint =
    "the session credentials have expired: refresh the session (aws sso login / new keys); pcsyncd refreshes "
    "role and instance credentials itself";

const char* kClockHint = "SigV4 rejects requests more than 5 minutes off: fix NTP (timedatectl status, chronyc tracking)";

const char* kNetworkHint =
    "the endpoint could not be reached: check endpoint_url, DNS, the firewall (outbound HTTPS) and "
    "HTTPS_PROXY/NO_PROXY";

const char* kTlsHint =
    "TLS trouble: if a proxy intercepts TLS or the endpoint uses a private CA, point AWS_CA_BUNDLE (or ca_bundle in "
    "the config) at that CA's PEM bundle; otherwise check endpoint_url";

// Every action pcsyncd calls, and what StartEngagementByAcceptingInvitationTask requires in turn (the model's
// aws.iam#iamAction requiredActions), so one policy change fixes every AccessDenied pcsyncd can meet.
std::string access_denied_hint(const std::string& catalog) {
  return "the credentials are valid but IAM does not allow the call: allow partnercentral:ListEngagementInvitations, "
         "partnercentral:GetEngagementInvitation, partnercentral:StartEngagementByAcceptingInvitationTask (which "
         "also requires partnercentral:CreateOpportunity, partnercentral:SubmitOpportunity, "
         "partnercentral:AcceptEngagementInvitation, partnercentral:CreateResourceSnapshotJob, "
         "partnercentral:StartResourceSnapshotJob), partnercentral:RejectEngagementInvitation, "
         "partnercentral:ListEngagementByAcceptingInvitationTasks and "
         "partnercentral:ListOpportunityFromEngagementTasks; a condition on partnercentral:Catalog must allow \"" +
         catalog + "\"";
}

std::string catalog_hint(const std::string& catalog, const std::string& config_path) {
  return "catalog must be AWS or Sandbox and match the account's Partner Central enrolment (it is \"" + catalog +
         "\" in " + config_path + ")";
}

bool is_expired_credentials(const Error& e) {
  if (e.code.rfind("ExpiredToken", 0) == 0) return true;
  // "Signature expired" is the clock, not the credentials.
  return contains_ci(e.message, "expired") && !contains_ci(e.message, "signature expired") &&
         e.code != "InvalidSignatureException";
}

// What the daemon does by itself about a failure of this kind, from the outcome table every part of pcsyncd
// reads (lib/core): the operator learns whether waiting is enough.
std::string_view daemon_reaction(ErrorKind kind) {
  const ErrorOutcome& outcome = outcome_of(kind);
  if (outcome.throttle()) return "pcsyncd will pace itself (quota_share) and retry";
  // The at-once kinds (clock offset, expired credentials) are setup: their hints say what to fix.
  if (outcome.retryable() && !outcome.setup) return "pcsyncd retries such failures by itself (max_attempts, call_timeout)";
  return {};
}

std::string with_reaction(std::string hint, ErrorKind kind) {
  const std::string_view reaction = daemon_reaction(kind);
  if (hint.empty() || reaction.empty()) return hint;
  return hint + "; " + std::string(reaction);
}

// The cause of a failed call (or a failed step before it), for hint_for().
std::string cause_hint(const Error& e, const std::string& catalog, const std::string& config_path) {
  if (is_expired_credentials(e)) return kExpiredHint;
  switch (e.kind) {
    case ErrorKind::access_denied:
      if (e.code == "AccessDeniedException") return access_denied_hint(catalog);
      if (contains_ci(e.message, "signature expired")) return kClockHint;
      if (e.code == "UnrecognizedClientException" || e.code == "InvalidClientTokenId")
        return "AWS does not know this access key id or session token: check AWS_ACCESS_KEY_ID / the profile's "
               "keys (a deleted or deactivated key, or a token from another session), or clock skew";
      return "the signature did not match: the secret access key is wrong for this key id (check "
             "AWS_SECRET_ACCESS_KEY / the profile's aws_secret_access_key), or the clock is off (see clock skew)";
    case ErrorKind::validation:
    case ErrorKind::not_found:
      return catalog_hint(catalog, config_path);
    case ErrorKind::throttling:
      return "other tools are using the account's Partner Central quota right now";
    case ErrorKind::transport:
      if (e.code == "TlsError") return kTlsHint;
      if (e.code == "ProxyConnectFailed" || e.code == "ProxyAuthenticationRequired")
        return "proxy trouble: check HTTPS_PROXY (http://[user:password@]host:port), that the proxy allows CONNECT "
               "to the endpoint, and NO_PROXY";
      return kNetworkHint;
    case ErrorKind::timeout:
      return kNetworkHint;
    case ErrorKind::server:
      return "the service reported a problem on its side; quote the request id to AWS support if it persists";
    case ErrorKind::quota_exceeded:
      return "the service reported a problem on its side; retry later, and quote the request id to AWS support if "
             "it persists";
    case ErrorKind::protocol:
      return "the endpoint answered something that is not the Partner Central API: check endpoint_url and any proxy "
             "in between";
    case ErrorKind::config:
      if (e.code.rfind("Tls", 0) == 0) return kTlsHint;
      return {};  // configuration errors already say what to fix
    case ErrorKind::clock_skew:
      return kClockHint;
    case ErrorKind::expired_token:
      return kExpiredHint;
    case ErrorKind::conflict:
    case ErrorKind::cancelled:
      return {};
  }
  return {};
}

// The plain hint for a failed call: its cause, and whether pcsyncd copes with it by itself.
std::string hint_for(const Error& e, const std::string& catalog, const std::string& config_path) {
  return with_reaction(cause_hint(e, catalog, config_path), e.kind);
}

// What to do about a webhook's refusal, by its HTTP status (pure).
std::string webhook_status_hint(int status) {
  if (status == 404 || status == 410)
    return "no webhook at that URL: it was deleted or mistyped; create one and put its URL in notify.webhooks";
  if (status == 401 || status == 403)
    return "the receiver refused the request: check the URL (Slack and Teams URLs carry their own secret) and, for "
           "your own receiver, the webhook's secret";
  if (status == 400 || status == 415 || status == 422)
    return "the receiver did not accept the body: check the webhook's format (slack for Slack and Teams incoming "
           "webhooks, json for a receiver of pcsyncd's JSON), or the receiver refuses event \"test\"";
  if (status >= 500) return "the receiver failed on its side; pcsyncd retries deliveries, but check the receiver";
  return "the receiver did not answer 2xx: check the URL and the receiver";
}

// What to do when a webhook could not be asked at all (pure): its own TLS, proxy, timeout or network wording.
std::string webhook_error_hint(const Error& e) {
  if (e.code.rfind("Tls", 0) == 0)
    return "TLS trouble: webhooks trust the same CA bundle as the API calls; if the receiver uses a private CA or a "
           "proxy intercepts TLS, point ca_bundle in the config (or AWS_CA_BUNDLE) at a PEM bundle that holds its CA";
  if (e.code.rfind("Proxy", 0) == 0 || e.code == "InvalidProxy")
    return "proxy trouble: webhooks go through the same HTTPS_PROXY / NO_PROXY as the API calls; check them";
  if (e.kind == ErrorKind::timeout)
    return "the receiver took the connection but did not answer within 10 s: check that it is up and not "
           "overloaded";
  if (e.kind == ErrorKind::config) return {};  // a configuration error already says what to fix
  return "the webhook could not be reached: check its host, DNS, the firewall (outbound HTTPS) and "
         "HTTPS_PROXY/NO_PROXY";
}

// ---- clock skew (pure) -----------------------------------------------------------------------------------

// The Date header has whole seconds and was written somewhere between sending and receiving: compare it with
// the middle of that interval and forgive the second of rounding.
Check skew_check(const std::optional<std::string>& date_header, WallTime sent, WallTime received,
                 std::optional<std::int64_t>& skew_out) {
  if (!date_header) {
    return Check{"clock skew", CheckStatus::warning, "not measured: no answer with a Date header from the service",
                 {}};
  }
  auto server = parse_http_date(*date_header);
  if (!server) {
    return Check{"clock skew", CheckStatus::warning,
                 "not measured: the Date header is not an RFC 7231 date (a proxy in between?)", {}};
  }
  const WallTime local = sent + (received - sent) / 2;
  const double skew = std::chrono::duration<double>(*server - local).count();
  skew_out = std::llround(skew);
  const double magnitude = std::max(0.0, std::fabs(skew) - 1.0);
  const long whole = std::lround(skew);
  std::string text = whole == 0 ? std::string("0 s against the service's Date header")
                                : (whole > 0 ? "+" : "") + std::to_string(whole) +
                                      " s against the service's Date header (the service is " +
                                      (whole > 0 ? "ahead of" : "behind") + " the local clock)";
  if (magnitude > std::chrono::duration<double>(kSkewFail).count())
    return Check{"clock skew", CheckStatus::failed, text, kClockHint};
  if (magnitude > std::chrono::duration<double>(kSkewWarn).count())
    return Check{"clock skew", CheckStatus::warning, text,
                 "more than a minute off; SigV4 fails beyond 5 minutes: fix NTP (timedatectl status)"};
  return Check{"clock skew", CheckStatus::ok, text, {}};
}

// ---- the call ---------------------------------------------------------------------------------------------

// PartnerCentralClient returns typed results, not headers: this pass-through keeps the Date header of whatever
// the service answered (errors included: a signature refused for skew still carries the service's time).
class DateRecordingTransport final : public net::HttpTransport {
 public:
  explicit DateRecordingTransport(net::HttpTransport& inner) : inner_(inner) {}
  asio::awaitable<Result<net::HttpResponse>> send(net::HttpRequest request) override {
    auto response = co_await inner_.send(std::move(request));
    if (response) {
      if (const auto* d = response->header("Date")) date = *d;
    }
    co_return response;
  }
  std::optional<std::string> date;

 private:
  net::HttpTransport& inner_;
};

// "proxy": whether the endpoint is reached through HTTPS_PROXY (never shows the proxy's password).
Check proxy_check(const std::string& endpoint_url) {
  auto endpoint = net::parse_endpoint(endpoint_url);
  if (!endpoint) return Check{"proxy", CheckStatus::failed, endpoint.error().message, {}};
  auto proxy = net::proxy_from_environment(endpoint->host, endpoint->tls);
  if (!proxy) {
    return Check{"proxy", CheckStatus::failed, proxy.error().message,
                 "fix HTTPS_PROXY: http://[user:password@]host:port"};
  }
  if (!*proxy) return Check{"proxy", CheckStatus::ok, "none (direct connection to " + endpoint->host + ")", {}};
  return Check{"proxy", CheckStatus::ok,
               "through " + (*proxy)->describe() + " (from " + (endpoint->tls ? "HTTPS_PROXY" : "HTTP_PROXY") +
                   "; NO_PROXY does not match " + endpoint->host + ")",
               {}};
}

bool credentials_found(const aws::AwsDoctorReport& report) {
  for (const auto& c : report.checks) {
    if ((c.name == "credentials" || c.name == "settings") && c.status == CheckStatus::failed) return false;
  }
  return std::any_of(report.checks.begin(), report.checks.end(),
                     [](const aws::DoctorCheck& c) { return c.name == "credentials"; });
}

std::string aws_check_hint(const aws::DoctorCheck& c) {
  if (c.status != CheckStatus::failed) return {};
  if (c.name == "credentials") {
    // The chain's own message already lists what it tried and what to set; only expiry needs more words.
    if (contains_ci(c.detail, "expired")) return kExpiredHint;
    return {};
  }
  if (c.name == "ca bundle") return kTlsHint;
  return {};
}

// The AWS settings the client stack will resolve (for the CA bundle), or nullopt when they cannot be (the aws
// checks say why).
std::optional<aws::AwsSettings> resolved_settings(const aws::Environment& env, const aws::ExplicitAwsSettings& explicit_aws) {
  auto profiles = aws::load_profile_set(env);
  if (!profiles) return std::nullopt;
  auto settings = aws::resolve_aws_settings(env, *profiles, explicit_aws);
  if (!settings) return std::nullopt;
  return std::move(*settings);
}

asio::awaitable<void> api_checks(Report& report, const config::DaemonConfig& config, const aws::Environment& env,
                                 const Clock& clock, const std::optional<aws::AwsSettings>& settings) {
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  const auto explicit_aws = service::explicit_aws_settings(config);

  // The credential providers' own HTTP (STS) needs the same CA bundle the settings resolve to.
  aws::HttpTransportFactoryOptions factory_options;
  if (settings) factory_options.ca_file = settings->ca_bundle;
  auto aws_report = co_await aws::run_aws_doctor(env, aws::make_http_transport_factory(executor, env, factory_options),
                                                 clock, explicit_aws);
  for (const auto& c : aws_report.checks) {
    report.add(c.name, c.status, c.detail, aws_check_hint(c));
  }
  for (auto& w : aws::shared_file_warnings(env)) report.add("file permissions", CheckStatus::warning, std::move(w));

  if (!credentials_found(aws_report)) {
    report.add("api call", CheckStatus::failed, "not attempted: no AWS settings or credentials (see above)");
    co_return;
  }

  service::ClientStackOptions options;
  options.explicit_settings = explicit_aws;
  options.request_timeout = std::min<std::chrono::milliseconds>(config.request_timeout, kMaxCallTimeout);
  auto stack = service::build_client_stack(executor, env, clock, options);
  if (!stack) {
    report.add("api call", CheckStatus::failed, "not attempted: " + stack.error().describe(),
               hint_for(stack.error(), config.catalog, report.config_path));
    co_return;
  }
  report.checks.push_back(proxy_check((*stack)->settings.endpoint_url));

  DateRecordingTransport transport(*(*stack)->http);
  pc::PartnerCentralClient client(transport, *(*stack)->credentials, (*stack)->client->options(), clock);
  pc::ListEngagementInvitationsRequest request;
  request.catalog = config.catalog;
  request.participant_type = "RECEIVER";
  request.max_results = 1;
  const std::string what = "ListEngagementInvitations (Catalog " + config.catalog + ", RECEIVER, MaxResults 1)";

  const WallTime sent = clock.wall_now();
  auto result = co_await client.list_engagement_invitations(std::move(request));
  const WallTime received = clock.wall_now();
  (*stack)->http->close();  // no idle keep-alive connection left to hold io.run()

  if (result) {
    if (result->engagement_invitation_summaries.empty()) {
      report.add("api call", CheckStatus::ok,
                 what + " allowed; no invitation is visible to this account in catalog " + config.catalog,
                 "if you expected invitations, check that catalog " + config.catalog +
                     " matches the account's Partner Central enrolment (AWS or Sandbox)");
    } else {
      report.add("api call", CheckStatus::ok, what + " allowed; invitations are visible");
    }
  } else {
    report.add("api call", CheckStatus::failed, what + ": " + result.error().describe(),
               hint_for(result.error(), config.catalog, report.config_path));
  }
  report.checks.push_back(skew_check(transport.date, sent, received, report.skew_seconds));
}

// A check that threw (nothing here should): its text as a failed line, not an exception out of io.run().
std::string internal_error(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return std::string("internal error: ") + ex.what();
  } catch (...) {
    return "internal error";
  }
}

// One test message to one webhook, through the client the notifier would build; its answer as a check line.
asio::awaitable<Check> test_webhook(const config::Webhook& w, const net::OutboundSettings& outbound,
                                    std::string host) {
  const std::string name = "webhook " + w.name;
  auto client = notify::make_webhook_client(co_await asio::this_coro::executor, w, outbound,
                                            notify::DeliveryPolicy{}.request_timeout);
  if (!client)
    co_return Check{name, CheckStatus::failed, "not tried: " + client.error().describe(),
                    webhook_error_hint(client.error())};
  auto response = co_await (*client)->send(notify::webhook_request(w, notify::test_notification(w, host)));
  (*client)->close();  // no idle keep-alive connection left to hold io.run()
  if (response && response->status >= 200 && response->status < 300)
    co_return Check{name, CheckStatus::ok,
                    "test message delivered to " + w.redacted + " (HTTP " + std::to_string(response->status) + ")", {}};
  if (response)
    co_return Check{name, CheckStatus::failed, "HTTP " + std::to_string(response->status) + " from " + w.redacted,
                    webhook_status_hint(response->status)};
  // Error::describe() names the host and port at most, never the URL's path.
  co_return Check{name, CheckStatus::failed, response.error().describe(), webhook_error_hint(response.error())};
}

// One line per webhook of notify.webhooks. Listed only, unless `send`: then each gets one test message through
// the client the notifier would build (the same CA bundle and proxy as the API calls), and its answer is
// reported. Names and redacted URLs only: a webhook's URL is a secret.
asio::awaitable<void> webhook_checks(Report& report, const config::DaemonConfig& config, const aws::Environment& env,
                                     const std::optional<aws::AwsSettings>& settings, bool send) {
  const auto& webhooks = config.notify.webhooks;
  if (webhooks.empty()) {
    if (send) report.add("webhooks", CheckStatus::warning, "--webhooks: notify.webhooks has none to try");
    co_return;
  }
  if (!send) {
    for (const auto& w : webhooks)
      report.add("webhook " + w.name, CheckStatus::ok,
                 w.redacted + ": configured, not tried (pcsyncctl doctor --webhooks posts a test message to each)");
    co_return;
  }
  if (!settings) {
    for (const auto& w : webhooks)
      report.add("webhook " + w.name, CheckStatus::failed,
                 "not tried: the AWS settings, which name the CA bundle webhooks trust, could not be resolved (see "
                 "above)");
    co_return;
  }
  const net::OutboundSettings outbound = service::outbound_settings(*settings, env);
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  // All at once, so that N silent receivers cost one timeout, not N; the lines keep the configuration's order.
  std::vector<Check> outcomes(webhooks.size());
  std::size_t pending = webhooks.size();
  asio::steady_timer all_answered(executor, asio::steady_timer::time_point::max());
  for (std::size_t i = 0; i < webhooks.size(); ++i) {
    asio::co_spawn(executor, test_webhook(webhooks[i], outbound, host.data()),
                   [&, i](std::exception_ptr e, Check check) {
                     outcomes[i] = e ? Check{"webhook " + webhooks[i].name, CheckStatus::failed,
                                             internal_error(e), {}}
                                     : std::move(check);
                     if (--pending == 0) all_answered.cancel();
                   });
  }
  if (pending > 0) co_await all_answered.async_wait(asio::as_tuple(asio::use_awaitable));
  for (auto& c : outcomes) report.checks.push_back(std::move(c));
}

asio::awaitable<void> diagnose(Report& report, const config::DaemonConfig& config, const aws::Environment& env,
                               const Clock& clock, bool send_webhooks) {
  const auto settings = resolved_settings(env, service::explicit_aws_settings(config));
  co_await api_checks(report, config, env, clock, settings);
  co_await webhook_checks(report, config, env, settings, send_webhooks);
}

// ---- output -----------------------------------------------------------------------------------------------

// The names README.md and pcsyncctl(1) document for --json.
const char* status_name(CheckStatus s) {
  return s == CheckStatus::ok ? "ok" : s == CheckStatus::warning ? "warn" : "fail";
}

void print_text(std::ostream& out, const Report& r) {
  out << "pcsyncctl doctor: " << r.config_path << "\n";
  std::size_t failed = 0;
  std::size_t warnings = 0;
  for (const auto& c : r.checks) {
    const char* tag = c.status == CheckStatus::ok ? "[ok]      " : c.status == CheckStatus::warning ? "[warning] " : "[FAILED]  ";
    out << tag << c.name << ": " << c.detail << "\n";
    if (!c.hint.empty() && c.status != CheckStatus::ok) out << "          hint: " << c.hint << "\n";
    failed += c.status == CheckStatus::failed;
    warnings += c.status == CheckStatus::warning;
  }
  if (failed == 0) {
    out << "result: ok" << (warnings ? " (" + std::to_string(warnings) + " warning(s))" : std::string()) << "\n";
  } else {
    out << "result: FAILED (" << failed << " check(s) failed)\n";
  }
}

void print_json(std::ostream& out, const Report& r) {
  json::object o;
  o["Ok"] = r.ok();
  o["Config"] = r.config_path;
  json::array checks;
  for (const auto& c : r.checks) {
    json::object item;
    item["Name"] = c.name;
    item["Status"] = status_name(c.status);
    item["Detail"] = c.detail;
    if (!c.hint.empty()) item["Hint"] = c.hint;
    checks.push_back(std::move(item));
  }
  o["Checks"] = std::move(checks);
  if (r.skew_seconds) o["ClockSkewSeconds"] = *r.skew_seconds;
  out << json_text(o, JsonStyle::compact);
}

// The unit's environment, checked and reported; nullopt when it cannot be read at all.
std::optional<UnitEnvironment> unit_check(Report& report, const std::string& unit_name) {
  auto unit = read_service_unit(unit_name, default_unit_search_path());
  if (!unit) {
    report.add("unit", CheckStatus::failed, unit.error().message,
               "name the unit pcsyncd runs as (--unit pcsyncd@NAME), or a unit file's path");
    return std::nullopt;
  }
  auto env = unit_environment(*unit);
  report.add("unit", env.failures.empty() ? CheckStatus::ok : CheckStatus::failed, env.summary);
  for (const auto& f : env.failures) report.add("unit", CheckStatus::failed, f);
  for (const auto& w : env.warnings) report.add("unit", CheckStatus::warning, w);
  return env;
}

}  // namespace

int run_doctor(const DoctorOptions& options, const CommandIo& io) {
  Report report;
  std::optional<UnitEnvironment> unit_env;
  if (options.unit) unit_env = unit_check(report, *options.unit);
  report.config_path = options.config                            ? *options.config
                       : unit_env && unit_env->config_path       ? *unit_env->config_path
                                                                  : std::string(kDaemonDefaultConfig);
  // Everything below reads the environment the unit gives the service (restored when the checks end).
  std::optional<ScopedProcessEnvironment> scoped;
  if (unit_env) scoped.emplace(unit_env->variables);

  auto config = config::load_daemon_config(report.config_path);
  if (options.unit && !unit_env) {
    report.add("api call", CheckStatus::failed, "not attempted: the unit could not be read (see above)");
  } else if (!config) {
    report.add("config", CheckStatus::failed, config.error().message, "fix the file as the message says, then rerun");
  } else {
    report.add("config", CheckStatus::ok, "catalog " + config->catalog);
    asio::io_context ioc;
    aws::SystemEnvironment environment;
    bool finished = false;
    asio::co_spawn(ioc, diagnose(report, *config, environment, io.clock, options.webhooks), [&](std::exception_ptr e) {
      finished = true;
      if (!e) return;
      report.add("doctor", CheckStatus::failed, internal_error(e));
    });
    ioc.run();
    if (!finished) report.add("doctor", CheckStatus::failed, "the checks did not complete");
  }
  scoped.reset();

  if (options.json) {
    print_json(io.out, report);
  } else {
    print_text(io.out, report);
  }
  io.out.flush();
  return report.ok() ? kExitOk : kExitFailure;
}

}  // namespace pcs::ctl
