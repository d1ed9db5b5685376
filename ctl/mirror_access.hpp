#pragma once
// How the local commands reach the mirror: the database --db names, else the `database` of --config, else
// the packaged default; always read-only (safe while pcsyncd writes), never creating anything. And how a
// list knows it was cut at --limit.

#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "config/daemon_config.hpp"
#include "core/result.hpp"
#include "options.hpp"
#include "store/store.hpp"

namespace pcs::ctl {

inline constexpr const char* kDefaultDatabase = "/var/lib/pcsyncd/pcsync.db";

// The configuration --config names (loaded once, for its database and its settings); none without --config.
Result<std::optional<config::DaemonConfig>> load_config(const DatabaseChoice& choice);

// `loaded` is what load_config() returned.
Result<store::Store> open_mirror(const DatabaseChoice& choice, const std::optional<config::DaemonConfig>& loaded);
// For the commands that need nothing of --config but its database.
Result<store::Store> open_mirror(const DatabaseChoice& choice);

// The LIMIT to ask the store for: one row more than shown, so a cut list is known to be cut.
inline std::int64_t query_limit(std::int64_t limit) {
  return limit == 0 ? std::numeric_limits<std::int64_t>::max() : limit + 1;
}

// Drops the row past `limit` that query_limit() asked for; true when there was one.
template <class Row>
bool cut_to_limit(std::vector<Row>& rows, std::int64_t limit) {
  if (limit == 0 || static_cast<std::int64_t>(rows.size()) <= limit) return false;
  rows.resize(static_cast<std::size_t>(limit));
  return true;
}

// "pcsyncctl: showing the first 100 invitations; more match: use --limit N or --all" on stderr.
void print_truncation_notice(std::ostream& err, std::int64_t limit, std::string_view rows);

// "pcsyncctl: <message>" on stderr; returns kExitFailure.
int fail(std::ostream& err, const Error& e);

}  // namespace pcs::ctl
