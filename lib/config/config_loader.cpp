#include "config/config_loader.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "net/endpoint.hpp"
#include "rules/duration.hpp"
#include "rules/rule_parser.hpp"
#include "rules/yaml_diagnostics.hpp"

namespace pcs::config {
namespace {

using std::chrono::seconds;

constexpr std::array<std::string_view, 25> kKeys{
    "catalog",          "region",           "endpoint_url",       "profile",
    "ca_bundle",        "database",         "log_level",          "poll_interval",
    "reconcile_interval", "task_poll_interval", "request_timeout", "dry_run",
    "rules",            "default_action",   "quota_share",        "read_quota_per_second",
    "write_quota_per_second", "read_quota_daily", "write_quota_daily", "max_attempts",
    "retry_mode",       "metrics_listen",     "call_timeout",     "max_accept_attempts", "notify"};
constexpr std::array<std::string_view, 2> kNotifyKeys{"webhooks", "expiry_warning"};
constexpr std::array<std::string_view, 5> kWebhookKeys{"url", "name", "secret", "format", "events"};

// The endpoint rule of the whole project (net::parse_endpoint: https, or plain http to a loopback host only, no
// user info, query or fragment), plus one thing of the client's: Partner Central requests go to "/" and are
// signed so, which a base path would break. Returns what is wrong, or "".
std::string check_endpoint_url(std::string_view url) {
  auto endpoint = net::parse_endpoint(url);
  if (!endpoint) return endpoint.error().message;
  if (!endpoint->base_path.empty()) return "must be scheme://host[:port] only (no path): requests are signed for /";
  return {};
}

bool valid_port(std::string_view port) { return net::parse_port(port).has_value(); }

bool valid_region(std::string_view r) {
  // e.g. us-east-1, ap-southeast-2, us-gov-west-1
  size_t first = r.find('-');
  size_t last = r.rfind('-');
  if (first != 2 || last == first || last + 1 >= r.size()) return false;
  for (size_t i = 0; i < r.size(); ++i) {
    char c = r[i];
    bool ok = i > last ? (c >= '0' && c <= '9') : ((c >= 'a' && c <= 'z') || c == '-');
    if (!ok) return false;
  }
  return r.find("--") == std::string_view::npos;
}

class Loader {
 public:
  explicit Loader(std::string_view file) : file_(file) {}

  Result<DaemonConfig> load(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
    } catch (const YAML::DeepRecursion& e) {
      // yaml-cpp stops its recursive parser at a fixed depth but calls it "bad file": say what it means.
      return rules::yaml_error(file_, e.mark, "",
                               "YAML nested " + std::to_string(e.depth()) +
                                   " levels deep, past the parser's limit; pcsyncd.yaml needs only a few levels "
                                   "(check for runaway brackets or indentation)");
    } catch (const YAML::Exception& e) {
      return rules::yaml_error(file_, e.mark, "", "YAML syntax error: " + e.msg + "; fix the file's indentation or quoting");
    }
    if (!root || root.IsNull()) {
      return rules::yaml_error(file_, YAML::Mark::null_mark(), "",
                               "the file is empty; it needs at least 'catalog: AWS' or 'catalog: Sandbox'");
    }
    if (!root.IsMap()) return err(root, "", "the file must be a map of key: value settings");

    std::map<std::string, YAML::Node> nodes;
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.Scalar();
      if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end()) {
        return err(it->first, "", rules::unknown_key_message("key", key, kKeys));
      }
      if (nodes.count(key)) return err(it->first, key, "duplicate key; keep one");
      nodes[key] = it->second;
    }

    DaemonConfig c;
    auto get = [&](const char* key) -> YAML::Node {
      auto it = nodes.find(key);
      // An Undefined node tests false, unlike YAML::Node() (a defined null): absent keys keep their default.
      return it == nodes.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
    };

    YAML::Node catalog = get("catalog");
    if (!catalog) {
      return err(root, "catalog", "missing; write 'catalog: Sandbox' for testing or 'catalog: AWS' for production");
    }
    if (!catalog.IsScalar() || (catalog.Scalar() != "AWS" && catalog.Scalar() != "Sandbox")) {
      return err(catalog, "catalog", "must be AWS or Sandbox (exactly so spelt)");
    }
    c.catalog = catalog.Scalar();

    if (auto s = string_value(get("region"), "region", c.region); !s) return s.error();
    if (!valid_region(c.region)) return err(get("region"), "region", "'" + c.region + "' is not a region name such as us-east-1");

    if (YAML::Node n = get("endpoint_url")) {
      std::string v;
      if (auto s = string_value(n, "endpoint_url", v); !s) return s.error();
      if (auto why = check_endpoint_url(v); !why.empty()) return err(n, "endpoint_url", why);
      c.endpoint_url = v;
    }
    if (auto s = optional_string(get("profile"), "profile", c.profile); !s) return s.error();
    if (auto s = optional_string(get("ca_bundle"), "ca_bundle", c.ca_bundle); !s) return s.error();
    if (auto s = string_value(get("database"), "database", c.database); !s) return s.error();

    if (auto s = string_value(get("log_level"), "log_level", c.log_level); !s) return s.error();
    if (c.log_level != "trace" && c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
        c.log_level != "error") {
      return err(get("log_level"), "log_level", "must be one of trace, debug, info, warn, error");
    }

    if (auto s = duration_value(get("poll_interval"), "poll_interval", seconds{10}, seconds{86400}, c.poll_interval); !s)
      return s.error();
    if (auto s = duration_value(get("reconcile_interval"), "reconcile_interval", seconds{60}, seconds{7 * 86400},
                                c.reconcile_interval);
        !s)
      return s.error();
    if (auto s = duration_value(get("task_poll_interval"), "task_poll_interval", seconds{5}, seconds{3600},
                                c.task_poll_interval);
        !s)
      return s.error();
    if (auto s = duration_value(get("request_timeout"), "request_timeout", seconds{1}, seconds{600}, c.request_timeout);
        !s)
      return s.error();

    if (auto s = duration_value(get("call_timeout"), "call_timeout", seconds{1}, seconds{1800}, c.call_timeout); !s)
      return s.error();
    if (!get("call_timeout")) c.call_timeout = std::max(c.call_timeout, 3 * c.request_timeout);
    if (c.call_timeout < c.request_timeout)
      return err(get("call_timeout"), "call_timeout",
                 "must be at least request_timeout (" + rules::format_duration(c.request_timeout) +
                     "): it bounds all the attempts of one call");
    if (YAML::Node n = get("max_accept_attempts")) {
      std::int64_t attempts = 0;
      if (auto s = integer_value(n, "max_accept_attempts", 1, 10, attempts); !s) return s.error();
      c.max_accept_attempts = static_cast<int>(attempts);
    }

    if (YAML::Node n = get("dry_run")) {
      if (!n.IsScalar() || !YAML::convert<bool>::decode(n, c.dry_run)) return err(n, "dry_run", "must be true or false");
    }

    rules::Action default_action = rules::Action::ignore;
    if (YAML::Node n = get("default_action")) {
      auto a = n.IsScalar() ? rules::parse_action(n.Scalar()) : std::nullopt;
      if (!a) return err(n, "default_action", "must be accept, reject, review or ignore");
      default_action = *a;
    }
    auto rule_set = rules::parse_rule_set(get("rules"), default_action, file_);
    if (!rule_set) return rule_set.error();
    c.rules = std::move(rule_set.value());

    if (auto s = number_value(get("quota_share"), "quota_share", 0, 1, false, c.quota_share); !s) return s.error();
    if (auto s = number_value(get("read_quota_per_second"), "read_quota_per_second", 0, 1e6, false,
                              c.read_quota_per_second);
        !s)
      return s.error();
    if (auto s = number_value(get("write_quota_per_second"), "write_quota_per_second", 0, 1e6, false,
                              c.write_quota_per_second);
        !s)
      return s.error();
    if (auto s = integer_value(get("read_quota_daily"), "read_quota_daily", 1, 1'000'000'000, c.read_quota_daily); !s)
      return s.error();
    if (auto s = integer_value(get("write_quota_daily"), "write_quota_daily", 1, 1'000'000'000, c.write_quota_daily);
        !s)
      return s.error();
    // Unset here, these two fall back to AWS_MAX_ATTEMPTS / AWS_RETRY_MODE and the profile, as in the AWS CLI.
    if (YAML::Node n = get("max_attempts")) {
      std::int64_t attempts = 0;
      if (auto s = integer_value(n, "max_attempts", 1, 10, attempts); !s) return s.error();
      c.max_attempts = static_cast<int>(attempts);
    }
    if (YAML::Node n = get("retry_mode")) {
      std::string mode;
      if (auto s = string_value(n, "retry_mode", mode); !s) return s.error();
      if (mode != "standard" && mode != "adaptive" && mode != "pcsyncd")
        return err(n, "retry_mode", "must be pcsyncd (known-quota pacing, the default), adaptive or standard");
      c.retry_mode = mode;
    }

    if (YAML::Node n = get("metrics_listen")) {
      std::string v;
      if (auto s = string_value(n, "metrics_listen", v); !s) return s.error();
      size_t colon = v.rfind(':');
      if (colon == std::string::npos || colon == 0 || !valid_port(std::string_view(v).substr(colon + 1))) {
        return err(n, "metrics_listen", "must be host:port, e.g. 127.0.0.1:9465");
      }
      c.metrics_listen = v;
    }
    if (YAML::Node n = get("notify")) {
      if (auto s = notify(n, c.notify); !s) return s.error();
    }
    return c;
  }

  Status notify(const YAML::Node& n, NotifyConfig& out) const {
    if (!n.IsMap()) return err(n, "notify", "must be a map with webhooks: (and expiry_warning:)");
    for (auto it = n.begin(); it != n.end(); ++it)
      if (std::find(kNotifyKeys.begin(), kNotifyKeys.end(), it->first.Scalar()) == kNotifyKeys.end())
        return err(it->first, "notify", rules::unknown_key_message("key", it->first.Scalar(), kNotifyKeys));
    if (auto s = duration_value(n["expiry_warning"], "notify.expiry_warning", seconds{60}, seconds{30 * 86400},
                                out.expiry_warning);
        !s)
      return s;
    YAML::Node hooks = n["webhooks"];
    if (!hooks) return Ok{};
    if (!hooks.IsSequence()) return err(hooks, "notify.webhooks", "must be a list of {url: ...}");
    for (std::size_t i = 0; i < hooks.size(); ++i) {
      const std::string key = "notify.webhooks[" + std::to_string(i) + "]";
      const YAML::Node h = hooks[i];
      if (!h.IsMap()) return err(h, key, "must be a map with url: (and name, secret, format, events)");
      for (auto it = h.begin(); it != h.end(); ++it)
        if (std::find(kWebhookKeys.begin(), kWebhookKeys.end(), it->first.Scalar()) == kWebhookKeys.end())
          return err(it->first, key, rules::unknown_key_message("key", it->first.Scalar(), kWebhookKeys));
      Webhook w;
      if (!h["url"]) return err(h, key + ".url", "missing: the webhook's https:// URL");
      if (auto s = string_value(h["url"], "url", w.url); !s) return err(h["url"], key + ".url", "must be a URL");
      if (auto s = string_value(h["name"], "name", w.name); !s) return err(h["name"], key + ".name", "must be a non-empty string");
      std::optional<std::string> secret;
      if (auto s = optional_string(h["secret"], "secret", secret); !s)
        return err(h["secret"], key + ".secret", "must be a non-empty string");
      w.secret = secret;
      if (YAML::Node f = h["format"]) {
        if (!f.IsScalar() || (f.Scalar() != "json" && f.Scalar() != "slack"))
          return err(f, key + ".format", "must be json (the default) or slack (Slack and Teams incoming webhooks)");
        w.format = f.Scalar() == "slack" ? WebhookFormat::slack : WebhookFormat::json;
      }
      if (YAML::Node e = h["events"]) {
        if (!e.IsSequence() || e.size() == 0)
          return err(e, key + ".events", "must be a non-empty list of events; leave it out for every event");
        for (const auto& item : e) {
          const std::string event = item.IsScalar() ? item.Scalar() : "";
          if (std::find(kNotificationEvents.begin(), kNotificationEvents.end(), event) == kNotificationEvents.end())
            return err(item, key + ".events", rules::unknown_key_message("event", event, kNotificationEvents));
          w.events.push_back(event);
        }
      }
      // The message names the key, never the URL: it may be a credential (Slack).
      if (auto why = check_webhook_url(w); !why.empty()) return err(h["url"], key + ".url", why);
      for (const auto& other : out.webhooks)
        if (other.name == w.name)
          return err(h, key + ".name", "two webhooks are named " + w.name + " (the default is the URL's host): give each its own name:");
      out.webhooks.push_back(std::move(w));
    }
    return Ok{};
  }

 private:
  Error err(const YAML::Node& at, std::string_view key, const std::string& message) const {
    return rules::yaml_error(file_, at ? at.Mark() : YAML::Mark::null_mark(), key, message);
  }

  // Leaves `out` (the default) alone when the key is absent.
  Status string_value(const YAML::Node& n, const char* key, std::string& out) const {
    if (!n) return Ok{};
    if (!n.IsScalar() || n.Scalar().empty()) return err(n, key, "must be a non-empty string");
    out = n.Scalar();
    return Ok{};
  }

  Status optional_string(const YAML::Node& n, const char* key, std::optional<std::string>& out) const {
    if (!n) return Ok{};
    std::string v;
    if (auto s = string_value(n, key, v); !s) return s;
    out = v;
    return Ok{};
  }

  Status duration_value(const YAML::Node& n, const char* key, seconds min, seconds max, seconds& out) const {
    if (!n) return Ok{};
    auto d = n.IsScalar() ? rules::parse_duration(n.Scalar()) : std::nullopt;
    if (!d) {
      return err(n, key, "'" + (n.IsScalar() ? n.Scalar() : std::string("?")) +
                             "' is not a duration; write e.g. 30s, 5m, 1h or 1h30m (units d, h, m, s)");
    }
    if (*d < min || *d > max) {
      return err(n, key, "must be between " + rules::format_duration(min) + " and " + rules::format_duration(max));
    }
    out = *d;
    return Ok{};
  }

  // (min, max], or [min, max] when min_inclusive.
  Status number_value(const YAML::Node& n, const char* key, double min, double max, bool min_inclusive,
                      double& out) const {
    if (!n) return Ok{};
    double v = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v)) {
      return err(n, key, "must be a number");
    }
    if ((min_inclusive ? v < min : v <= min) || v > max) {
      std::ostringstream range;
      range << (min_inclusive ? "at least " : "greater than ") << min << " and at most " << max;
      return err(n, key, "must be " + range.str());
    }
    out = v;
    return Ok{};
  }

  Status integer_value(const YAML::Node& n, const char* key, std::int64_t min, std::int64_t max,
                       std::int64_t& out) const {
    if (!n) return Ok{};
    std::int64_t v = 0;
    if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, v)) return err(n, key, "must be a whole number");
    if (v < min || v > max) {
      return err(n, key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    out = v;
    return Ok{};
  }

  std::string_view file_;
};

}  // namespace

std::span<const std::string_view> config_keys() { return kKeys; }

Result<DaemonConfig> parse_daemon_config(std::string_view yaml_text, std::string_view file_name) {
  if (yaml_text.size() > kMaxConfigBytes) {
    return rules::yaml_error(file_name, YAML::Mark::null_mark(), "",
                             "the file is larger than " + std::to_string(kMaxConfigBytes) +
                                 " bytes (1 MiB), far more than any pcsyncd.yaml needs; check that --config names the "
                                 "right file");
  }
  try {
    return Loader(file_name).load(yaml_text);
  } catch (const YAML::Exception& e) {
    // Defensive: a node shape the loader did not expect; still say where.
    return rules::yaml_error(file_name, e.mark, "", e.msg);
  }
}

Result<DaemonConfig> load_daemon_config(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return make_error(ErrorKind::config, "ConfigNotReadable",
                      path + ": cannot open the configuration file; check the path (--config) and its permissions");
  }
  // One byte past the limit is enough to refuse the file: a huge file (or /dev/zero) is never read whole.
  std::string text(kMaxConfigBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    return make_error(ErrorKind::config, "ConfigNotReadable", path + ": read error; check the file and the disk");
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_daemon_config(text, path);
}

}  // namespace pcs::config
