#pragma once
// Boost.JSON 1.81 has no pretty printer; pcsyncctl prints responses for people, so indent them.

#include <boost/json/fwd.hpp>
#include <string>

namespace pcs::ctl {

// Two-space indentation, members in the order received, a trailing newline.
std::string pretty_json(const boost::json::value& v);

}  // namespace pcs::ctl
