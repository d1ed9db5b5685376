#pragma once
// The schema as an ordered list of migrations. Migration N brings PRAGMA user_version from N-1 to N; each runs
// in its own transaction, so a failure leaves the database at the last complete version.
// Never edit a released migration: append a new one. The v_* views are a stable interface (docs/database.md):
// later migrations may add columns to them, never rename or drop one.

#include <cstdint>
#include <span>

namespace pcs::store {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// PRAGMA application_id of a pcsyncd database ("PCSD"): tells our file from another program's SQLite file.
inline constexpr std::int32_t kApplicationId = 0x50435344;

std::span<const Migration> migrations();

// The schema version this binary writes and reads: the last migration's.
int latest_schema_version();

}  // namespace pcs::store
