#include "service_unit.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "core/file_text.hpp"

namespace pcs::ctl {
namespace {

namespace fs = std::filesystem;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

bool valid_variable_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

Error unit_error(std::string message) { return make_error(ErrorKind::config, "UnitFile", std::move(message)); }

// systemd-escape's reverse, for %I and %P: "-" is "/", "\xNN" a byte.
std::string unescape_unit_text(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '-') {
      out += '/';
    } else if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' && std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 3]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 2, 2)), nullptr, 16));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct UnitName {
  std::string full;      // pcsyncd@acme.service
  std::string prefix;    // pcsyncd
  std::string instance;  // acme (empty: not an instance)
  std::string template_name() const { return prefix + "@.service"; }
};

Result<UnitName> parse_unit_name(std::string name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || name.find('/') != std::string::npos) {
    name += ".service";
  } else if (name.substr(dot) != ".service") {
    return unit_error(name + " is not a service unit (pcsyncd runs as pcsyncd.service or pcsyncd@NAME.service)");
  }
  UnitName u;
  u.full = name;
  const std::string stem = name.substr(0, name.size() - std::string_view(".service").size());
  const auto at = stem.find('@');
  u.prefix = stem.substr(0, at);
  if (at != std::string::npos) u.instance = stem.substr(at + 1);
  if (u.prefix.empty()) return unit_error("'" + name + "' is not a unit name");
  return u;
}

Result<std::string> expand_specifiers(std::string_view value, const UnitName& unit) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 1 >= value.size()) return unit_error("a lone % at the end of '" + std::string(value) + "'");
    const char spec = value[++i];
    switch (spec) {
      case '%': out += '%'; break;
      case 'i': out += unit.instance; break;
      case 'I': out += unescape_unit_text(unit.instance); break;
      case 'n': out += unit.full; break;
      case 'N': out += unit.full.substr(0, unit.full.size() - 8); break;
      case 'p': out += unit.prefix; break;
      case 'P': out += unescape_unit_text(unit.prefix); break;
      // The system manager's directories.
      case 'E': out += "/etc"; break;
      case 'S': out += "/var/lib"; break;
      case 'C': out += "/var/cache"; break;
      case 'L': out += "/var/log"; break;
      case 't': out += "/run"; break;
      default:
        return unit_error(std::string("the specifier %") + spec + " in '" + std::string(value) +
                          "' is not supported here; `systemctl show -p EnvironmentFiles -p Environment " + unit.full +
                          "` shows what systemd makes of it");
    }
  }
  return out;
}

// systemd's word splitting (Environment=, ExecStart=): whitespace separates words, quotes group them,
// a backslash escapes the next character.
std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && i + 1 < s.size()) word += s[++i];
      else word += c;
    } else if (is_space(c) || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      in_word = true;
      if (c == '"' || c == '\'') quote = c;
      else if (c == '\\' && i + 1 < s.size()) word += s[++i];
      else word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

// One unit file (or drop-in): its [Service] assignments, in order, continuations joined.
std::vector<std::pair<std::string, std::string>> service_assignments(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string section;
  std::string pending;
  std::istringstream lines{std::string(text)};
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (pending.empty()) {
      const std::string t = trim(line);
      if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    }
    if (!line.empty() && line.back() == '\\') {
      pending += line.substr(0, line.size() - 1) + " ";
      continue;
    }
    const std::string whole = trim(pending + line);
    pending.clear();
    if (whole.empty()) continue;
    if (whole.front() == '[' && whole.back() == ']') {
      section = whole.substr(1, whole.size() - 2);
      continue;
    }
    const auto eq = whole.find('=');
    if (section != "Service" || eq == std::string::npos) continue;
    out.emplace_back(trim(std::string_view(whole).substr(0, eq)), trim(std::string_view(whole).substr(eq + 1)));
  }
  return out;
}

Status apply(ServiceUnit& unit, const UnitName& name, std::string_view text) {
  for (const auto& [key, raw] : service_assignments(text)) {
    if (key != "User" && key != "Environment" && key != "EnvironmentFile" && key != "ExecStart" &&
        key != "ProtectHome")
      continue;
    auto value = expand_specifiers(raw, name);
    if (!value) return value.error();
    if (key == "User") {
      unit.user = value->empty() ? std::nullopt : std::optional<std::string>(*value);
    } else if (key == "ProtectHome") {
      unit.protect_home = *value == "yes" || *value == "true" || *value == "read-only" || *value == "tmpfs";
    } else if (key == "Environment") {
      if (value->empty()) unit.environment.clear();
      for (const auto& word : split_words(*value)) {
        const auto eq = word.find('=');
        if (eq != std::string::npos && valid_variable_name(word.substr(0, eq)))
          unit.environment.emplace_back(word.substr(0, eq), word.substr(eq + 1));
      }
    } else if (key == "EnvironmentFile") {
      if (value->empty()) {
        unit.environment_files.clear();
        continue;
      }
      EnvironmentFileRef ref;
      ref.optional = value->front() == '-';
      ref.path = trim(ref.optional ? value->substr(1) : *value);
      unit.environment_files.push_back(std::move(ref));
    } else {  // ExecStart: pcsyncd's unit has one; the last one wins here
      std::string command = *value;
      while (!command.empty() && std::string_view("-@:+!").find(command.front()) != std::string_view::npos)
        command.erase(0, 1);
      unit.exec_start = split_words(command);
    }
  }
  return Ok{};
}

bool is_masked(const fs::path& file) {
  std::error_code ec;
  return fs::canonical(file, ec) == "/dev/null" || (!ec && fs::file_size(file, ec) == 0 && !ec);
}

}  // namespace

std::vector<fs::path> default_unit_search_path() {
  return {"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system",
          "/usr/lib/systemd/system"};
}

Result<ServiceUnit> read_service_unit(std::string_view name_or_path, const std::vector<fs::path>& search_path) {
  std::vector<fs::path> dirs = search_path;
  std::string name(name_or_path);
  if (name.find('/') != std::string::npos) {
    const fs::path given(name);
    dirs = {given.parent_path().empty() ? fs::path(".") : given.parent_path()};
    name = given.filename().string();
  }
  auto parsed = parse_unit_name(name);
  if (!parsed) return parsed.error();
  const UnitName& unit_name = *parsed;

  // The unit file: the instance's own, else its template's, in the first directory that has one.
  std::optional<fs::path> file;
  std::vector<std::string> candidates{unit_name.full};
  if (!unit_name.instance.empty()) candidates.push_back(unit_name.template_name());
  for (const auto& candidate : candidates) {
    for (const auto& dir : dirs) {
      std::error_code ec;
      if (fs::exists(dir / candidate, ec) || fs::is_symlink(dir / candidate, ec)) {
        file = dir / candidate;
        break;
      }
    }
    if (file) break;
  }
  if (!file) {
    std::string where;
    for (const auto& d : dirs) where += (where.empty() ? "" : ", ") + d.string();
    return unit_error("no unit file " + unit_name.full + " in " + where);
  }
  if (is_masked(*file)) return unit_error(unit_name.full + " is masked (" + file->string() + "); systemctl unmask it");

  ServiceUnit unit;
  unit.name = unit_name.full;
  auto text = read_file_text(*file);
  if (!text) return unit_error("cannot read " + file->string());
  unit.files.push_back(file->string());
  if (auto st = apply(unit, unit_name, *text); !st) return st.error();

  // Drop-ins apply in file-name order; a name in a higher-priority directory hides the same name in lower
  // ones, and within one directory an instance's drop-in hides its template's.
  std::map<std::string, fs::path> dropins;
  std::vector<std::string> dropin_dirs;
  if (!unit_name.instance.empty()) dropin_dirs.push_back(unit_name.template_name() + ".d");
  dropin_dirs.push_back(unit_name.full + ".d");
  for (auto dir = dirs.rbegin(); dir != dirs.rend(); ++dir) {  // lowest priority first: later ones replace
    for (const auto& sub : dropin_dirs) {
      std::error_code ec;
      for (auto it = fs::directory_iterator(*dir / sub, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        if (it->path().extension() == ".conf") dropins[it->path().filename().string()] = it->path();
    }
  }
  for (const auto& [file_name, path] : dropins) {
    if (is_masked(path)) continue;  // a drop-in linked to /dev/null is disabled
    auto dropin = read_file_text(path);
    if (!dropin) return unit_error("cannot read " + path.string());
    unit.files.push_back(path.string());
    if (auto st = apply(unit, unit_name, *dropin); !st) return st.error();
  }
  return unit;
}

EnvironmentFileContent parse_environment_file(std::string_view text) {
  // A port of systemd's parse_env_file_internal() state machine (src/basic/env-file.c).
  enum class S { pre_key, key, pre_value, value, value_escape, single_quote, double_quote, double_quote_escape,
                 comment, comment_escape };
  EnvironmentFileContent out;
  S state = S::pre_key;
  std::string key, value;
  std::size_t last_value_whitespace = std::string::npos;  // where trailing unquoted whitespace began
  std::size_t last_key_whitespace = std::string::npos;
  int line = 1;
  int key_line = 1;
  auto push = [&] {
    if (last_key_whitespace != std::string::npos) key.resize(last_key_whitespace);
    if (valid_variable_name(key)) out.variables.emplace_back(key, value);
    else out.ignored_lines.push_back(key_line);
    key.clear();
    value.clear();
    last_key_whitespace = last_value_whitespace = std::string::npos;
  };
  // Unquoted text: remember where a run of whitespace began, so trailing whitespace can be cut at the end.
  auto append_unquoted = [](std::string& to, std::size_t& trailing_whitespace, char c) {
    if (!is_space(c)) trailing_whitespace = std::string::npos;
    else if (trailing_whitespace == std::string::npos) trailing_whitespace = to.size();
    to += c;
  };
  for (char c : text) {
    switch (state) {
      case S::pre_key:
        if (c == '#' || c == ';') state = S::comment;
        else if (!is_space(c) && c != '\n') {
          state = S::key;
          key_line = line;
          last_key_whitespace = std::string::npos;
          key += c;
        }
        break;
      case S::key:
        if (c == '\n') {
          out.ignored_lines.push_back(key_line);
          key.clear();
          state = S::pre_key;
        } else if (c == '=') {
          state = S::pre_value;
          last_value_whitespace = std::string::npos;
        } else {
          append_unquoted(key, last_key_whitespace, c);
        }
        break;
      case S::pre_value:
        if (c == '\n') {
          state = S::pre_key;
          push();
        } else if (c == '\'') state = S::single_quote;
        else if (c == '"') state = S::double_quote;
        else if (c == '\\') state = S::value_escape;
        else if (!is_space(c)) {
          state = S::value;
          value += c;
        }
        break;
      case S::value:
        if (c == '\n') {
          state = S::pre_key;
          if (last_value_whitespace != std::string::npos) value.resize(last_value_whitespace);
          push();
        } else if (c == '\\') {
          state = S::value_escape;
          last_value_whitespace = std::string::npos;
        } else {
          append_unquoted(value, last_value_whitespace, c);
        }
        break;
      case S::value_escape:
        state = S::value;
        if (c != '\n') value += c;  // a backslash before the newline continues the line
        break;
      case S::single_quote:
        if (c == '\'') state = S::pre_value;
        else value += c;
        break;
      case S::double_quote:
        if (c == '"') state = S::pre_value;
        else if (c == '\\') state = S::double_quote_escape;
        else value += c;
        break;
      case S::double_quote_escape:
        state = S::double_quote;
        if (c == '"' || c == '\\' || c == '`' || c == '$') value += c;
        else if (c != '\n') {
          value += '\\';
          value += c;
        }
        break;
      case S::comment:
        if (c == '\\') state = S::comment_escape;
        else if (c == '\n') state = S::pre_key;
        break;
      case S::comment_escape:
        state = S::comment;
        break;
    }
    if (c == '\n') ++line;
  }
  switch (state) {
    case S::key:
      out.ignored_lines.push_back(key_line);
      break;
    case S::pre_value:
    case S::value:
    case S::value_escape:
    case S::single_quote:
    case S::double_quote:
    case S::double_quote_escape:
      if (state == S::value && last_value_whitespace != std::string::npos) value.resize(last_value_whitespace);
      push();
      break;
    default:
      break;
  }
  return out;
}

std::optional<std::string> config_argument(const std::vector<std::string>& exec_start) {
  for (std::size_t i = 1; i < exec_start.size(); ++i) {
    if (exec_start[i] == "--config" && i + 1 < exec_start.size()) return exec_start[i + 1];
    if (exec_start[i].rfind("--config=", 0) == 0) return exec_start[i].substr(9);
  }
  return std::nullopt;
}

}  // namespace pcs::ctl
