#include "service/prometheus_text.hpp"

#include <charconv>
#include <cmath>

namespace pcs::service {

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Shortest text that reads back as the same double: no "0.10000000000000001", and integers stay integers.
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc{} ? std::string(buf, end) : std::string("NaN");
}

namespace {

// The format escapes backslash and newline everywhere, and the double quote only inside label values.
std::string escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quote) out += "\\\"";
    else out += c;
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }

std::string escape_help(std::string_view text) { return escape(text, false); }

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ").append(escape_help(help)).append("\n");
  out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void PrometheusText::series(std::string_view name, std::string_view suffix, std::span<const Label> labels,
                            const Label* extra) {
  out_.append(name).append(suffix);
  if (labels.empty() && extra == nullptr) return;
  out_ += '{';
  bool first = true;
  auto one = [&](const Label& l) {
    if (!first) out_ += ',';
    first = false;
    out_.append(l.name).append("=\"").append(escape_label_value(l.value)).append("\"");
  };
  for (const Label& l : labels) one(l);
  if (extra != nullptr) one(*extra);
  out_ += '}';
}

void PrometheusText::sample(std::string_view name, double value, std::span<const Label> labels) {
  series(name, "", labels, nullptr);
  out_.append(" ").append(format_number(value)).append("\n");
}

void PrometheusText::histogram(std::string_view name, const Histogram& h, std::span<const Label> labels) {
  const auto counts = h.cumulative_counts();
  const auto bounds = h.upper_bounds();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    const std::string le = format_number(bounds[i]);
    const Label bound{"le", le};
    series(name, "_bucket", labels, &bound);
    out_.append(" ").append(format_number(double(counts[i]))).append("\n");
  }
  const Label inf{"le", "+Inf"};
  series(name, "_bucket", labels, &inf);
  out_.append(" ").append(format_number(double(h.count()))).append("\n");
  series(name, "_sum", labels, nullptr);
  out_.append(" ").append(format_number(h.sum())).append("\n");
  series(name, "_count", labels, nullptr);
  out_.append(" ").append(format_number(double(h.count()))).append("\n");
}

}  // namespace pcs::service
