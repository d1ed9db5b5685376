// Permission warnings for ~/.aws/credentials and ~/.aws/config: the pure rule, then real files in a TempDir.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "aws/config/file_permissions.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

TEST(SharedFilePermissions, OwnerOnlyFilesAreFine) {
  EXPECT_FALSE(shared_file_permission_warning("/h/.aws/credentials", 0100600, true));
  EXPECT_FALSE(shared_file_permission_warning("/h/.aws/credentials", 0100400, true));
  // A config file without keys may be readable: it holds region and profile names only.
  EXPECT_FALSE(shared_file_permission_warning("/h/.aws/config", 0100644, false));
}

// Who may read or write, the mode, what they could do, and the chmod that fixes it; a file others may write is
// warned about even without keys (it names the credential_process command to run).
TEST(SharedFilePermissions, WarningsNameWhoTheModeAndTheFix) {
  struct Row {
    const char* path;
    mode_t mode;
    bool holds_keys;
    const char* warning;  // the whole warning, or a part of it
  };
  const Row rows[] = {
      {"/h/.aws/credentials", 0100644, true,
       "/h/.aws/credentials is readable by group and others (mode 0644): they can read the AWS keys in it; "
       "run chmod 600 /h/.aws/credentials"},
      {"/h/c", 0100640, true, "readable by its group (mode 0640)"},
      {"/h/c", 0100604, true, "readable by others (mode 0604)"},
      {"/h/.aws/config", 0100664, false,
       "/h/.aws/config is writable by its group (mode 0664): they can change the credentials or the "
       "credential_process command it runs; run chmod 600 /h/.aws/config"},
      {"/h/c", 0100666, true, "readable by group and others and writable by group and others (mode 0666)"},
  };
  for (const auto& r : rows) {
    auto w = shared_file_permission_warning(r.path, r.mode, r.holds_keys);
    ASSERT_TRUE(w) << r.path << " " << std::oct << r.mode;
    if (r.warning[0] == '/')
      EXPECT_EQ(*w, r.warning);
    else
      EXPECT_NE(w->find(r.warning), std::string::npos) << *w;
  }
}

TEST(SharedFilePermissions, RealFilesFromTheEnvironment) {
  pcs::test::TempDir dir;
  const auto creds = dir.write("credentials", "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = s\n");
  const auto keyless = dir.write("config", "[default]\nregion = eu-west-1\n");
  const auto keyed = dir.write("config-keys", "[profile x]\naws_secret_access_key = s\naws_access_key_id = a\n");
  ASSERT_EQ(::chmod(creds.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(keyless.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(keyed.c_str(), 0644), 0);

  MapEnvironment env{{"AWS_SHARED_CREDENTIALS_FILE", creds.string()}, {"AWS_CONFIG_FILE", keyless.string()}};
  auto warnings = shared_file_warnings(env);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].rfind(creds.string() + " is readable by group and others (mode 0644)", 0), 0u) << warnings[0];

  env.set("AWS_CONFIG_FILE", keyed.string());
  warnings = shared_file_warnings(env);
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_EQ(warnings[1].rfind(keyed.string() + " is readable", 0), 0u) << warnings[1];

  ASSERT_EQ(::chmod(creds.c_str(), 0600), 0);
  ASSERT_EQ(::chmod(keyed.c_str(), 0600), 0);
  EXPECT_TRUE(shared_file_warnings(env).empty());

  // The default files under HOME; missing files say nothing.
  MapEnvironment home{{"HOME", dir.path().string()}};
  EXPECT_TRUE(shared_file_warnings(home).empty());
  std::filesystem::create_directories(dir.path() / ".aws");
  const auto default_creds = dir.write(".aws/credentials", "[default]\naws_access_key_id = a\n");
  ASSERT_EQ(::chmod(default_creds.c_str(), 0640), 0);
  warnings = shared_file_warnings(home);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(default_creds.string() + " is readable by its group (mode 0640)"), std::string::npos)
      << warnings[0];
  EXPECT_TRUE(shared_file_warnings(MapEnvironment{}).empty());  // no HOME: no default files
}

}  // namespace
}  // namespace pcs::aws
