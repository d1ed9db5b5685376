#include "demo_scenario.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>

#include "test_paths.hpp"

namespace pcs::test {

std::filesystem::path write_demo_scenario(const TempDir& dir, const std::string& name, const DemoScenario& options) {
  YAML::Node node = YAML::LoadFile(std::string(source_dir()) + "/sim/scenarios/demo.yaml");
  node["invitations"].remove("arrivals");
  if (!options.opportunity_tasks) node["tasks"]["opportunity_tasks"] = 0;
  node["quotas"]["read"]["rate"] = 100;
  node["quotas"]["read"]["burst"] = 100;
  node["quotas"]["write"]["rate"] = options.write_rate;
  node["quotas"]["write"]["burst"] = options.write_burst;
  YAML::Emitter out;
  out << node;
  return dir.write(name, out.c_str());
}

std::string shipped_config_without(std::initializer_list<const char*> keys) {
  std::ifstream in(std::string(source_dir()) + "/config/pcsyncd.yaml");
  std::string text, line;
  while (std::getline(in, line)) {
    for (const char* key : keys)
      if (line.rfind(key, 0) == 0) line.clear();
    text += line + "\n";
  }
  return text;
}

}  // namespace pcs::test
