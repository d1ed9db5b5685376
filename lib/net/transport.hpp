#pragma once
// The seam between the typed API and the network: send one request, get one response or a typed error.
// HttpClient implements it over Beast; tests may implement it in memory for pure protocol logic.
// Retries are not the transport's business (the governor owns them); deadlines are.

#include <boost/asio/awaitable.hpp>

#include "core/result.hpp"
#include "net/http_message.hpp"

namespace pcs::net {

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // The request carries every header, Host included. Completes with the response (any status) or an Error of
  // kind transport or timeout (or cancelled); never throws.
  virtual boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request) = 0;
};

}  // namespace pcs::net
