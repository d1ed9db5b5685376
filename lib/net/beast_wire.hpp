#pragma once
// Internal to lib/net (http_client.cpp, http_server.cpp): the Asio and Beast pieces both ends of the wire use,
// under the names both use. Not for other folders: pure code never sees Asio (see lib/asio).

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace pcs::net::wire {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
// Errors come back as values (as_tuple), never as exceptions: a closed or reset peer is ordinary here.
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

}  // namespace pcs::net::wire
