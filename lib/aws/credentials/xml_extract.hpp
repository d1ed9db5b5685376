#pragma once
// Just enough XML for STS's query-protocol answers: find an element by its path of local names and return its
// text with the five predefined entities and numeric character references decoded. Not a general parser: no
// DTDs, no namespaces beyond ignoring prefixes, no mixed content. Pure.
// Why hand-written: the answers are small and regular, and this avoids a new dependency.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace pcs::aws {

// The text of the first element reached by following `path` (each step a child of the previous;
// the first step is the root element). nullopt when some step is absent.
// Error (kind protocol, code "MalformedXml") when the document is not well-formed enough to walk.
Result<std::optional<std::string>> xml_find_text(std::string_view xml, const std::vector<std::string_view>& path);

// Decodes &lt; &gt; &amp; &quot; &apos; &#NN; &#xHH;. Unknown entities make the text malformed (nullopt).
std::optional<std::string> xml_unescape(std::string_view text);

// Escapes the same five characters, for building documents in fakes and tests.
std::string xml_escape(std::string_view text);

}  // namespace pcs::aws
