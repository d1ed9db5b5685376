// Store: invitations a rule (action: review) left to a person.

#include <boost/json.hpp>
#include <string>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {

// Waiting for a person: reviewed, PENDING, unexpired at :now, and no live decision (a failed or abandoned one
// does not count: the person may decide again). Shared by the count and pcsyncctl's queue.
const char* const kReviewWaiting =
    "i.status = 'PENDING' AND (i.expiration_date IS NULL OR i.expiration_date > :now) "
    "AND NOT EXISTS (SELECT 1 FROM decisions x WHERE x.invitation_id = i.id AND x.dry_run = 0 "
    "                AND x.state NOT IN ('failed', 'abandoned'))";

const char* const kReviewColumns = "r.invitation_id, r.catalog, r.rule, r.reason, r.requested_at";

Review read_review(SQLite::Statement& s, int f) {
  return Review{text_from(s.getColumn(f)), text_from(s.getColumn(f + 1)), text_from(s.getColumn(f + 2)),
                text_from(s.getColumn(f + 3)), time_from(s.getColumn(f + 4))};
}

std::int64_t count_reviews_waiting(Store::Impl& impl, WallTime now) {
  static const std::string sql =
      // CROSS JOIN keeps reviews the outer loop: without it SQLite walks every PENDING invitation (the pending
      // index serves the WHERE) and probes reviews, 100,000 rows for a count of a few.
      std::string("SELECT count(*) FROM reviews r CROSS JOIN invitations i ON i.id = r.invitation_id WHERE ") +
      kReviewWaiting;
  Query q(impl, sql.c_str());
  q->bind(":now", time_text(now));
  q->executeStep();
  return q->getColumn(0).getInt64();
}

std::optional<Review> find_review(Store::Impl& impl, std::string_view invitation_id) {
  static const std::string sql = std::string("SELECT ") + kReviewColumns + " FROM reviews r WHERE r.invitation_id = :id";
  Query q(impl, sql.c_str());
  q->bind(":id", std::string(invitation_id));
  if (!q->executeStep()) return std::nullopt;
  return read_review(*q, 0);
}

Result<bool> Store::record_review(const Review& r) {
  // Every cycle evaluates a waiting invitation again: one already recorded needs no write transaction (nor the
  // write lock pcsyncctl also takes). The insert below still settles a race.
  auto known = guarded(*impl_, "reading a review", [&] { return find_review(*impl_, r.invitation_id).has_value(); });
  if (!known) return known.error();
  if (*known) return false;
  return in_write_transaction(*impl_, "recording a review", [&]() -> Result<bool> {
    if (auto listed = require_invitation(*impl_, r.invitation_id, "it must be listed before it is reviewed"); !listed)
      return listed.error();
    Query q(*impl_,
            "INSERT INTO reviews (invitation_id, catalog, rule, reason, requested_at) "
            "VALUES (:id, :catalog, :rule, :reason, :at) ON CONFLICT (invitation_id) DO NOTHING");
    q->bind(":id", r.invitation_id);
    q->bind(":catalog", r.catalog);
    q->bind(":rule", r.rule);
    q->bind(":reason", r.reason.substr(0, 2000));
    q->bind(":at", time_text(r.requested_at));
    if (q->exec() != 1) return false;
    if (!event_wanted(*impl_, "review_needed")) return true;
    auto payload = invitation_payload(*impl_, "review_needed", r.invitation_id, nullptr, r.requested_at);
    payload["Rule"] = r.rule;
    payload["Reason"] = r.reason;
    enqueue_event(*impl_, "review_needed", r.invitation_id, payload, r.requested_at);
    return true;
  });
}

Result<std::optional<Review>> Store::review(std::string_view invitation_id) {
  return guarded(*impl_, "reading a review", [&] { return find_review(*impl_, invitation_id); });
}

Result<std::int64_t> Store::reviews_waiting(WallTime now) {
  return guarded(*impl_, "counting reviews", [&] { return count_reviews_waiting(*impl_, now); });
}

}  // namespace pcs::store
