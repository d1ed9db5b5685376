#include "core/error.hpp"

#include <array>

#include "core/enum_names.hpp"

namespace pcs {

namespace {

constexpr EnumName<ErrorKind> kKindNames[]{
    {ErrorKind::throttling, "throttling"}, {ErrorKind::validation, "validation"},
    {ErrorKind::access_denied, "access_denied"}, {ErrorKind::not_found, "not_found"},
    {ErrorKind::conflict, "conflict"}, {ErrorKind::quota_exceeded, "quota_exceeded"},
    {ErrorKind::server, "server"}, {ErrorKind::transport, "transport"},
    {ErrorKind::timeout, "timeout"}, {ErrorKind::cancelled, "cancelled"},
    {ErrorKind::config, "config"}, {ErrorKind::protocol, "protocol"},
    {ErrorKind::clock_skew, "clock_skew"}, {ErrorKind::expired_token, "expired_token"},
};
constexpr EnumName<RetryClass> kRetryClassNames[]{
    {RetryClass::throttling, "throttling"}, {RetryClass::transient, "transient"}, {RetryClass::timeout, "timeout"},
    {RetryClass::at_once, "at_once"}, {RetryClass::never, "never"},
};

}  // namespace

std::string_view to_string(ErrorKind kind) { return name_of(kKindNames, kind); }

std::string_view to_string(RetryClass c) { return name_of(kRetryClassNames, c); }

const ErrorOutcome& outcome_of(ErrorKind kind) {
  using R = RetryClass;
  // retry, permanent, may_have_been_applied, setup
  static constexpr std::array<ErrorOutcome, 14> kTable{{
      /* throttling     */ {R::throttling, false, false, false},  // the service refused it unprocessed
      /* validation     */ {R::never, true, false, false},
      /* access_denied  */ {R::never, false, false, true},  // fixing IAM lets the same decision through
      /* not_found      */ {R::never, true, false, false},
      /* conflict       */ {R::never, true, false, false},
      /* quota_exceeded */ {R::never, false, false, false},  // a hard quota may be raised; try next cycle
      /* server         */ {R::transient, false, true, false},  // a 500 may come after the work was done
      /* transport      */ {R::transient, false, true, false},
      /* timeout        */ {R::timeout, false, true, false},
      /* cancelled      */ {R::never, false, true, false},
      /* config         */ {R::never, false, false, true},
      // A complete answer the client cannot read will read the same next time; the call itself may have
      // succeeded (a 200 with an unreadable body).
      /* protocol       */ {R::never, false, true, false},
      /* clock_skew     */ {R::at_once, false, false, true},
      /* expired_token  */ {R::at_once, false, false, true},
  }};
  return kTable[static_cast<std::size_t>(kind)];
}

bool is_retryable_kind(ErrorKind kind) { return outcome_of(kind).retry != RetryClass::never; }

Error make_error(ErrorKind kind, std::string code, std::string message) {
  Error e;
  e.kind = kind;
  e.code = std::move(code);
  e.message = std::move(message);
  e.retryable = is_retryable_kind(kind);
  return e;
}

std::string Error::describe() const {
  std::string out = code.empty() ? std::string(to_string(kind)) : code;
  if (http_status != 0 || !request_id.empty()) {
    out += " (";
    if (http_status != 0) out += "HTTP " + std::to_string(http_status);
    if (http_status != 0 && !request_id.empty()) out += ", ";
    if (!request_id.empty()) out += "request " + request_id;
    out += ")";
  }
  if (!message.empty()) out += ": " + message;
  return out;
}

}  // namespace pcs
