#include "service/reload.hpp"

#include "config/reload_plan.hpp"
#include "service/governor_settings.hpp"

namespace pcs::service {

ReloadDecision decide_reload(const config::DaemonConfig& running, Result<config::DaemonConfig> loaded,
                             const aws::AwsSettings& aws) {
  ReloadDecision d;
  if (!loaded) {
    d.message = loaded.error().message;
    return d;
  }
  const auto plan = config::plan_reload(running, *loaded);
  d.message = plan.describe();
  if (!plan.accepted()) return d;
  auto governor = governor_config_from(*loaded, aws);
  if (!governor) {
    d.message = governor.error().message;
    return d;
  }
  d.applied = true;
  d.config = std::move(loaded).value();
  d.governor = std::move(governor).value();
  return d;
}

}  // namespace pcs::service
