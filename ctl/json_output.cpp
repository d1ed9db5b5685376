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
  switch (v.kind()) {
    case boost::json::kind::object: {
      const auto& o = v.get_object();
      out += '{';
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out += ',';
        first = false;
        newline_indent(depth + 1);
        out += boost::json::serialize(boost::json::string_view(kv.key()));
        out += pretty ? ": " : ":";
        write(out, kv.value(), style, depth + 1);
      }
      if (!o.empty()) newline_indent(depth);
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      out += '[';
      bool first = true;
      for (const auto& item : a) {
        if (!first) out += ',';
        first = false;
        newline_indent(depth + 1);
        write(out, item, style, depth + 1);
      }
      if (!a.empty()) newline_indent(depth);
      out += ']';
      return;
    }
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
