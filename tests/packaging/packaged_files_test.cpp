// What the package installs from the build tree, checked against the code's own tables: pcsyncd.yaml(5)
// documents exactly the config keys and rule matchers there are, and the conffile (the build's edited
// copy of config/pcsyncd.yaml) loads and starts in dry run.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "config/config_loader.hpp"
#include "rules/field.hpp"

namespace pcs {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names of the ".TP" / ".B name" entries between the lines `from` and `to` of a man page.
std::set<std::string> entries_between(const std::string& page, const std::string& from, const std::string& to) {
  std::set<std::string> names;
  auto begin = page.find("\n" + from + "\n");
  auto end = page.find("\n" + to + "\n", begin == std::string::npos ? 0 : begin);
  if (begin == std::string::npos || end == std::string::npos) return names;
  const std::string marker = "\n.TP\n.B ";
  for (auto at = page.find(marker, begin); at != std::string::npos && at < end; at = page.find(marker, at + 1)) {
    auto name_start = at + marker.size();
    names.insert(page.substr(name_start, page.find('\n', name_start) - name_start));
  }
  return names;
}

const std::string& yaml_page() {
  static const std::string page = read_file(std::string(PCSYNC_SOURCE_DIR) + "/man/pcsyncd.yaml.5");
  return page;
}

TEST(PackagedManPages, YamlPageDocumentsEveryConfigKeyAndNoOther) {
  ASSERT_FALSE(yaml_page().empty()) << "man/pcsyncd.yaml.5 not found under " << PCSYNC_SOURCE_DIR;
  std::set<std::string> keys;
  for (auto key : config::config_keys()) keys.insert(std::string(key));
  EXPECT_EQ(entries_between(yaml_page(), ".SH KEYS", ".SH RULES"), keys)
      << "each key of lib/config's table needs a '.TP' '.B key' entry under KEYS in man/pcsyncd.yaml.5";
}

TEST(PackagedManPages, YamlPageDocumentsEveryMatcherAndNoOther) {
  std::set<std::string> fields;
  for (const auto& field : rules::all_fields()) fields.insert(std::string(field.name));
  EXPECT_EQ(entries_between(yaml_page(), ".SS MATCHERS", ".SS OPERATORS"), fields)
      << "each field of lib/rules' table needs a '.TP' '.B name' entry under MATCHERS in man/pcsyncd.yaml.5";
}

TEST(PackagedConfig, LoadsAndStartsInDryRunWithTheExampleRules) {
  const std::string packaged = std::string(PCSYNC_BINARY_DIR) + "/install/pcsyncd.yaml";
  auto config = config::load_daemon_config(packaged);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->dry_run) << packaged;

  auto source = config::load_daemon_config(std::string(PCSYNC_SOURCE_DIR) + "/config/pcsyncd.yaml");
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_FALSE(source->dry_run) << "config/pcsyncd.yaml (the README's and the tests' file) is not in dry run";
  EXPECT_EQ(config->catalog, source->catalog);
  EXPECT_EQ(config->database, source->database);
  EXPECT_EQ(config->rules.rules().size(), source->rules.rules().size());
}

}  // namespace
}  // namespace pcs
