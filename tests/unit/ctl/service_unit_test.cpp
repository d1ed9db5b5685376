// Reading a systemd service unit and its EnvironmentFile= the way systemd does, for `doctor --unit`.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>

#include "service_unit.hpp"
#include "temp_dir.hpp"
#include "unit_environment.hpp"

namespace pcs::ctl {
namespace {

namespace fs = std::filesystem;

std::string value_of(const EnvironmentVariables& vars, const std::string& name) {
  std::string v = "<unset>";
  for (const auto& [k, value] : vars)
    if (k == name) v = value;
  return v;
}

TEST(EnvironmentFile, SystemdSyntax) {
  const auto content = parse_environment_file(
      "# comment\n"
      "; also a comment\n"
      "AWS_PROFILE=acme\n"
      "  SPACED  =  value with spaces   \n"
      "SINGLE='it''s literal \\n'\n"
      "DOUBLE=\"a \\\"quoted\\\" \\$word\\q\"\n"
      "CONTINUED=first\\\n"
      "second\n"
      "EMPTY=\n"
      "export NOT_VALID=1\n"
      "no equals sign\n"
      "1BAD=x\n"
      "LAST=no newline");
  const auto& v = content.variables;
  EXPECT_EQ(value_of(v, "AWS_PROFILE"), "acme");
  EXPECT_EQ(value_of(v, "SPACED"), "value with spaces");
  EXPECT_EQ(value_of(v, "SINGLE"), "its literal \\n");
  EXPECT_EQ(value_of(v, "DOUBLE"), "a \"quoted\" $word\\q");
  EXPECT_EQ(value_of(v, "CONTINUED"), "firstsecond");
  EXPECT_EQ(value_of(v, "EMPTY"), "");
  EXPECT_EQ(value_of(v, "LAST"), "no newline");
  EXPECT_EQ(value_of(v, "NOT_VALID"), "<unset>");
  EXPECT_EQ(content.ignored_lines, (std::vector<int>{10, 11, 12}));
}

class ServiceUnitTest : public ::testing::Test {
 protected:
  fs::path dir(const std::string& name) {
    fs::create_directories(tmp_.path() / name);
    return tmp_.path() / name;
  }
  test::TempDir tmp_;
};

TEST_F(ServiceUnitTest, TemplateInstanceWithDropInsAndSpecifiers) {
  const auto etc = dir("etc");
  const auto lib = dir("lib");
  tmp_.write("lib/pcsyncd@.service",
             "[Unit]\nDescription=x %i\nEnvironmentFile=/not/in/service\n\n[Service]\nType=notify\n"
             "ExecStart=/usr/bin/pcsyncd --config /etc/pcsyncd/%i.yaml\n"
             "EnvironmentFile=-/etc/pcsyncd/environment\nEnvironmentFile=-%E/pcsyncd/%i.environment\n"
             "User=pcsyncd\nProtectHome=yes\n"
             "Environment=\"A=one two\" B=three \\\n  C=four\n");
  dir("lib/pcsyncd@.service.d");
  tmp_.write("lib/pcsyncd@.service.d/10-proxy.conf", "[Service]\nEnvironment=HTTPS_PROXY=http://proxy:3128\n");
  tmp_.write("lib/pcsyncd@.service.d/20-hidden.conf", "[Service]\nEnvironment=HIDDEN=lib\n");
  dir("etc/pcsyncd@acme.service.d");
  tmp_.write("etc/pcsyncd@acme.service.d/20-hidden.conf", "[Service]\nEnvironment=HIDDEN=etc\n");
  tmp_.write("etc/pcsyncd@acme.service.d/30-exec.conf",
             "[Service]\nExecStart=\nExecStart=-/usr/bin/pcsyncd --config=/srv/%I.yaml\nEnvironmentFile=\n"
             "EnvironmentFile=/etc/pcsyncd/only-this\n");

  auto unit = read_service_unit("pcsyncd@acme", {etc, lib});
  ASSERT_TRUE(unit) << unit.error().message;
  EXPECT_EQ(unit->name, "pcsyncd@acme.service");
  EXPECT_EQ(unit->files, (std::vector<std::string>{(lib / "pcsyncd@.service").string(),
                                                   (lib / "pcsyncd@.service.d/10-proxy.conf").string(),
                                                   (etc / "pcsyncd@acme.service.d/20-hidden.conf").string(),
                                                   (etc / "pcsyncd@acme.service.d/30-exec.conf").string()}));
  EXPECT_EQ(unit->user, "pcsyncd");
  EXPECT_TRUE(unit->protect_home);
  EXPECT_EQ(value_of(unit->environment, "A"), "one two");
  EXPECT_EQ(value_of(unit->environment, "C"), "four");
  EXPECT_EQ(value_of(unit->environment, "HTTPS_PROXY"), "http://proxy:3128");
  EXPECT_EQ(value_of(unit->environment, "HIDDEN"), "etc");
  ASSERT_EQ(unit->environment_files.size(), 1u);  // the empty assignment reset the list
  EXPECT_EQ(unit->environment_files[0].path, "/etc/pcsyncd/only-this");
  EXPECT_FALSE(unit->environment_files[0].optional);
  EXPECT_EQ(config_argument(unit->exec_start), "/srv/acme.yaml");
}

TEST_F(ServiceUnitTest, InstalledUnitOptionalFilesAndExpansion) {
  const auto lib = dir("lib");
  tmp_.write("lib/pcsyncd@.service",
             "[Service]\nExecStart=/usr/bin/pcsyncd --config /etc/pcsyncd/%i.yaml\n"
             "EnvironmentFile=-/etc/pcsyncd/environment\nEnvironmentFile=-%E/pcsyncd/%i.environment\n");
  auto unit = read_service_unit("pcsyncd@acme.service", {lib});
  ASSERT_TRUE(unit) << unit.error().message;
  ASSERT_EQ(unit->environment_files.size(), 2u);
  EXPECT_TRUE(unit->environment_files[0].optional);
  EXPECT_EQ(unit->environment_files[1].path, "/etc/pcsyncd/acme.environment");
  EXPECT_EQ(config_argument(unit->exec_start), "/etc/pcsyncd/acme.yaml");
}

TEST_F(ServiceUnitTest, ThePackagedUnitsReadAsWritten) {
  const fs::path systemd_dir = fs::path(PCSYNC_SOURCE_DIR) / "systemd";
  auto unit = read_service_unit("pcsyncd", {systemd_dir});
  ASSERT_TRUE(unit) << unit.error().message;
  EXPECT_EQ(unit->user, "pcsyncd");
  EXPECT_TRUE(unit->protect_home);
  ASSERT_EQ(unit->environment_files.size(), 1u);
  EXPECT_EQ(unit->environment_files[0].path, "/etc/pcsyncd/environment");
  EXPECT_TRUE(unit->environment_files[0].optional);
  EXPECT_EQ(config_argument(unit->exec_start), "/etc/pcsyncd/pcsyncd.yaml");
  auto instance = read_service_unit((systemd_dir / "pcsyncd@acme.service").string(), {});
  ASSERT_TRUE(instance) << instance.error().message;
  ASSERT_EQ(instance->environment_files.size(), 2u);
  EXPECT_EQ(instance->environment_files[1].path, "/etc/pcsyncd/acme.environment");
}

TEST_F(ServiceUnitTest, MissingMaskedAndUnsupported) {
  const auto lib = dir("lib");
  auto missing = read_service_unit("pcsyncd", {lib});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no unit file pcsyncd.service in " + lib.string()), std::string::npos);
  EXPECT_FALSE(read_service_unit("pcsyncd.timer", {lib}));
  fs::create_symlink("/dev/null", lib / "pcsyncd.service");
  auto masked = read_service_unit("pcsyncd", {lib});
  ASSERT_FALSE(masked);
  EXPECT_NE(masked.error().message.find("masked"), std::string::npos);
  tmp_.write("lib/other.service", "[Service]\nEnvironmentFile=%h/env\n");
  auto unsupported = read_service_unit("other", {lib});
  ASSERT_FALSE(unsupported);
  EXPECT_NE(unsupported.error().message.find("%h"), std::string::npos);
}

TEST_F(ServiceUnitTest, EnvironmentOfTheUnitNotOfTheOperator) {
  const auto env_file = tmp_.write("environment", "AWS_PROFILE=acme\nAWS_CONFIG_FILE=/root/.aws/config\nbroken\n");
  ServiceUnit unit;
  unit.name = "pcsyncd.service";
  unit.files = {"/lib/systemd/system/pcsyncd.service"};
  unit.environment = {{"AWS_REGION", "eu-west-1"}, {"AWS_PROFILE", "overridden"}};
  unit.environment_files = {{env_file.string(), false}, {(tmp_.path() / "absent").string(), true}};
  unit.exec_start = {"/usr/bin/pcsyncd", "--config", "/etc/pcsyncd/x.yaml"};
  unit.protect_home = true;
  const auto env = unit_environment(unit);
  EXPECT_EQ(value_of(env.variables, "AWS_PROFILE"), "acme");  // the file wins over Environment=
  EXPECT_EQ(value_of(env.variables, "AWS_REGION"), "eu-west-1");
  EXPECT_EQ(value_of(env.variables, "HOME"), "<unset>");  // no User=: root, without HOME
  EXPECT_EQ(value_of(env.variables, "PATH"), "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  EXPECT_EQ(env.config_path, "/etc/pcsyncd/x.yaml");
  EXPECT_TRUE(env.failures.empty());
  EXPECT_NE(env.summary.find(env_file.string() + ": AWS_PROFILE, AWS_CONFIG_FILE"), std::string::npos) << env.summary;
  EXPECT_NE(env.summary.find("absent (optional)"), std::string::npos) << env.summary;
  EXPECT_EQ(env.summary.find("acme"), std::string::npos) << "values are never shown: " << env.summary;
  ASSERT_EQ(env.warnings.size(), 2u);
  EXPECT_NE(env.warnings[0].find(":3: not a NAME=value assignment"), std::string::npos);
  EXPECT_NE(env.warnings[1].find("AWS_CONFIG_FILE is /root/.aws/config, which ProtectHome= hides"), std::string::npos);

  unit.environment_files = {{(tmp_.path() / "absent").string(), false}};
  unit.user = "no-such-user-pcsyncd-test";
  const auto broken = unit_environment(unit);
  ASSERT_EQ(broken.failures.size(), 2u);
  EXPECT_NE(broken.failures[0].find("does not exist"), std::string::npos);
  EXPECT_NE(broken.failures[1].find("systemd refuses to start the service"), std::string::npos);
}

TEST(ScopedProcessEnvironment, ReplacesAndRestoresTheWholeEnvironment) {
  ::setenv("PCSYNC_SCOPED_TEST", "before", 1);
  {
    ScopedProcessEnvironment scoped(EnvironmentVariables{{"ONLY_THIS", "1"}});
    EXPECT_EQ(std::getenv("PCSYNC_SCOPED_TEST"), nullptr);
    EXPECT_STREQ(std::getenv("ONLY_THIS"), "1");
  }
  EXPECT_STREQ(std::getenv("PCSYNC_SCOPED_TEST"), "before");
  EXPECT_EQ(std::getenv("ONLY_THIS"), nullptr);
  ::unsetenv("PCSYNC_SCOPED_TEST");
}

}  // namespace
}  // namespace pcs::ctl
