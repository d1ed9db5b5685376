#include "partnercentral/validation.hpp"

#include <boost/json/value.hpp>
#include <limits>

#include "partnercentral/patterns.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;

class Validator {
 public:
  Validator(const ValidationOptions& options, std::vector<FieldError>& out) : options_(options), out_(out) {}

  void value(const ShapeSpec& shape, const json::value& v, const std::string& path) {
    switch (shape.kind) {
      case ShapeKind::string: return string(shape, v, path);
      case ShapeKind::integer: return integer(shape, v, path);
      case ShapeKind::timestamp: return timestamp(v, path);
      case ShapeKind::list: return list(shape, v, path);
      case ShapeKind::structure:
      case ShapeKind::union_: return structure(shape, v, path);
    }
  }

 private:
  void add(const std::string& path, std::string code, std::string message) {
    out_.push_back(FieldError{path, std::move(code), std::move(message)});
  }

  void string(const ShapeSpec& shape, const json::value& v, const std::string& path) {
    if (!v.is_string()) return add(path, "INVALID_VALUE", "must be a string");
    std::string_view s = v.get_string();
    if (!shape.enum_values.empty()) {
      for (auto allowed : shape.enum_values)
        if (allowed == s) return;
      std::string list;
      for (auto allowed : shape.enum_values) list += (list.empty() ? "" : ", ") + std::string(allowed);
      return add(path, "INVALID_ENUM_VALUE", "must be one of " + list);
    }
    auto length = patterns::utf8_length(s);
    if (!length) return add(path, "INVALID_STRING_FORMAT", "is not valid UTF-8");
    auto n = static_cast<std::int64_t>(*length);
    if (shape.min && n < *shape.min)
      return add(path, "INVALID_STRING_FORMAT", "must be at least " + std::to_string(*shape.min) + " characters");
    if (shape.max && n > *shape.max)
      return add(path, "INVALID_STRING_FORMAT", "must be at most " + std::to_string(*shape.max) + " characters");
    if (shape.matches && !shape.matches(s))
      return add(path, "INVALID_STRING_FORMAT", "must match " + std::string(shape.pattern));
  }

  void integer(const ShapeSpec& shape, const json::value& v, const std::string& path) {
    std::int64_t n = 0;
    if (v.is_int64()) {
      n = v.get_int64();
    } else if (v.is_uint64()) {
      n = std::numeric_limits<std::int64_t>::max();  // beyond any range the model declares
    } else {
      return add(path, "INVALID_VALUE", "must be an integer");
    }
    if ((shape.min && n < *shape.min) || (shape.max && n > *shape.max)) {
      add(path, "VALUE_OUT_OF_RANGE",
          "must be between " + (shape.min ? std::to_string(*shape.min) : std::string("-inf")) + " and " +
              (shape.max ? std::to_string(*shape.max) : std::string("+inf")));
    }
  }

  // No input has one today; awsJson accepts ISO 8601 text or epoch seconds, as the decoder does.
  void timestamp(const json::value& v, const std::string& path) {
    if (!v.is_string() && !v.is_number()) add(path, "INVALID_VALUE", "must be a timestamp");
  }

  void list(const ShapeSpec& shape, const json::value& v, const std::string& path) {
    if (!v.is_array()) return add(path, "INVALID_VALUE", "must be a list");
    const auto& a = v.get_array();
    auto n = static_cast<std::int64_t>(a.size());
    if (shape.max && n > *shape.max)
      return add(path, "TOO_MANY_VALUES", "must have at most " + std::to_string(*shape.max) + " items");
    if (shape.min && n < *shape.min)
      return add(path, "INVALID_VALUE", "must have at least " + std::to_string(*shape.min) + " item(s)");
    for (std::size_t i = 0; i < a.size(); ++i) value(*shape.element, a[i], path + "[" + std::to_string(i) + "]");
  }

  void structure(const ShapeSpec& shape, const json::value& v, const std::string& path) {
    if (!v.is_object()) return add(path.empty() ? std::string("(body)") : path, "INVALID_VALUE", "must be an object");
    const auto& o = v.get_object();
    auto child = [&](std::string_view name) { return path.empty() ? std::string(name) : path + "." + std::string(name); };
    for (const auto& m : shape.members) {
      auto it = o.find(m.name);
      // null is "not set", as the SDKs serialize it.
      if (it == o.end() || it->value().is_null()) {
        if (m.required) add(child(m.name), "REQUIRED_FIELD_MISSING", "is required");
        continue;
      }
      value(*m.shape, it->value(), child(m.name));
    }
    if (!options_.reject_unknown_members) return;
    for (const auto& kv : o) {
      bool known = false;
      for (const auto& m : shape.members) known = known || m.name == kv.key();
      if (!known) add(child(kv.key()), "INVALID_VALUE", "is not a member of " + std::string(shape.name));
    }
  }

  const ValidationOptions& options_;
  std::vector<FieldError>& out_;
};

}  // namespace

std::vector<FieldError> validate_request(std::string_view operation, const json::value& body,
                                         const ValidationOptions& options) {
  std::vector<FieldError> errors;
  const ShapeSpec* shape = input_shape(operation);
  if (!shape) {
    errors.push_back(FieldError{"", "INVALID_VALUE", "unknown operation " + std::string(operation)});
    return errors;
  }
  Validator(options, errors).value(*shape, body, "");
  return errors;
}

Error make_validation_error(std::string_view operation, const std::vector<FieldError>& errors) {
  std::string message = "the " + std::string(operation) + " request is invalid: ";
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i) message += "; ";
    message += (errors[i].field.empty() ? std::string("(request)") : errors[i].field) + " " + errors[i].message +
               " [" + errors[i].code + "]";
  }
  message += " (fix the request; it was not sent)";
  auto e = make_error(ErrorKind::validation, "ValidationException", std::move(message));
  return e;
}

}  // namespace pcs::pc
