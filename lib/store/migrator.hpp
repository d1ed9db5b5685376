#pragma once
// Applies migrations to an open connection. Store-internal (includes SQLiteCpp); tests use it to build a
// database at an older version.

#include <SQLiteCpp/Database.h>

#include <span>

#include "store/schema.hpp"

namespace pcs::store {

// Runs each migration whose version is above PRAGMA user_version, in order, each in its own IMMEDIATE
// transaction together with the user_version bump. Throws SQLite::Exception (the store translates it).
void apply_migrations(SQLite::Database& db, std::span<const Migration> list);

int read_user_version(SQLite::Database& db);

}  // namespace pcs::store
