#pragma once
// Turns a SQLiteCpp exception into the pcs::Error an operator can act on. Store-internal: includes SQLiteCpp.
// SQLite's messages name tables, columns and constraints, never bound values, so no record content (let alone a
// secret) reaches the message.

#include <SQLiteCpp/Exception.h>

#include <string_view>

#include "core/error.hpp"

namespace pcs::store {

// doing: what the store was attempting ("storing a page of invitations"), quoted in the message.
Error translate_sqlite_error(const SQLite::Exception& e, std::string_view path, std::string_view doing);

// The Error of the exception being handled (call it inside a catch block): SQLite's, translated as above, or any
// other std::exception as StoreError; anything else is thrown on.
Error current_store_error(std::string_view path, std::string_view doing);

}  // namespace pcs::store
