// Store: the notification outbox. Rows are written by the repository calls whose change they announce, in the
// same transaction; the daemon's notifier delivers them (lib/notify) and records each attempt here.

#include <boost/json.hpp>
#include <string>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

constexpr const char* kNotificationColumns =
    "id, event, invitation_id, target, payload, created_at, attempts, next_attempt_at, delivered_at, failed_at, "
    "last_error";

Notification read_notification(SQLite::Statement& s) {
  Notification n;
  n.id = s.getColumn(0).getInt64();
  n.event = text_from(s.getColumn(1));
  n.invitation_id = text_from(s.getColumn(2));
  n.target = text_from(s.getColumn(3));
  n.payload = text_from(s.getColumn(4));
  n.created_at = time_from(s.getColumn(5));
  n.attempts = s.getColumn(6).getInt();
  n.next_attempt_at = time_from(s.getColumn(7));
  n.delivered_at = optional_time_from(s.getColumn(8));
  n.failed_at = optional_time_from(s.getColumn(9));
  n.last_error = text_from(s.getColumn(10));
  return n;
}

void put_text(boost::json::object& o, const char* key, const std::string& value) {
  if (!value.empty()) o[key] = value;
}

}  // namespace

namespace {

bool target_wants(const NotificationTarget& t, std::string_view event) {
  return t.events.empty() || std::find(t.events.begin(), t.events.end(), event) != t.events.end();
}

}  // namespace

bool event_wanted(const Store::Impl& impl, std::string_view event) {
  return std::any_of(impl.notification_targets.begin(), impl.notification_targets.end(),
                     [&](const NotificationTarget& t) { return target_wants(t, event); });
}

void enqueue_event(Store::Impl& impl, std::string_view event, const std::string& invitation_id,
                   const boost::json::object& payload, WallTime now) {
  std::string text;  // serialized once, for the first target that wants it
  for (const auto& t : impl.notification_targets) {
    if (!target_wants(t, event)) continue;
    if (text.empty()) text = boost::json::serialize(payload);
    Query q(impl,
            "INSERT INTO notifications (event, invitation_id, target, payload, created_at, next_attempt_at) "
            "VALUES (:event, :invitation, :target, :payload, :now, :now)");
    q->bind(":event", std::string(event));
    bind_text(*q, ":invitation", invitation_id);
    q->bind(":target", t.name);
    q->bind(":payload", text);
    q->bind(":now", time_text(now));
    q->exec();
  }
}

boost::json::object invitation_payload(Store::Impl& impl, std::string_view event, const std::string& invitation_id,
                                       const Decision* d, WallTime now) {
  boost::json::object o;
  o["Event"] = std::string(event);
  o["InvitationId"] = invitation_id;
  {
    Query q(impl,
            "SELECT catalog, engagement_title, sender_company_name, expiration_date, status FROM invitations "
            "WHERE id = :id");
    q->bind(":id", invitation_id);
    if (q->executeStep()) {
      put_text(o, "Catalog", text_from(q->getColumn(0)));
      put_text(o, "EngagementTitle", text_from(q->getColumn(1)));
      put_text(o, "SenderCompanyName", text_from(q->getColumn(2)));
      put_text(o, "ExpirationDate", text_from(q->getColumn(3)));
      put_text(o, "Status", text_from(q->getColumn(4)));
    }
  }
  if (d) {
    o["Decision"] = std::string(to_string(d->action));
    o["DecisionId"] = d->id;
    put_text(o, "Rule", d->rule);
    put_text(o, "Reason", d->reason);
    put_text(o, "DecidedBy", d->decided_by);
    put_text(o, "TaskId", d->task_id);
    put_text(o, "Error", d->error);
  }
  o["At"] = time_text(now);
  return o;
}

void Store::set_notification_targets(std::vector<NotificationTarget> targets) {
  impl_->notification_targets = std::move(targets);
}

Status Store::record_health(std::string_view event, std::string_view reason, WallTime now) {
  return in_write_transaction(*impl_, "recording the daemon's health", [&]() -> Status {
    Query q(*impl_,
            "INSERT INTO daemon_health (id, state, reason, changed_at) VALUES (1, :state, :reason, :now) "
            "ON CONFLICT (id) DO UPDATE SET state = excluded.state, reason = excluded.reason, "
            "changed_at = excluded.changed_at");
    q->bind(":state", std::string(event));
    q->bind(":reason", std::string(reason.substr(0, 2000)));
    q->bind(":now", time_text(now));
    q->exec();
    const boost::json::object payload{{"Event", event}, {"Reason", reason}, {"At", time_text(now)}};
    enqueue_event(*impl_, event, "", payload, now);
    return Ok{};
  });
}

Result<bool> Store::degraded() {
  return guarded(*impl_, "reading the daemon's health", [&] {
    Query q(*impl_, "SELECT state FROM daemon_health WHERE id = 1");
    return q->executeStep() && q->getColumn(0).getString() == "degraded";
  });
}

Result<std::int64_t> Store::warn_expiring(std::string_view catalog, WallTime now, std::chrono::seconds within) {
  return in_write_transaction(*impl_, "recording expiry warnings", [&]() -> Result<std::int64_t> {
    // The terms of idx_invitations_pending (catalog, then the expression), so the range is an index seek.
    Query q(*impl_,
            "SELECT i.id, EXISTS (SELECT 1 FROM reviews r WHERE r.invitation_id = i.id) FROM invitations i "
            "WHERE i.status = 'PENDING' AND i.catalog = :catalog "
            "AND coalesce(i.expiration_date, '9999-12-31T23:59:59Z') > :now "
            "AND coalesce(i.expiration_date, '9999-12-31T23:59:59Z') <= :until "
            "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.invitation_id = i.id AND d.dry_run = 0 "
            "                AND d.state NOT IN ('failed', 'abandoned')) "
            "AND NOT EXISTS (SELECT 1 FROM expiry_warnings w WHERE w.invitation_id = i.id) "
            "ORDER BY coalesce(i.expiration_date, '9999-12-31T23:59:59Z'), i.id LIMIT 1000");
    q->bind(":catalog", std::string(catalog));
    q->bind(":now", time_text(now));
    q->bind(":until", time_text(now + within));
    std::vector<std::pair<std::string, bool>> due;
    while (q->executeStep()) due.emplace_back(text_from(q->getColumn(0)), q->getColumn(1).getInt() != 0);
    for (const auto& [id, reviewed] : due) {
      Query w(*impl_, "INSERT INTO expiry_warnings (invitation_id, warned_at) VALUES (:id, :now)");
      w->bind(":id", id);
      w->bind(":now", time_text(now));
      w->exec();
      if (!event_wanted(*impl_, "expiring")) continue;
      auto payload = invitation_payload(*impl_, "expiring", id, nullptr, now);
      payload["WaitingForPerson"] = reviewed;
      enqueue_event(*impl_, "expiring", id, payload, now);
    }
    return std::int64_t(due.size());
  });
}

Result<std::vector<Notification>> Store::due_notifications(WallTime now, std::int64_t limit) {
  return guarded(*impl_, "reading due notifications", [&] {
    static const std::string sql = std::string("SELECT ") + kNotificationColumns +
                                   " FROM notifications WHERE delivered_at IS NULL AND failed_at IS NULL "
                                   "AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit";
    Query q(*impl_, sql.c_str());
    q->bind(":now", time_text(now));
    q->bind(":limit", limit);
    std::vector<Notification> out;
    while (q->executeStep()) out.push_back(read_notification(*q));
    return out;
  });
}

Result<std::optional<WallTime>> Store::next_notification_due() {
  return guarded(*impl_, "reading the next notification", [&]() -> std::optional<WallTime> {
    Query q(*impl_,
            "SELECT min(next_attempt_at) FROM notifications WHERE delivered_at IS NULL AND failed_at IS NULL");
    q->executeStep();
    return optional_time_from(q->getColumn(0));
  });
}

Status Store::notification_delivered(std::int64_t id, WallTime now) {
  return in_write_transaction(*impl_, "recording a delivery", [&]() -> Status {
    Query q(*impl_,
            "UPDATE notifications SET attempts = attempts + 1, delivered_at = :now, last_error = NULL WHERE id = :id");
    q->bind(":now", time_text(now));
    q->bind(":id", id);
    q->exec();
    return Ok{};
  });
}

Status Store::notification_attempt_failed(std::int64_t id, std::string_view error, std::optional<WallTime> retry_at,
                                          WallTime now) {
  return in_write_transaction(*impl_, "recording a failed delivery", [&]() -> Status {
    Query q(*impl_,
            "UPDATE notifications SET attempts = attempts + 1, last_error = :error, "
            "next_attempt_at = coalesce(:retry, next_attempt_at), failed_at = CASE WHEN :retry IS NULL THEN :now END "
            "WHERE id = :id");
    q->bind(":error", std::string(error.substr(0, 500)));
    bind_time(*q, ":retry", retry_at);
    q->bind(":now", time_text(now));
    q->bind(":id", id);
    q->exec();
    return Ok{};
  });
}

Result<std::vector<Notification>> Store::list_notifications(std::int64_t limit) {
  return guarded(*impl_, "listing notifications", [&] {
    static const std::string sql =
        std::string("SELECT ") + kNotificationColumns + " FROM notifications ORDER BY id DESC LIMIT :limit";
    Query q(*impl_, sql.c_str());
    q->bind(":limit", limit);
    std::vector<Notification> out;
    while (q->executeStep()) out.push_back(read_notification(*q));
    return out;
  });
}

}  // namespace pcs::store
