// pcsyncctl call OPERATION [JSON|-]: sends one Partner Central request (validated and signed like the
// daemon's) and prints the response JSON. With --config it resolves the endpoint, region, profile and CA
// bundle exactly as pcsyncd does with that file (service::explicit_aws_settings), and takes its catalog and
// request_timeout.

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <iostream>
#include <iterator>
#include <optional>

#include "command.hpp"
#include "config/config_loader.hpp"
#include "json_output.hpp"
#include "net/http_client.hpp"
#include "partnercentral/client.hpp"
#include "service/client_stack.hpp"

namespace pcs::ctl {

int run_call(const CallOptions& options, const CommandIo& io) {
  namespace json = boost::json;
  std::string body_text = options.body.value_or("{}");
  if (body_text == "-") body_text.assign(std::istreambuf_iterator<char>(io.in), std::istreambuf_iterator<char>());
  boost::system::error_code ec;
  json::value body = json::parse(body_text, ec);
  if (ec || !body.is_object()) {
    io.err << "pcsyncctl call: the request body is not a JSON object"
           << (ec ? " (" + ec.message() + ")" : std::string()) << "\n";
    return kExitUsage;
  }

  service::ClientStackOptions stack_options;
  std::optional<std::string> catalog = options.catalog;
  if (options.config) {
    auto config = config::load_daemon_config(*options.config);
    if (!config) {
      io.err << "pcsyncctl: " << config.error().message << "\n";
      return kExitFailure;
    }
    stack_options.explicit_settings = service::explicit_aws_settings(*config);
    stack_options.request_timeout = config->request_timeout;
    if (!catalog) catalog = config->catalog;
  }
  if (catalog && !body.get_object().contains("Catalog")) body.get_object()["Catalog"] = *catalog;

  // Without --config: the AWS settings and the default credential chain as the CLI finds them (AWS_PROFILE,
  // AWS_REGION, AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING, AWS_CA_BUNDLE, HTTPS_PROXY, ...).
  boost::asio::io_context ioc;
  aws::SystemEnvironment environment;
  auto stack = service::build_client_stack(ioc.get_executor(), environment, io.clock, stack_options);
  if (!stack) {
    io.err << stack.error().describe() << "\n";
    return kExitFailure;
  }
  auto& client = *(*stack)->client;
  auto& http = (*stack)->http;

  std::optional<Result<json::value>> result;
  boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<void> {
        result.emplace(co_await client.call(options.operation, std::move(body)));
        http->close();  // let ioc.run() return: no idle keep-alive connection left behind
      },
      [&](std::exception_ptr e) {
        if (e && !result) result.emplace(make_error(ErrorKind::transport, "InternalError", "the call failed unexpectedly"));
      });
  ioc.run();

  if (!result) {
    io.err << "pcsyncctl call: the call did not complete\n";
    return kExitFailure;
  }
  if (!result->ok()) {
    io.err << result->error().describe() << "\n";
    return kExitFailure;
  }
  io.out << json_text(result->value(), options.compact ? JsonStyle::compact : JsonStyle::pretty);
  io.out.flush();
  return kExitOk;
}

}  // namespace pcs::ctl
