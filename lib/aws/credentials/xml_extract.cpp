#include "aws/credentials/xml_extract.hpp"

#include <charconv>

namespace pcs::aws {
namespace {

Error malformed(const std::string& why) {
  return make_error(ErrorKind::protocol, "MalformedXml",
                    "the STS answer is not readable XML (" + why + "); check AWS_ENDPOINT_URL_STS points at STS");
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '.' || c == ':';
}

std::string_view local_name(std::string_view qname) {
  auto colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A tokenizer over tags. Each call to next() returns the next start/end/empty tag, skipping text, comments,
// processing instructions and declarations.
struct Tag {
  enum Kind { start, end, empty } kind = start;
  std::string_view name;
  std::size_t begin = 0;  // offset of '<'
  std::size_t after = 0;  // offset just after '>'
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view xml) : xml_(xml) {}

  // nullopt at end of input; Error on a broken tag.
  Result<std::optional<Tag>> next() {
    while (true) {
      const auto lt = xml_.find('<', pos_);
      if (lt == std::string_view::npos) return std::optional<Tag>{};
      std::string_view rest = xml_.substr(lt);
      if (rest.starts_with("<!--")) {
        auto e = xml_.find("-->", lt + 4);
        if (e == std::string_view::npos) return malformed("unterminated comment");
        pos_ = e + 3;
        continue;
      }
      if (rest.starts_with("<![CDATA[")) {
        auto e = xml_.find("]]>", lt + 9);
        if (e == std::string_view::npos) return malformed("unterminated CDATA section");
        pos_ = e + 3;
        continue;
      }
      if (rest.starts_with("<?") || rest.starts_with("<!")) {
        auto e = xml_.find('>', lt);
        if (e == std::string_view::npos) return malformed("unterminated declaration");
        pos_ = e + 1;
        continue;
      }
      const auto gt = find_tag_end(lt + 1);
      if (gt == std::string_view::npos) return malformed("unterminated tag");
      Tag t;
      t.begin = lt;
      t.after = gt + 1;
      std::size_t p = lt + 1;
      if (xml_[p] == '/') {
        t.kind = Tag::end;
        ++p;
      }
      std::size_t n = p;
      while (n < gt && is_name_char(xml_[n])) ++n;
      if (n == p) return malformed("a tag without a name");
      t.name = xml_.substr(p, n - p);
      if (t.kind != Tag::end && xml_[gt - 1] == '/') t.kind = Tag::empty;
      pos_ = gt + 1;
      return std::optional<Tag>{t};
    }
  }

 private:
  // The '>' closing a tag, skipping quoted attribute values.
  std::size_t find_tag_end(std::size_t p) const {
    char quote = 0;
    for (; p < xml_.size(); ++p) {
      const char c = xml_[p];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return p;
      } else if (c == '<') {
        return std::string_view::npos;
      }
    }
    return std::string_view::npos;
  }

  std::string_view xml_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<std::string> xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const auto semi = text.find(';', i);
    if (semi == std::string_view::npos) return std::nullopt;
    const std::string_view ent = text.substr(i + 1, semi - i - 1);
    if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "amp") out += '&';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() > 1 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      const std::string_view digits = ent.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cp, hex ? 16 : 10);
      if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || cp == 0 || cp > 0x10FFFF) {
        return std::nullopt;
      }
      append_utf8(out, cp);
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

Result<std::optional<std::string>> xml_find_text(std::string_view xml, const std::vector<std::string_view>& path) {
  if (path.empty()) return std::optional<std::string>{};
  Tokenizer tok(xml);
  std::vector<std::string_view> stack;  // open elements' local names
  std::size_t matched = 0;              // how many leading path steps the current stack matches
  bool saw_root = false;
  while (true) {
    auto t = tok.next();
    if (!t) return t.error();
    if (!t->has_value()) break;
    const Tag& tag = **t;
    const std::string_view name = local_name(tag.name);
    if (tag.kind == Tag::end) {
      if (stack.empty() || stack.back() != name) return malformed("mismatched closing tag");
      if (matched == stack.size()) --matched;
      stack.pop_back();
      continue;
    }
    if (stack.empty()) {
      if (saw_root) return malformed("more than one root element");
      saw_root = true;
    }
    const bool extends = matched == stack.size() && matched < path.size() && path[matched] == name;
    if (extends && matched + 1 == path.size()) {
      if (tag.kind == Tag::empty) return std::optional<std::string>{std::string()};
      // The text up to the matching close tag (leaf elements only: STS values have no children).
      const std::string close = "</" + std::string(tag.name) + ">";
      const auto e = xml.find(close, tag.after);
      if (e == std::string_view::npos) return malformed("unterminated element");
      std::string_view inner = xml.substr(tag.after, e - tag.after);
      if (inner.find('<') != std::string_view::npos) {
        if (inner.starts_with("<![CDATA[") && inner.ends_with("]]>")) {
          return std::optional<std::string>{std::string(inner.substr(9, inner.size() - 12))};
        }
        return malformed("element has children where text was expected");
      }
      auto text = xml_unescape(inner);
      if (!text) return malformed("bad character reference");
      return std::optional<std::string>{std::move(*text)};
    }
    if (tag.kind == Tag::empty) continue;
    stack.push_back(name);
    if (extends) ++matched;
  }
  if (!stack.empty()) return malformed("the document ends inside an element");
  if (!saw_root) return malformed("no element found");
  return std::optional<std::string>{};
}

}  // namespace pcs::aws
