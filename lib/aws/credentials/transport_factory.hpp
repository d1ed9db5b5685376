#pragma once
// How the network providers (IMDS, container, STS) get an HTTP transport for a URL. The daemon passes a
// factory that builds pcs::net::HttpClient; tests pass one that points at a loopback fake or an in-memory
// transport. Keeping it a plain std::function keeps Asio/Beast out of this header.

#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "net/transport.hpp"

namespace pcs::aws {

// base_url is scheme://host[:port] without a path ("http://169.254.169.254", "https://sts.eu-west-1.amazonaws.com").
using TransportFactory =
    std::function<Result<std::unique_ptr<net::HttpTransport>>(const std::string& base_url)>;

}  // namespace pcs::aws
