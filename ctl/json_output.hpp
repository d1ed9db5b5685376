#pragma once
// pcsyncctl's one JSON writer, for every --json output and for `call`. Boost.JSON 1.81 has no pretty printer,
// and it writes every double in exponent form (7500.0 as 7.5E3, 1e5 as 1E5): valid JSON that people and
// some tools misread. This writer prints doubles in plain decimal notation, the shortest that reads back
// exactly (7500, 0.5), and a non-finite double as null. Integers are whatever the value holds: build them
// from int64, never from double.

#include <boost/json/fwd.hpp>
#include <string>

namespace pcs::ctl {

enum class JsonStyle {
  compact,  // one line
  pretty,   // two-space indentation
};

// Members in the order they were inserted; a trailing newline.
std::string json_text(const boost::json::value& v, JsonStyle style);

}  // namespace pcs::ctl
