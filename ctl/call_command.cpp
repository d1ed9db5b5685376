// pcsyncctl call OPERATION [JSON|-] [--catalog NAME] [--compact]
// Sends one Partner Central request (validated and signed like the daemon's) and prints the response JSON.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>

#include "command.hpp"
#include "ctl_environment.hpp"
#include "json_pretty.hpp"
#include "net/endpoint.hpp"
#include "net/http_client.hpp"
#include "partnercentral/client.hpp"
#include "partnercentral/validation.hpp"

namespace pcs::ctl {
namespace {

namespace json = boost::json;

struct CallArgs {
  std::string operation;
  std::string body_text = "{}";
  std::optional<std::string> catalog;
  bool compact = false;
};

constexpr std::string_view kUsage = "usage: pcsyncctl call OPERATION [JSON|-] [--catalog NAME] [--compact]";

std::optional<CallArgs> parse_args(const CommandContext& ctx) {
  CallArgs a;
  std::vector<std::string> positional;
  for (std::size_t i = 0; i < ctx.args.size(); ++i) {
    const auto& arg = ctx.args[i];
    if (arg == "--compact") {
      a.compact = true;
    } else if (arg == "--catalog") {
      if (i + 1 >= ctx.args.size()) {
        ctx.err << "pcsyncctl call: --catalog needs a value (AWS or Sandbox)\n" << kUsage << "\n";
        return std::nullopt;
      }
      a.catalog = ctx.args[++i];
    } else if (arg.rfind("--catalog=", 0) == 0) {
      a.catalog = arg.substr(10);
    } else if (arg.size() > 1 && arg.rfind("--", 0) == 0) {
      ctx.err << "pcsyncctl call: unknown option " << arg << "\n" << kUsage << "\n";
      return std::nullopt;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.empty() || positional.size() > 2) {
    ctx.err << kUsage << "\noperations:";
    for (auto op : pc::known_operations()) ctx.err << " " << op;
    ctx.err << "\n";
    return std::nullopt;
  }
  a.operation = positional[0];
  if (positional.size() == 2) {
    if (positional[1] == "-") {
      a.body_text.assign(std::istreambuf_iterator<char>(ctx.in), std::istreambuf_iterator<char>());
    } else {
      a.body_text = positional[1];
    }
  }
  return a;
}

const char* process_getenv(const char* name) { return std::getenv(name); }

}  // namespace

int run_call(const CommandContext& ctx) {
  auto args = parse_args(ctx);
  if (!args) return kExitUsage;
  if (!pc::is_known_operation(args->operation)) {
    ctx.err << "pcsyncctl call: unknown operation " << args->operation << "; one of:";
    for (auto op : pc::known_operations()) ctx.err << " " << op;
    ctx.err << "\n";
    return kExitUsage;
  }
  boost::system::error_code ec;
  json::value body = json::parse(args->body_text, ec);
  if (ec || !body.is_object()) {
    ctx.err << "pcsyncctl call: the request body is not a JSON object"
            << (ec ? " (" + ec.message() + ")" : std::string()) << "\n";
    return kExitUsage;
  }
  if (args->catalog && !body.get_object().contains("Catalog")) body.get_object()["Catalog"] = *args->catalog;

  auto env = read_environment(process_getenv);
  auto endpoint = net::parse_endpoint(env.endpoint_url);
  if (!endpoint) {
    ctx.err << endpoint.error().describe() << "\n";
    return kExitFailure;
  }
  auto credentials = make_credentials_provider(process_getenv);
  if (!credentials) {
    ctx.err << credentials.error().describe() << "\n";
    return kExitFailure;
  }

  boost::asio::io_context io;
  net::HttpClientOptions http_options;
  http_options.endpoint_url = env.endpoint_url;
  http_options.ca_file = env.ca_file;
  auto http = net::HttpClient::create(io.get_executor(), http_options);
  if (!http) {
    ctx.err << http.error().describe() << "\n";
    return kExitFailure;
  }

  SystemClock clock;
  pc::ClientOptions options;
  options.region = env.region;
  options.host = endpoint->host_header();
  pc::PartnerCentralClient client(**http, **credentials, options, clock);

  std::optional<Result<json::value>> result;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        result.emplace(co_await client.call(args->operation, std::move(body)));
        (*http)->close();  // let io.run() return: no idle keep-alive connection left behind
      },
      [&](std::exception_ptr e) {
        if (e && !result) result.emplace(make_error(ErrorKind::transport, "InternalError", "the call failed unexpectedly"));
      });
  io.run();

  if (!result) {
    ctx.err << "pcsyncctl call: the call did not complete\n";
    return kExitFailure;
  }
  if (!result->ok()) {
    ctx.err << result->error().describe() << "\n";
    return kExitFailure;
  }
  if (args->compact) {
    ctx.out << json::serialize(result->value()) << "\n";
  } else {
    ctx.out << pretty_json(result->value());
  }
  ctx.out.flush();
  return kExitOk;
}

}  // namespace pcs::ctl
