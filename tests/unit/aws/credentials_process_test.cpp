#include <gtest/gtest.h>

#include <filesystem>

#include "aws/credentials/process_provider.hpp"
#include "credentials_async_util.hpp"
#include "temp_dir.hpp"

namespace pcs::aws {
namespace {

using test::run_awaitable;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

std::string script(const pcs::test::TempDir& dir, const std::string& name, const std::string& body) {
  auto p = dir.write(name, "#!/bin/sh\n" + body);
  std::filesystem::permissions(p, std::filesystem::perms::owner_all);
  return p.string();
}

Result<Credentials> run(const std::string& command, ProcessOptions options = {}) {
  boost::asio::io_context io;
  ProcessCredentialsProvider p(command, "dev", options);
  auto r = run_awaitable(io, p.resolve(), std::chrono::seconds(8));
  if (!r) return make_error(ErrorKind::timeout, "Hang", "the test's guard fired");
  return std::move(*r);
}

TEST(CredentialsProcess, ReadsVersion1Json) {
  pcs::test::TempDir dir;
  const auto cmd = script(dir, "ok.sh",
                          "echo 'diagnostics on stderr' >&2\n"
                          "cat <<EOF\n{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"" +
                              std::string(kSecret) +
                              "\",\n \"SessionToken\": \"tok\", \"Expiration\": \"2030-05-01T00:00:00Z\"}\nEOF\n");
  // Arguments with spaces go through the shell as the SDKs do.
  auto r = run(cmd + " 'an arg'");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->access_key_id, "AKIDPROC");
  EXPECT_EQ(r->secret_access_key, kSecret);
  EXPECT_EQ(r->session_token, "tok");
  EXPECT_TRUE(r->expiration.has_value());
  EXPECT_EQ(r->source, "process (profile dev)");
}

TEST(CredentialsProcess, NonZeroExitHidesStderr) {
  pcs::test::TempDir dir;
  const auto cmd = script(dir, "fail.sh", "echo 'token=SECRETSTDERR' >&2\nexit 3\n");
  auto r = run(cmd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CredentialProcessFailed");
  EXPECT_NE(r.error().message.find("exited with status 3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("profile dev"), std::string::npos);
  EXPECT_EQ(r.error().message.find("SECRETSTDERR"), std::string::npos);
}

TEST(CredentialsProcess, MalformedJsonIsNotEchoed) {
  pcs::test::TempDir dir;
  const auto cmd = script(dir, "bad.sh", std::string("echo '{\"Version\": 1, \"SecretAccessKey\": \"") + kSecret + "\"'\n");
  auto r = run(cmd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "MalformedCredentials");
  EXPECT_EQ(r.error().message.find(kSecret), std::string::npos) << r.error().message;
  auto missing = run(script(dir, "nokey.sh", "echo '{\"Version\": 1}'\n"));
  EXPECT_NE(missing.error().message.find("AccessKeyId"), std::string::npos);
}

TEST(CredentialsProcess, TimeoutKillsTheCommandAndItsChildren) {
  pcs::test::TempDir dir;
  const auto cmd = script(dir, "hang.sh", "sleep 30 &\nsleep 30\n");
  auto r = run(cmd, ProcessOptions{std::chrono::milliseconds(200), 64 * 1024});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "CredentialProcessTimeout") << r.error().describe();
  EXPECT_EQ(r.error().kind, ErrorKind::timeout);
}

TEST(CredentialsProcess, OversizedOutputAndMissingCommand) {
  pcs::test::TempDir dir;
  auto big = run(script(dir, "big.sh", "head -c 5000 /dev/zero | tr '\\0' x\n"), ProcessOptions{std::chrono::seconds(5), 1024});
  EXPECT_EQ(big.error().code, "CredentialProcessOutputTooLarge");
  auto missing = run((dir.path() / "does-not-exist").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "CredentialProcessFailed");
  EXPECT_NE(missing.error().message.find("status 127"), std::string::npos) << missing.error().message;
}

}  // namespace
}  // namespace pcs::aws
