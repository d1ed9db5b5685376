#include "sim/self_signed_cert.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace pcs::sim {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Status fail(const std::string& what) {
  return make_error(ErrorKind::config, "TlsSetupFailed", "cannot create the simulator's TLS certificate: " + what);
}

}  // namespace

Status write_self_signed_cert(const std::filesystem::path& cert_pem, const std::filesystem::path& key_pem) {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) return fail("key generation failed");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  if (!cert) return fail("out of memory");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86'400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1"},
                            std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) return fail("extension");
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (!X509_sign(cert.get(), key.get(), EVP_sha256())) return fail("signing failed");

  {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(key_pem.c_str(), "wb"));
    if (!f) return fail("cannot write " + key_pem.string());
    ::chmod(key_pem.c_str(), 0600);
    if (!PEM_write_PrivateKey(f.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) return fail("key PEM");
  }
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(cert_pem.c_str(), "wb"));
  if (!f) return fail("cannot write " + cert_pem.string() + " (check --tls-cert-out)");
  if (!PEM_write_X509(f.get(), cert.get())) return fail("cert PEM");
  return Ok{};
}

}  // namespace pcs::sim
