#include "aws/config/ini_file.hpp"

#include <algorithm>

namespace pcs::aws {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Cuts a trailing comment: '#' or ';' preceded by a blank. A '#' glued to text ("a#b") is part of the value.
std::string_view strip_trailing_comment(std::string_view s) {
  for (std::size_t i = 1; i < s.size(); ++i) {
    if ((s[i] == '#' || s[i] == ';') && is_blank(s[i - 1])) return s.substr(0, i);
  }
  return s;
}

Error malformed(const std::string& file, int line, const std::string& what) {
  return make_error(ErrorKind::config, "MalformedConfigFile",
                    file + ":" + std::to_string(line) + ": " + what +
                        "; fix the file (see 'Configuration and credential file settings' in the AWS CLI guide)");
}

}  // namespace

const IniSection* IniFile::find(std::string_view section_name) const {
  auto it = std::find_if(sections.begin(), sections.end(),
                         [&](const IniSection& s) { return s.name == section_name; });
  return it == sections.end() ? nullptr : &*it;
}

Result<IniFile> parse_ini(std::string_view text, std::string file_name) {
  IniFile file;
  file.file_name = std::move(file_name);
  IniSection* section = nullptr;
  IniProperty* last_property = nullptr;
  bool last_has_sub_properties = false;
  int line_no = 0;

  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);

    const std::string_view content = trim(raw);
    if (content.empty() || content.front() == '#' || content.front() == ';') continue;

    if (is_blank(raw.front())) {
      // A continuation of the property above.
      if (last_property == nullptr) {
        if (section == nullptr) return malformed(file.file_name, line_no, "indented line before any section");
        return malformed(file.file_name, line_no, "indented line that does not follow a property");
      }
      if (last_has_sub_properties) {
        const std::string_view body = strip_trailing_comment(content);
        const auto eq = body.find('=');
        if (eq == std::string_view::npos) {
          return malformed(file.file_name, line_no, "sub-property without '=' (expected 'name = value')");
        }
        const std::string_view key = trim(body.substr(0, eq));
        if (key.empty()) return malformed(file.file_name, line_no, "sub-property with an empty name");
        last_property->sub_properties[std::string(key)] = std::string(trim(body.substr(eq + 1)));
      } else {
        last_property->value += '\n';
        last_property->value += trim(strip_trailing_comment(content));
      }
      continue;
    }

    if (content.front() == '[') {
      const auto close = content.find(']');
      if (close == std::string_view::npos) {
        return malformed(file.file_name, line_no, "section header without a closing ']'");
      }
      const std::string_view rest = trim(content.substr(close + 1));
      if (!rest.empty() && rest.front() != '#' && rest.front() != ';') {
        return malformed(file.file_name, line_no, "unexpected text after a section header");
      }
      const std::string_view name = trim(content.substr(1, close - 1));
      if (name.empty()) return malformed(file.file_name, line_no, "empty section name");
      auto it = std::find_if(file.sections.begin(), file.sections.end(),
                             [&](const IniSection& s) { return s.name == name; });
      if (it == file.sections.end()) {
        file.sections.push_back(IniSection{std::string(name), {}, line_no});
        section = &file.sections.back();
      } else {
        section = &*it;
      }
      last_property = nullptr;
      continue;
    }

    if (section == nullptr) {
      return malformed(file.file_name, line_no, "property before any [section] header");
    }
    const auto eq = content.find('=');
    if (eq == std::string_view::npos) {
      return malformed(file.file_name, line_no, "line is neither a [section], a comment nor 'name = value'");
    }
    const std::string_view key = trim(content.substr(0, eq));
    if (key.empty()) return malformed(file.file_name, line_no, "property with an empty name");
    const std::string_view value = trim(strip_trailing_comment(content.substr(eq + 1)));
    // A later duplicate replaces the earlier one, as the CLI does.
    IniProperty& prop = section->properties[std::string(key)];
    prop = IniProperty{std::string(value), {}, line_no};
    last_property = &prop;
    last_has_sub_properties = value.empty();
  }
  return file;
}

}  // namespace pcs::aws
