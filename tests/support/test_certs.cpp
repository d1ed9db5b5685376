#include "test_certs.hpp"

#include <memory>
#include <stdexcept>
#include <string>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace pcs::test {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

[[noreturn]] void fail(const std::string& what) {
  char buf[256] = {};
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  throw std::runtime_error("test certificate generation failed at " + what + ": " + buf);
}

Key make_key() {
  Key key(EVP_EC_gen("P-256"));
  if (!key) fail("EVP_EC_gen");
  return key;
}

void add_ext(X509* cert, X509V3_CTX* ctx, int nid, const char* value) {
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value));
  if (!ext || !X509_add_ext(cert, ext.get(), -1)) fail(std::string("extension ") + value);
}

// issuer == nullptr makes a self-signed CA.
Cert make_cert(const char* common_name, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key, long serial,
               const char* subject_alt_names) {
  Cert cert(X509_new());
  if (!cert) fail("X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 2L * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("pcsyncd tests"), -1,
                             -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                             0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  add_ext(cert.get(), &ctx, NID_subject_key_identifier, "hash");
  if (issuer) {
    add_ext(cert.get(), &ctx, NID_authority_key_identifier, "keyid:always");
    add_ext(cert.get(), &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), &ctx, NID_key_usage, "critical,digitalSignature,keyAgreement");
    add_ext(cert.get(), &ctx, NID_ext_key_usage, "serverAuth");
    add_ext(cert.get(), &ctx, NID_subject_alt_name, subject_alt_names);
  } else {
    add_ext(cert.get(), &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  if (!X509_sign(cert.get(), issuer ? issuer_key : key, EVP_sha256())) fail("X509_sign");
  return cert;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string pem(X509* cert) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_X509(bio.get(), cert)) fail("PEM_write_bio_X509");
  return bio_text(bio.get());
}

std::string pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, Free> bio(BIO_new(BIO_s_mem()));
  if (!PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)) fail("PEM_write_bio_PrivateKey");
  return bio_text(bio.get());
}

}  // namespace

TestCerts::TestCerts() {
  const char* local_names = "DNS:localhost,IP:127.0.0.1";
  Key ca_key = make_key();
  Cert ca = make_cert("pcsyncd test CA", ca_key.get(), nullptr, nullptr, 1, nullptr);
  Key server_key_pair = make_key();
  Cert server = make_cert("localhost", server_key_pair.get(), ca.get(), ca_key.get(), 2, local_names);
  Key wrong_key = make_key();
  Cert wrong = make_cert("wrong-host.invalid", wrong_key.get(), ca.get(), ca_key.get(), 3, "DNS:wrong-host.invalid");
  Key other_ca_key = make_key();
  Cert other_ca = make_cert("untrusted test CA", other_ca_key.get(), nullptr, nullptr, 4, nullptr);
  Key untrusted_key_pair = make_key();
  Cert untrusted = make_cert("localhost", untrusted_key_pair.get(), other_ca.get(), other_ca_key.get(), 5, local_names);

  ca_cert = dir_.write("ca.pem", pem(ca.get()));
  server_cert = dir_.write("server.pem", pem(server.get()));
  server_key = dir_.write("server.key", pem(server_key_pair.get()));
  wrong_host_cert = dir_.write("wrong-host.pem", pem(wrong.get()));
  wrong_host_key = dir_.write("wrong-host.key", pem(wrong_key.get()));
  other_ca_cert = dir_.write("other-ca.pem", pem(other_ca.get()));
  untrusted_cert = dir_.write("untrusted.pem", pem(untrusted.get()));
  untrusted_key = dir_.write("untrusted.key", pem(untrusted_key_pair.get()));
}

}  // namespace pcs::test
