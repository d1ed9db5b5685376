#include "json_output.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>

namespace pcs::ctl {
namespace {

void write_double(std::string& out, double d) {
  if (!std::isfinite(d)) {
    out += "null";
    return;
  }
  char buffer[400];  // fixed notation of the largest double needs 309 digits
  auto result = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::fixed);
  out.append(buffer, result.ptr);
}

void write(std::string& out, const boost::json::value& v, JsonStyle style, int depth) {
  const bool pretty = style == JsonStyle::pretty;
  auto newline_indent = [&](int d) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(d) * 2, ' ');
  };
  // An object's members and an array's items are laid out alike: one per line when pretty, at depth + 1.
  auto write_items = [&](char open, char close, const auto& items, auto write_item) {
    out += open;
    bool first = true;
    for (const auto& item : items) {
      if (!first) out += ',';
      first = false;
      newline_indent(depth + 1);
      write_item(item);
    }
    if (!items.empty()) newline_indent(depth);
    out += close;
  };
  switch (v.kind()) {
    case boost::json::kind::object:
      write_items('{', '}', v.get_object(), [&](const boost::json::key_value_pair& kv) {
        out += boost::json::serialize(boost::json::string_view(kv.key()));
        out += pretty ? ": " : ":";
        write(out, kv.value(), style, depth + 1);
      });
      return;
    case boost::json::kind::array:
      write_items('[', ']', v.get_array(),
                  [&](const boost::json::value& item) { write(out, item, style, depth + 1); });
      return;
    case boost::json::kind::double_:
      write_double(out, v.get_double());
      return;
    default:  // strings (escaped), integers, bools, null
      out += boost::json::serialize(v);
      return;
  }
}

}  // namespace

std::string json_text(const boost::json::value& v, JsonStyle style) {
  std::string out;
  write(out, v, style, 0);
  out += '\n';
  return out;
}

}  // namespace pcs::ctl
