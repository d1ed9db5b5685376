#include "sim/sim_cli.hpp"

#include <charconv>

namespace pcs::sim {
namespace {

Error usage_error(const std::string& what) {
  return make_error(ErrorKind::config, "Usage", what + "\n" + cli_usage());
}

bool is_loopback(const std::string& address) {
  return address == "127.0.0.1" || address.rfind("127.", 0) == 0 || address == "::1" || address == "localhost";
}

}  // namespace

const char* cli_usage() {
  return "usage: pcsync-sim --scenario FILE [--listen 127.0.0.1:PORT] [--tls --tls-cert-out FILE]\n"
         "                  [--stats-file FILE] [--allow-remote]\n"
         "  --listen ADDR:PORT  where to listen (default 127.0.0.1:0, port 0 picks a free one);\n"
         "                      the first line on stdout is \"listening on ADDR:PORT\"\n"
         "  --tls               serve HTTPS with a throwaway self-signed certificate\n"
         "  --tls-cert-out FILE write that certificate (PEM) here so clients can trust it\n"
         "  --stats-file FILE   write GET /__sim/stats to FILE on exit\n"
         "  --allow-remote      allow a non-loopback --listen address (the simulator has fake data and keys)\n";
}

Result<CliOptions> parse_cli(const std::vector<std::string>& args) {
  CliOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) -> bool {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string listen;
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--scenario") {
      if (!value(o.scenario)) return usage_error("--scenario needs a file");
    } else if (a == "--listen") {
      if (!value(listen)) return usage_error("--listen needs ADDR:PORT");
      auto colon = listen.rfind(':');
      if (colon == std::string::npos) return usage_error("--listen needs ADDR:PORT, e.g. 127.0.0.1:0");
      o.address = listen.substr(0, colon);
      if (o.address.size() > 2 && o.address.front() == '[' && o.address.back() == ']')
        o.address = o.address.substr(1, o.address.size() - 2);
      unsigned port = 0;
      auto p = listen.substr(colon + 1);
      auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
      if (ec != std::errc() || ptr != p.data() + p.size() || port > 65535 || o.address.empty())
        return usage_error("--listen " + listen + ": the port must be 0..65535");
      o.port = static_cast<std::uint16_t>(port);
    } else if (a == "--tls") {
      o.tls = true;
    } else if (a == "--tls-cert-out") {
      if (!value(o.tls_cert_out)) return usage_error("--tls-cert-out needs a file");
    } else if (a == "--stats-file") {
      if (!value(o.stats_file)) return usage_error("--stats-file needs a file");
    } else if (a == "--allow-remote") {
      o.allow_remote = true;
    } else {
      return usage_error("unknown argument " + a);
    }
  }
  if (o.help) return o;
  if (o.scenario.empty()) return usage_error("--scenario FILE is required (see sim/scenarios/)");
  if (!is_loopback(o.address) && !o.allow_remote)
    return usage_error("refusing to listen on " + o.address +
                       ": the simulator is for loopback; add --allow-remote if you really mean it");
  if (!o.tls_cert_out.empty() && !o.tls) return usage_error("--tls-cert-out only makes sense with --tls");
  return o;
}

}  // namespace pcs::sim
