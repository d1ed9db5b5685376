#include "net/tls_context.hpp"

#include <openssl/ssl.h>

namespace pcs::net {
namespace {

namespace ssl = boost::asio::ssl;

std::shared_ptr<ssl::context> base_context(ssl::context::method method) {
  auto ctx = std::make_shared<ssl::context>(method);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  return ctx;
}

}  // namespace

Result<std::shared_ptr<ssl::context>> make_client_tls_context(const std::string& ca_file) {
  auto ctx = base_context(ssl::context::tls_client);
  boost::system::error_code ec;
  if (ca_file.empty()) {
    ctx->set_default_verify_paths(ec);
    if (ec)
      return make_error(ErrorKind::config, "TlsTrustStore",
                        "cannot load the system trust store (" + ec.message() +
                            "); install ca-certificates or set AWS_CA_BUNDLE to a PEM bundle");
  } else {
    ctx->load_verify_file(ca_file, ec);
    if (ec)
      return make_error(ErrorKind::config, "TlsCaBundle",
                        "cannot load CA bundle '" + ca_file + "' (" + ec.message() +
                            "); point AWS_CA_BUNDLE / ca_file at a readable PEM file");
  }
  ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  return ctx;
}

Result<std::shared_ptr<ssl::context>> make_server_tls_context(const std::string& cert_file,
                                                              const std::string& key_file) {
  auto ctx = base_context(ssl::context::tls_server);
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(cert_file, ec);
  if (ec)
    return make_error(ErrorKind::config, "TlsCertificate",
                      "cannot load certificate chain '" + cert_file + "' (" + ec.message() + "); check the PEM file");
  ctx->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec)
    return make_error(ErrorKind::config, "TlsPrivateKey",
                      "cannot load private key '" + key_file + "' (" + ec.message() + "); check the PEM file");
  return ctx;
}

}  // namespace pcs::net
