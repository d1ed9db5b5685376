#pragma once
// Client-side validation of a request body against the operation's input shape, as the service would do it.
//
// The client runs it before signing so a bad request fails fast and locally (no network call, no quota spent);
// the simulator runs the same code on incoming bodies so both sides agree on what "valid" means.
// The constraints come from the shape tables (shape_tables.cpp, see shape_spec.hpp), the same the codec uses;
// they are carried in source because the daemon must not depend on the model file at run time, and a unit
// test cross-checks them against the model when it is present.

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "partnercentral/shape_spec.hpp"

namespace pcs::pc {

// One violated constraint. code is the model's ValidationExceptionErrorCode: REQUIRED_FIELD_MISSING,
// INVALID_ENUM_VALUE, INVALID_STRING_FORMAT, INVALID_VALUE, TOO_MANY_VALUES, VALUE_OUT_OF_RANGE.
// field is a path such as "Sort.SortOrder" or "Tags[2].Key".
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

struct ValidationOptions {
  // Our own client rejects members the model does not have (a typo would otherwise be silently ignored by the
  // service); the simulator may accept them, as the real service's JSON deserializer does.
  bool reject_unknown_members = true;
};

bool is_known_operation(std::string_view operation);
// The six operations, in a stable order.
std::span<const std::string_view> known_operations();

// Empty when the body is valid. An unknown operation gives one FieldError with an empty field.
std::vector<FieldError> validate_request(std::string_view operation, const boost::json::value& body,
                                         const ValidationOptions& options = {});

// An Error of kind validation, code "ValidationException", naming every field (what the client returns).
Error make_validation_error(std::string_view operation, const std::vector<FieldError>& errors);

}  // namespace pcs::pc
