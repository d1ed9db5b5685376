#include "sim/scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/time_format.hpp"
#include "partnercentral/shape_spec.hpp"

namespace pcs::sim {
namespace {

// Thrown inside the parser only, caught in parse_scenario and turned into an Error with file:line:column.
struct ScenarioProblem : std::runtime_error {
  ScenarioProblem(const YAML::Mark& m, const std::string& what) : std::runtime_error(what), mark(m) {}
  YAML::Mark mark;
};

void require_map(const YAML::Node& node, const std::string& what) {
  if (!node.IsMap()) throw ScenarioProblem(node.Mark(), what + " must be a mapping");
}

// Rejects keys outside `allowed`: a typo must not silently fall back to a default.
void check_keys(const YAML::Node& node, const std::string& where, std::initializer_list<const char*> allowed) {
  require_map(node, where);
  std::set<std::string> seen;
  for (const auto& kv : node) {
    const auto key = kv.first.as<std::string>();
    // yaml-cpp keeps the first of two equal keys; the operator meant one of them, so say so.
    if (!seen.insert(key).second)
      throw ScenarioProblem(kv.first.Mark(), "key '" + key + "' appears twice in " + where);
    bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; });
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
      throw ScenarioProblem(kv.first.Mark(), "unknown key '" + key + "' in " + where + " (known: " + list + ")");
    }
  }
}

template <class T>
T scalar(const YAML::Node& node, const std::string& key) {
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    throw ScenarioProblem(node.Mark(), "'" + key + "' has the wrong type");
  }
}

template <class T>
void read(const YAML::Node& parent, const char* key, T& out) {
  if (auto n = parent[key]) out = scalar<T>(n, key);
}

double read_number(const YAML::Node& parent, const char* key, double fallback, double lo, double hi) {
  auto n = parent[key];
  if (!n) return fallback;
  double v = scalar<double>(n, key);
  if (!(v >= lo && v <= hi)) {
    std::ostringstream msg;
    msg << "'" << key << "' must be between " << lo << " and " << hi;
    throw ScenarioProblem(n.Mark(), msg.str());
  }
  return v;
}

double probability(const YAML::Node& parent, const char* key, double fallback) {
  return read_number(parent, key, fallback, 0, 1);
}

std::vector<std::string> string_list(const YAML::Node& n, const char* key) {
  if (!n.IsSequence()) throw ScenarioProblem(n.Mark(), std::string("'") + key + "' must be a list");
  std::vector<std::string> out;
  for (const auto& item : n) out.push_back(scalar<std::string>(item, key));
  return out;
}

void parse_profile(const YAML::Node& n, InvitationProfile& p) {
  check_keys(n, "invitations.profiles[]", {"name", "weight", "industries", "countries", "spend", "sender_companies"});
  read(n, "name", p.name);
  p.weight = read_number(n, "weight", 1, 0, 1e9);
  if (auto i = n["industries"]) {
    p.industries = string_list(i, "industries");
    for (std::size_t k = 0; k < p.industries.size(); ++k) {
      const auto& all = industry_values();
      if (std::find(all.begin(), all.end(), p.industries[k]) == all.end())
        throw ScenarioProblem(i[k].Mark(), "'" + p.industries[k] + "' is not an Industry of the API model");
    }
  }
  if (auto c = n["countries"]) {
    p.countries = string_list(c, "countries");
    for (std::size_t k = 0; k < p.countries.size(); ++k) {
      const auto& cc = p.countries[k];
      if (cc.size() != 2 || !std::isupper(static_cast<unsigned char>(cc[0])) ||
          !std::isupper(static_cast<unsigned char>(cc[1])))
        throw ScenarioProblem(c[k].Mark(), "country '" + cc + "' must be an ISO 3166 alpha-2 code such as US");
    }
  }
  if (auto s = n["spend"]) {
    if (!s.IsSequence() || s.size() != 2) throw ScenarioProblem(s.Mark(), "'spend' must be [min, max] in USD");
    p.spend_min = scalar<std::int64_t>(s[0], "spend");
    p.spend_max = scalar<std::int64_t>(s[1], "spend");
    if (p.spend_min < 1 || p.spend_max < p.spend_min || p.spend_max > 100'000'000)
      throw ScenarioProblem(s.Mark(), "'spend' must satisfy 1 <= min <= max <= 100000000");
  }
  if (auto sc = n["sender_companies"]) p.sender_companies = string_list(sc, "sender_companies");
}

void parse_invitations(const YAML::Node& n, InvitationSettings& s) {
  check_keys(n, "invitations", {"count", "spread_days", "expiry_days", "status_mix", "arrivals", "profiles",
                                "sender_companies"});
  s.count = static_cast<std::uint32_t>(read_number(n, "count", s.count, 0, 5'000'000));
  s.spread_days = read_number(n, "spread_days", s.spread_days, 0, 3650);
  s.expiry_days = read_number(n, "expiry_days", s.expiry_days, 0.001, 3650);
  if (auto mix = n["status_mix"]) {
    check_keys(mix, "invitations.status_mix", {"PENDING", "ACCEPTED", "REJECTED", "EXPIRED"});
    s.status_mix.clear();
    for (const auto& kv : mix) s.status_mix[kv.first.as<std::string>()] = read_number(mix, kv.first.as<std::string>().c_str(), 0, 0, 1e9);
    double total = 0;
    for (auto& [k, v] : s.status_mix) total += v;
    if (total <= 0) throw ScenarioProblem(mix.Mark(), "'status_mix' needs at least one positive weight");
  }
  if (auto a = n["arrivals"]) {
    check_keys(a, "invitations.arrivals", {"per_hour", "max"});
    s.arrivals_per_hour = read_number(a, "per_hour", 0, 0, 1e7);
    s.arrivals_max = static_cast<std::uint32_t>(read_number(a, "max", 0, 0, 5'000'000));
  }
  if (auto p = n["profiles"]) {
    if (!p.IsSequence()) throw ScenarioProblem(p.Mark(), "'profiles' must be a list");
    for (const auto& item : p) parse_profile(item, s.profiles.emplace_back());
  }
  if (auto sc = n["sender_companies"]) s.sender_companies = string_list(sc, "sender_companies");
}

void parse_quota_class(const YAML::Node& n, const char* where, QuotaClass& q) {
  check_keys(n, where, {"rate", "burst", "daily", "other_tool_share"});
  q.rate = read_number(n, "rate", q.rate, 0.000001, 1e9);
  q.burst = read_number(n, "burst", q.burst, 1, 1e9);
  q.daily = static_cast<std::uint64_t>(read_number(n, "daily", static_cast<double>(q.daily), 0, 1e12));
  q.other_tool_share = read_number(n, "other_tool_share", q.other_tool_share, 0, 0.99);
}

void parse_quotas(const YAML::Node& n, QuotaSettings& q) {
  if (n.IsScalar()) {
    auto v = n.as<std::string>();
    if (v == "off" || v == "false") { q.enabled = false; return; }
    if (v == "on" || v == "true") return;
    throw ScenarioProblem(n.Mark(), "'quotas' must be off, on, or a mapping");
  }
  check_keys(n, "quotas", {"enabled", "scale", "read", "write", "throttle_status"});
  read(n, "enabled", q.enabled);
  q.scale = read_number(n, "scale", q.scale, 0.000001, 1e6);
  if (auto r = n["read"]) parse_quota_class(r, "quotas.read", q.read);
  if (auto w = n["write"]) parse_quota_class(w, "quotas.write", q.write);
  if (auto t = n["throttle_status"]) {
    q.throttle_status = scalar<int>(t, "throttle_status");
    if (q.throttle_status != 429 && q.throttle_status != 400)
      throw ScenarioProblem(t.Mark(), "'throttle_status' must be 429 or 400");
  }
}

void parse_faults(const YAML::Node& n, FaultSettings& f) {
  check_keys(n, "faults", {"internal_error", "unavailable_html", "reset_before_response", "reset_mid_body",
                           "truncate_body", "throttle", "delay", "delay_ms", "namespaced_type", "unknown_members",
                           "unknown_enum"});
  f.internal_error = probability(n, "internal_error", 0);
  f.unavailable_html = probability(n, "unavailable_html", 0);
  f.reset_before_response = probability(n, "reset_before_response", 0);
  f.reset_mid_body = probability(n, "reset_mid_body", 0);
  f.truncate_body = probability(n, "truncate_body", 0);
  f.throttle = probability(n, "throttle", 0);
  f.delay = probability(n, "delay", 0);
  f.delay_ms = static_cast<std::uint32_t>(read_number(n, "delay_ms", f.delay_ms, 0, 600'000));
  f.namespaced_type = probability(n, "namespaced_type", 0);
  f.unknown_members = probability(n, "unknown_members", 0);
  f.unknown_enum = probability(n, "unknown_enum", 0);
}

Scenario parse_root(const YAML::Node& root) {
  Scenario s;
  check_keys(root, "the scenario", {"seed", "clock_speed", "start_time", "region", "catalog", "receiver_account_id",
                                    "credentials", "invitations", "tasks", "quotas", "faults"});
  read(root, "seed", s.seed);
  s.clock_speed = read_number(root, "clock_speed", 1, 0.001, 1e6);
  if (auto t = root["start_time"]) {
    s.start_time = parse_iso8601(scalar<std::string>(t, "start_time"));
    if (!s.start_time) throw ScenarioProblem(t.Mark(), "'start_time' must be an ISO 8601 time like 2025-01-01T00:00:00Z");
  }
  read(root, "region", s.region);
  read(root, "catalog", s.catalog);
  if (s.catalog.empty() || !std::all_of(s.catalog.begin(), s.catalog.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); }))
    throw ScenarioProblem(root["catalog"].Mark(), "'catalog' must be letters only (AWS or Sandbox)");
  read(root, "receiver_account_id", s.receiver_account_id);
  if (s.receiver_account_id.size() != 12 ||
      !std::all_of(s.receiver_account_id.begin(), s.receiver_account_id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    throw ScenarioProblem(root["receiver_account_id"].Mark(), "'receiver_account_id' must be 12 digits");
  if (auto c = root["credentials"]) {
    check_keys(c, "credentials", {"access_key_id", "secret_access_key", "session_token"});
    read(c, "access_key_id", s.credentials.access_key_id);
    read(c, "secret_access_key", s.credentials.secret_access_key);
    read(c, "session_token", s.credentials.session_token);
    if (s.credentials.access_key_id.empty() || s.credentials.secret_access_key.empty())
      throw ScenarioProblem(c.Mark(), "'credentials' needs a non-empty access_key_id and secret_access_key");
  }
  if (auto i = root["invitations"]) parse_invitations(i, s.invitations);
  if (auto t = root["tasks"]) {
    check_keys(t, "tasks", {"duration_seconds", "failure_ratio", "opportunity_tasks"});
    s.tasks.duration_seconds = read_number(t, "duration_seconds", s.tasks.duration_seconds, 0, 1e7);
    s.tasks.failure_ratio = probability(t, "failure_ratio", 0);
    s.tasks.opportunity_tasks = static_cast<std::uint32_t>(read_number(t, "opportunity_tasks", s.tasks.opportunity_tasks, 0, 100'000));
  }
  if (auto q = root["quotas"]) parse_quotas(q, s.quotas);
  if (auto f = root["faults"]) parse_faults(f, s.faults);

  if (s.invitations.sender_companies.empty())
    s.invitations.sender_companies = {"Example Corp", "Example Analytics", "AnyCompany", "Octank", "Whole Widgets",
                                      "Nikki Wolf Consulting", "Example Cloud Partners", "Mary Major Systems"};
  if (s.invitations.profiles.empty()) s.invitations.profiles.emplace_back().name = "default";
  for (auto& p : s.invitations.profiles) {
    if (p.industries.empty()) p.industries = {"Software and Internet", "Retail", "Financial Services", "Education"};
    if (p.countries.empty()) p.countries = {"US", "DE", "GB", "FR", "JP", "BR", "IN"};
  }
  return s;
}

}  // namespace

bool FaultSettings::any() const {
  return internal_error > 0 || unavailable_html > 0 || reset_before_response > 0 || reset_mid_body > 0 ||
         truncate_body > 0 || throttle > 0 || delay > 0 || namespaced_type > 0 || unknown_members > 0 ||
         unknown_enum > 0;
}

Result<Scenario> parse_scenario(const std::string& yaml_text, const std::string& source) {
  auto fail = [&](const YAML::Mark& m, const std::string& what) {
    std::string where = source;
    if (!m.is_null()) where += ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
    return make_error(ErrorKind::config, "InvalidScenario", where + ": " + what + " (fix the scenario file)");
  };
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (!root || root.IsNull()) return fail(YAML::Mark::null_mark(), "the scenario is empty");
    Scenario s = parse_root(root);
    auto stem = std::filesystem::path(source).stem().string();
    s.name = stem.empty() ? source : stem;
    return s;
  } catch (const ScenarioProblem& p) {
    return fail(p.mark, p.what());
  } catch (const YAML::Exception& e) {
    return fail(e.mark, e.msg);
  }
}

Result<Scenario> load_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error(ErrorKind::config, "InvalidScenario",
                      "cannot read scenario " + file.string() + " (check the --scenario path)");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_scenario(text.str(), file.string());
}

// The model's EngagementCustomer.Industry values, from lib/partnercentral's shape tables.
const std::vector<std::string>& industry_values() {
  static const std::vector<std::string> values = [] {
    const pc::MemberSpec* industry = pc::find_member(*pc::find_shape("EngagementCustomer"), "Industry");
    return std::vector<std::string>(industry->shape->enum_values.begin(), industry->shape->enum_values.end());
  }();
  return values;
}

}  // namespace pcs::sim
