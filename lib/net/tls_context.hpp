#pragma once
// OpenSSL contexts as pcsyncd wants them: TLS 1.2 or newer, peer verification always on for clients.
// Included only by the network edge (it pulls in Asio's SSL layer).

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "core/result.hpp"

namespace pcs::net {

// A client context that verifies the peer against ca_file (a PEM bundle, e.g. AWS_CA_BUNDLE) or, when
// ca_file is empty, against the system trust store. There is deliberately no way to turn verification off.
Result<std::shared_ptr<boost::asio::ssl::context>> make_client_tls_context(const std::string& ca_file);

// A server context with a PEM certificate chain and private key (simulator and tests).
Result<std::shared_ptr<boost::asio::ssl::context>> make_server_tls_context(const std::string& cert_file,
                                                                           const std::string& key_file);

}  // namespace pcs::net
