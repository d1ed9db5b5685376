#include "net/http_message.hpp"

#include <algorithm>

#include "core/ascii.hpp"

namespace pcs::net {
namespace {

template <class Headers>
void set(Headers& headers, std::string_view name, std::string value) {
  std::erase_if(headers, [&](const Header& h) { return header_name_equals(h.name, name); });
  headers.push_back(Header{std::string(name), std::move(value)});
}

template <class Headers>
const std::string* find(const Headers& headers, std::string_view name) {
  for (const auto& h : headers)
    if (header_name_equals(h.name, name)) return &h.value;
  return nullptr;
}

}  // namespace

bool header_name_equals(std::string_view a, std::string_view b) {
  return ascii_iequals(a, b);
}

void HttpRequest::set_header(std::string_view name, std::string value) { set(headers, name, std::move(value)); }
const std::string* HttpRequest::header(std::string_view name) const { return find(headers, name); }
void HttpResponse::set_header(std::string_view name, std::string value) { set(headers, name, std::move(value)); }
const std::string* HttpResponse::header(std::string_view name) const { return find(headers, name); }

}  // namespace pcs::net
