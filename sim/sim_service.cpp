#include "sim/sim_service.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/time_format.hpp"
#include "governor/token_bucket.hpp"
#include "partnercentral/validation.hpp"
#include "sim/signature_check.hpp"

namespace pcs::sim {
namespace json = boost::json;
namespace {

constexpr std::string_view kTargetPrefix = "AWSPartnerCentralSelling.";
constexpr const char* kNamespace = "com.amazonaws.partnercentralselling#";

std::int64_t seconds_of(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

const char* kUnavailablePage =
    "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n"
    "<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";

}  // namespace

// One quota class: a per-second token bucket on sim time plus an optional per-sim-day cap.
struct SimService::Quota {
  Quota(double rate, double burst, std::uint64_t daily_cap) : bucket(rate, burst), daily(daily_cap) {}
  bool take(WallTime sim_now) {
    const std::int64_t today = seconds_of(sim_now) / 86'400;
    if (today != day) {
      day = today;
      used_today = 0;
    }
    if (daily && used_today >= daily) return false;
    if (!bucket.try_take(SteadyTime{std::chrono::duration_cast<SteadyTime::duration>(sim_now.time_since_epoch())}))
      return false;
    ++used_today;
    return true;
  }
  gov::TokenBucket bucket;
  std::uint64_t daily;
  std::int64_t day = INT64_MIN;
  std::uint64_t used_today = 0;
};

SimService::SimService(Scenario scenario, const Clock& real_clock)
    : scenario_(std::move(scenario)),
      clock_(real_clock, scenario_.clock_speed, scenario_.start_time),
      state_(scenario_, clock_.start()),
      fault_rng_(derive_seed(scenario_.seed, 77, 0)),
      request_id_rng_(derive_seed(scenario_.seed, 78, 0)) {
  const auto& q = scenario_.quotas;
  if (q.enabled) {
    // Another tool on the account (other_tool_share) takes its share of every token as the bucket refills: the
    // client's bucket refills at the rest of the rate, with the same burst.
    auto left = [](const QuotaClass& c) { return 1 - c.other_tool_share; };
    read_quota_ = std::make_unique<Quota>(q.read.rate * q.scale * left(q.read), std::max(1.0, q.read.burst * q.scale),
                                          q.read.daily);
    write_quota_ = std::make_unique<Quota>(q.write.rate * q.scale * left(q.write),
                                           std::max(1.0, q.write.burst * q.scale), q.write.daily);
  }
}

SimService::~SimService() = default;

SimReply SimService::json_reply(int status, const json::object& body) {
  SimReply r;
  r.response.status = status;
  r.response.set_header("Content-Type", "application/x-amz-json-1.0");
  r.response.body = json::serialize(body);
  return r;
}

SimReply SimService::error_reply(const std::string& op, int status, const std::string& type,
                                 const std::string& message, json::object extra) {
  json::object body = std::move(extra);
  const bool namespaced = scenario_.faults.namespaced_type > 0 && fault_rng_.chance(scenario_.faults.namespaced_type);
  if (namespaced) ++stats_.faults["namespaced_type"];
  body["__type"] = namespaced ? std::string(kNamespace) + type : type;
  body["message"] = message;
  body["Message"] = message;  // every error shape of the model has a Message member
  SimReply r = json_reply(status, body);
  r.response.set_header("x-amzn-ErrorType", type);
  ++stats_.operations[op].errors[type];
  return r;
}

void SimService::finish(SimReply& reply) {
  char id[48];
  std::snprintf(id, sizeof id, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(request_id_rng_.next()),
                static_cast<unsigned>(request_id_rng_.below(0x10000)), static_cast<unsigned>(request_id_rng_.below(0x1000)),
                static_cast<unsigned>(0x8000 | request_id_rng_.below(0x4000)),
                static_cast<unsigned long long>(request_id_rng_.next() & 0xffffffffffffULL));
  reply.response.set_header("x-amzn-RequestId", id);
  // The real time: SDKs correct their signing clock from Date, and they sign with real time.
  reply.response.set_header("Date", format_http_date(clock_.real_now()));
  if (!reply.response.header("Content-Type")) reply.response.set_header("Content-Type", "application/x-amz-json-1.0");
}

SimReply SimService::handle(const net::HttpRequest& request) {
  ++stats_.requests;
  SimReply reply;
  const auto& path = request.target;
  if (path.rfind("/__sim/", 0) == 0) {
    if (request.method == "GET" && path == "/__sim/stats") {
      reply = json_reply(200, stats_json());
    } else if (request.method == "POST" && path.rfind("/__sim/advance", 0) == 0) {
      auto q = path.find("seconds=");
      double seconds = -1;
      if (q != std::string::npos) {
        try {
          seconds = std::stod(path.substr(q + 8));
        } catch (const std::exception&) {
        }
      }
      if (!(seconds >= 0 && seconds < 1e10)) {
        reply = json_reply(400, json::object{{"message", "use POST /__sim/advance?seconds=N with N >= 0"}});
      } else {
        clock_.advance(std::chrono::milliseconds(std::llround(seconds * 1000)));
        reply = json_reply(200, json::object{{"sim_time", format_iso8601(clock_.now(), true)}});
      }
    } else {
      reply = json_reply(404, json::object{{"message", "unknown simulator path; try GET /__sim/stats"}});
    }
  } else {
    reply = api(request);
  }
  finish(reply);
  return reply;
}

// A request as the service handles it: what a load balancer may do first, then the request's own checks
// (SigV4, target, JSON, the model's constraints), the quota, the state machine, and what a newer service or a
// broken connection may do to the answer.
SimReply SimService::api(const net::HttpRequest& request) {
  const WallTime sim_now = clock_.now();
  std::chrono::milliseconds delay{0};
  if (auto early = fault_before_answering(delay)) return *early;
  const std::string op = operation_of(request);
  auto& op_stats = stats_.operations[pc::is_known_operation(op) ? op : "(unknown)"];
  ++op_stats.calls;
  auto delayed = [delay](SimReply r) {
    r.delay = delay;
    return r;
  };

  json::object body;
  if (auto refused = refuse_request(request, op, op_stats, body)) return delayed(*refused);
  if (auto refused = refuse_by_quota(op, op_stats, sim_now)) return delayed(*refused);
  Outcome outcome = dispatch(op, body, sim_now);
  if (outcome.error) {
    auto& e = *outcome.error;
    return delayed(error_reply(op, e.status, e.type, e.message, std::move(e.extra)));
  }
  ++op_stats.ok;
  add_newer_service_members(outcome.body);
  SimReply reply = delayed(json_reply(200, outcome.body));
  break_connection_after_applying(reply);
  return reply;
}

// Before the service sees the request: a slow front end (the delay applies to whatever is answered), a reset,
// or a load balancer's HTML 503.
std::optional<SimReply> SimService::fault_before_answering(std::chrono::milliseconds& delay) {
  const auto& f = scenario_.faults;
  if (f.delay > 0 && fault_rng_.chance(f.delay)) {
    ++stats_.faults["delay"];
    delay = std::chrono::milliseconds(f.delay_ms);
  }
  SimReply early;
  early.delay = delay;
  if (f.reset_before_response > 0 && fault_rng_.chance(f.reset_before_response)) {
    ++stats_.faults["reset_before_response"];
    early.fault = WireFault::reset_before_response;
    return early;
  }
  if (f.unavailable_html > 0 && fault_rng_.chance(f.unavailable_html)) {
    ++stats_.faults["unavailable_html"];
    early.response.status = 503;
    early.response.set_header("Content-Type", "text/html");
    early.response.body = kUnavailablePage;
    return early;
  }
  return std::nullopt;
}

std::string SimService::operation_of(const net::HttpRequest& request) {
  const std::string* target = request.header("X-Amz-Target");
  if (target && target->rfind(kTargetPrefix, 0) == 0) return target->substr(kTargetPrefix.size());
  return "(unknown)";
}

// The request's own checks, in AWS's order: signature, operation, JSON body, the model's input constraints.
// On success `body` holds the parsed input.
std::optional<SimReply> SimService::refuse_request(const net::HttpRequest& request, const std::string& op,
                                                   OperationStats& op_stats, json::object& body) {
  const std::string known_op = pc::is_known_operation(op) ? op : "(unknown)";
  if (auto failure = verify_signature(request, scenario_.credentials, scenario_.region, clock_.real_now())) {
    ++op_stats.signature_failures;
    stats_.add_detail(stats_.signature_details, json::object{{"operation", op},
                                                             {"type", failure->type},
                                                             {"detail", failure->detail},
                                                             {"access_key_id", failure->access_key_id}});
    return error_reply(known_op, 403, failure->type, failure->message);
  }
  if (request.method != "POST" || request.target != "/" || !pc::is_known_operation(op)) {
    const std::string* target = request.header("X-Amz-Target");
    return error_reply("(unknown)", 400, "UnknownOperationException",
                       target ? "Unknown operation " + *target +
                                    "; send POST / with X-Amz-Target AWSPartnerCentralSelling.<Operation>"
                              : "Missing X-Amz-Target header; send AWSPartnerCentralSelling.<Operation>");
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body.empty() ? std::string_view("{}") : std::string_view(request.body), ec);
  if (ec || !parsed.is_object())
    return error_reply(op, 400, "SerializationException",
                       "The request body is not a JSON object; send the operation's input as JSON.");
  body = std::move(parsed.get_object());

  pc::ValidationOptions options;
  options.reject_unknown_members = false;  // as the service's deserializer: unknown members are ignored
  const auto errors = pc::validate_request(op, body, options);
  if (errors.empty()) return std::nullopt;
  ++op_stats.validation_failures;
  json::array list;
  std::string summary;
  for (const auto& e : errors) {
    list.push_back(json::object{{"FieldName", e.field}, {"Message", e.message}, {"Code", e.code}});
    if (!summary.empty()) summary += "; ";
    summary += e.field + " " + e.message;
  }
  stats_.add_detail(stats_.validation_details, json::object{{"operation", op}, {"errors", list}});
  json::object extra{{"Reason", "REQUEST_VALIDATION_FAILED"}, {"ErrorList", std::move(list)}};
  return error_reply(op, 400, "ValidationException", "Invalid input: " + summary, std::move(extra));
}

// The quota class's bucket (or a forced throttle), then a forced internal error.
std::optional<SimReply> SimService::refuse_by_quota(const std::string& op, OperationStats& op_stats, WallTime sim_now) {
  const auto& f = scenario_.faults;
  const bool writes = pc::is_write_operation(op);
  const char* quota_class = writes ? "write" : "read";
  stats_.peak_sim[quota_class].hit(seconds_of(sim_now));
  stats_.peak_real[quota_class].hit(seconds_of(clock_.real_now()));
  stats_.peak_sim_day[quota_class].hit(seconds_of(sim_now) / 86'400);
  Quota* quota = writes ? write_quota_.get() : read_quota_.get();
  const bool forced = f.throttle > 0 && fault_rng_.chance(f.throttle);
  if (forced) ++stats_.faults["throttle"];
  if (forced || (quota && !quota->take(sim_now))) {
    ++op_stats.throttled;
    return error_reply(op, scenario_.quotas.throttle_status, "ThrottlingException", "Rate exceeded");
  }
  if (f.internal_error > 0 && fault_rng_.chance(f.internal_error)) {
    ++stats_.faults["internal_error"];
    return error_reply(op, 500, "InternalServerException",
                       "An internal error occurred; retry the request with the same ClientToken.");
  }
  return std::nullopt;
}

Outcome SimService::dispatch(const std::string& op, const json::object& body, WallTime sim_now) {
  if (op == "ListEngagementInvitations") return state_.list_invitations(body, sim_now);
  if (op == "GetEngagementInvitation") return state_.get_invitation(body, sim_now);
  if (op == "StartEngagementByAcceptingInvitationTask") return state_.start_accept_task(body, sim_now);
  if (op == "RejectEngagementInvitation") return state_.reject_invitation(body, sim_now);
  if (op == "ListEngagementByAcceptingInvitationTasks") return state_.list_accept_tasks(body, sim_now);
  return state_.list_opportunity_tasks(body, sim_now);
}

// Forward compatibility: members and enum values a newer service might send.
void SimService::add_newer_service_members(json::object& body) {
  const auto& f = scenario_.faults;
  if (f.unknown_members > 0 && fault_rng_.chance(f.unknown_members)) {
    ++stats_.faults["unknown_members"];
    body["SimFutureMember"] = json::object{{"Note", "a member this model version does not know"}};
    for (const char* list : {"EngagementInvitationSummaries", "TaskSummaries"})
      if (auto* items = body.if_contains(list))
        for (auto& item : items->get_array()) item.get_object()["SimFutureMember"] = 42;
  }
  if (f.unknown_enum > 0 && fault_rng_.chance(f.unknown_enum)) {
    ++stats_.faults["unknown_enum"];
    if (body.contains("Status")) body["Status"] = "WITHDRAWN";
    if (body.contains("TaskStatus")) body["TaskStatus"] = "CANCELLED";
    if (auto* items = body.if_contains("EngagementInvitationSummaries"); items && !items->get_array().empty())
      items->get_array()[fault_rng_.below(items->get_array().size())].get_object()["Status"] = "WITHDRAWN";
    if (auto* items = body.if_contains("TaskSummaries"); items && !items->get_array().empty())
      items->get_array()[fault_rng_.below(items->get_array().size())].get_object()["TaskStatus"] = "CANCELLED";
  }
}

// These break a response whose request was applied: the client cannot tell whether it was.
void SimService::break_connection_after_applying(SimReply& reply) {
  const auto& f = scenario_.faults;
  if (f.truncate_body > 0 && fault_rng_.chance(f.truncate_body)) {
    ++stats_.faults["truncate_body"];
    reply.fault = WireFault::truncate_body;
  } else if (f.reset_mid_body > 0 && fault_rng_.chance(f.reset_mid_body)) {
    ++stats_.faults["reset_mid_body"];
    reply.fault = WireFault::reset_mid_body;
  }
}

json::object SimService::stats_json() const {
  const WallTime sim_now = clock_.now();
  json::object out;
  out["scenario"] = scenario_.name;
  out["sim_time"] = format_iso8601(sim_now, true);
  out["real_time"] = format_iso8601(clock_.real_now(), true);
  out["clock_speed"] = scenario_.clock_speed;
  out["requests"] = stats_.requests;
  out["connections"] = stats_.connections;
  json::object ops;
  std::uint64_t sig = 0, val = 0, thr = 0;
  for (const auto& [name, s] : stats_.operations) {
    json::object errors;
    for (const auto& [type, n] : s.errors) errors[type] = n;
    ops[name] = json::object{{"calls", s.calls},
                             {"ok", s.ok},
                             {"throttled", s.throttled},
                             {"validation_failures", s.validation_failures},
                             {"signature_failures", s.signature_failures},
                             {"errors", std::move(errors)}};
    sig += s.signature_failures;
    val += s.validation_failures;
    thr += s.throttled;
  }
  out["operations"] = std::move(ops);
  out["totals"] = json::object{{"signature_failures", sig}, {"validation_failures", val}, {"throttled", thr}};
  json::array vd, sd;
  for (const auto& d : stats_.validation_details) vd.push_back(d);
  for (const auto& d : stats_.signature_details) sd.push_back(d);
  out["validation_failure_details"] = std::move(vd);
  out["signature_failure_details"] = std::move(sd);
  json::object peak_sim, peak_real, peak_day;
  for (const auto& [k, p] : stats_.peak_sim) peak_sim[k] = p.peak;
  for (const auto& [k, p] : stats_.peak_real) peak_real[k] = p.peak;
  for (const auto& [k, p] : stats_.peak_sim_day) peak_day[k] = p.peak;
  out["peak_requests_per_sim_second"] = std::move(peak_sim);
  out["peak_requests_per_real_second"] = std::move(peak_real);
  out["peak_requests_per_sim_day"] = std::move(peak_day);
  json::object faults;
  for (const auto& [k, n] : stats_.faults) faults[k] = n;
  out["faults_injected"] = std::move(faults);

  json::object inv;
  inv["total"] = state_.total_invitations();
  const auto visible = state_.visible_invitations(sim_now);
  inv["visible"] = visible;
  std::uint64_t by[4] = {0, 0, 0, 0};
  for (std::uint32_t i = 0; i < visible; ++i) ++by[static_cast<int>(state_.status_of(i, sim_now))];
  inv["by_status"] = json::object{{"PENDING", by[0]}, {"ACCEPTED", by[1]}, {"REJECTED", by[2]}, {"EXPIRED", by[3]}};
  out["invitations"] = std::move(inv);
  out["tasks_created"] = state_.task_count();
  json::object per;
  for (const auto& [index, a] : state_.accounting())
    per[state_.invitation_id(index)] = json::object{{"accept_calls", a.accept_calls},
                                                    {"distinct_client_tokens", a.client_tokens.size()},
                                                    {"tasks_created", a.tasks_created},
                                                    {"reject_calls", a.reject_calls},
                                                    {"status", to_string(state_.status_of(index, sim_now))}};
  out["per_invitation"] = std::move(per);
  return out;
}

}  // namespace pcs::sim
