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
#include "json_pretty.hpp"
#include "service/client_stack.hpp"
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

  // The same client stack as the daemon: AWS settings and the default credential chain as the CLI finds
  // them (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_CA_BUNDLE, HTTPS_PROXY, ...).
  boost::asio::io_context io;
  SystemClock clock;
  aws::SystemEnvironment environment;
  auto stack = service::build_client_stack(io.get_executor(), environment, clock, {});
  if (!stack) {
    ctx.err << stack.error().describe() << "\n";
    return kExitFailure;
  }
  auto& client = *(*stack)->client;
  auto& http = (*stack)->http;

  std::optional<Result<json::value>> result;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        result.emplace(co_await client.call(args->operation, std::move(body)));
        http->close();  // let io.run() return: no idle keep-alive connection left behind
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
