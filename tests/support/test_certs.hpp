#pragma once
// Throwaway certificates for TLS tests, generated with the OpenSSL API when constructed (EC P-256, valid
// from an hour ago for two days) and written as PEM files under a private TempDir:
//   ca_cert                           the test CA: pass it as ca_file to trust the servers below
//   server_cert/server_key            leaf for DNS "localhost" and IP 127.0.0.1, signed by the test CA
//   wrong_host_cert/wrong_host_key    leaf for "wrong-host.invalid" only, signed by the test CA
//   other_ca_cert                     a second, unrelated CA
//   untrusted_cert/untrusted_key      leaf for localhost + 127.0.0.1 signed by the other CA
// Nothing here is a secret; the files vanish with the object. Throws std::runtime_error if OpenSSL fails.

#include <filesystem>

#include "temp_dir.hpp"

namespace pcs::test {

class TestCerts {
 public:
  TestCerts();
  std::filesystem::path ca_cert;
  std::filesystem::path server_cert;
  std::filesystem::path server_key;
  std::filesystem::path wrong_host_cert;
  std::filesystem::path wrong_host_key;
  std::filesystem::path other_ca_cert;
  std::filesystem::path untrusted_cert;
  std::filesystem::path untrusted_key;

 private:
  TempDir dir_;
};

}  // namespace pcs::test
