#pragma once
// The INI dialect of ~/.aws/config and ~/.aws/credentials, as the AWS CLI and SDKs read it:
// - "[section]" headers (blanks inside the brackets are trimmed; "# ..." or "; ..." may follow the bracket);
// - "key = value" properties (key trimmed and kept as written; value trimmed);
// - full-line comments starting with '#' or ';', and trailing comments in values when '#' or ';' follows
//   a blank ("key = value # note"), as the SDKs' shared-config specification says;
// - an indented line continues the property above it: when that property's value was empty the indented
//   lines are sub-properties ("s3 =\n  max_concurrent_requests = 10", and the services sections'
//   "partnercentral_selling =\n  endpoint_url = ..."), otherwise they are appended to the value on a new line.
// Pure: parses text; the caller names the file so errors read "~/.aws/config:12: ...".

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pcs::aws {

struct IniProperty {
  std::string value;                                // empty when the property only has sub-properties
  std::map<std::string, std::string> sub_properties;
  int line = 0;
};

struct IniSection {
  std::string name;  // as written between the brackets, trimmed ("profile dev", "default", "services x")
  std::map<std::string, IniProperty> properties;
  int line = 0;
};

struct IniFile {
  std::string file_name;
  std::vector<IniSection> sections;  // in file order; a repeated header merges into the first (CLI behaviour)

  const IniSection* find(std::string_view section_name) const;
};

// Errors are kind config, code "MalformedConfigFile", message "<file_name>:<line>: <what>, <what to do>".
// Never echoes a property's value (it could be a secret key).
Result<IniFile> parse_ini(std::string_view text, std::string file_name);

}  // namespace pcs::aws
