#pragma once
// What the process tests (pcsyncd and pcsync-sim as real processes) start from: the shipped demo scenario with
// test quotas, and the shipped config/pcsyncd.yaml without the keys a test sets itself.

#include <filesystem>
#include <initializer_list>
#include <string>

#include "temp_dir.hpp"

namespace pcs::test {

// sim/scenarios/demo.yaml without arrivals (so "every matching invitation" is a fixed set), reads at 100/s
// (burst 100), writes at write_rate (burst write_burst), and without the seeded opportunity-from-engagement
// tasks unless asked: IN_PROGRESS ones never finish, so --until-idle would never go idle with them.
struct DemoScenario {
  double write_rate = 20;
  int write_burst = 1;
  bool opportunity_tasks = false;
};

// Writes that scenario into dir as `name`; returns its path.
std::filesystem::path write_demo_scenario(const TempDir& dir, const std::string& name, const DemoScenario& options);

// config/pcsyncd.yaml (its rules and comments) without the lines that start with one of `keys` ("catalog:"),
// for a test to put its own settings before it.
std::string shipped_config_without(std::initializer_list<const char*> keys);

}  // namespace pcs::test
