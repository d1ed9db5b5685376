#pragma once
// What a SIGHUP may change while pcsyncd runs. Every configuration key is either live (the next cycle runs
// with the new value) or restart-only (it shapes something built once at start: the client stack, the
// database, the metrics listener). A reload that changes a restart-only key is refused as a whole, so the
// running daemon never runs on a configuration it only half applied. Pure.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/daemon_config.hpp"

namespace pcs::config {

enum class KeyScope { live, restart };

struct KeyPolicy {
  std::string_view key;
  KeyScope scope;
};

// One entry per key of pcsyncd.yaml, in the README's order.
std::span<const KeyPolicy> reload_policy();

struct ReloadPlan {
  std::vector<std::string> changed_live;     // keys whose new value applies from the next cycle
  std::vector<std::string> changed_restart;  // keys that need `systemctl restart pcsyncd`

  bool accepted() const { return changed_restart.empty(); }
  // "poll_interval, rules" / "catalog changed: needs a restart (systemctl restart pcsyncd)".
  std::string describe() const;
};

ReloadPlan plan_reload(const DaemonConfig& running, const DaemonConfig& loaded);

}  // namespace pcs::config
