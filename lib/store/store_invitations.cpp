// Store: the invitation mirror (ListEngagementInvitations pages, GetEngagementInvitation details).

#include <string>

#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

// coalesce(): a member the API left out (GetEngagementInvitation has no ParticipantType) keeps its stored value.
constexpr const char* kUpsertInvitation =
    "INSERT INTO invitations (id, catalog, arn, payload_type, engagement_id, engagement_title, status, "
    "invitation_date, expiration_date, sender_aws_account_id, sender_company_name, receiver_alias, "
    "receiver_aws_account_id, participant_type, first_seen, last_seen) "
    "VALUES (:id, :catalog, :arn, :payload_type, :engagement_id, :engagement_title, :status, :invitation_date, "
    ":expiration_date, :sender_aws_account_id, :sender_company_name, :receiver_alias, :receiver_aws_account_id, "
    ":participant_type, :now, :now) "
    "ON CONFLICT(id) DO UPDATE SET "
    "catalog = excluded.catalog, "
    "arn = coalesce(excluded.arn, arn), "
    "payload_type = coalesce(excluded.payload_type, payload_type), "
    "engagement_id = coalesce(excluded.engagement_id, engagement_id), "
    "engagement_title = coalesce(excluded.engagement_title, engagement_title), "
    "status = coalesce(excluded.status, status), "
    "invitation_date = coalesce(excluded.invitation_date, invitation_date), "
    "expiration_date = coalesce(excluded.expiration_date, expiration_date), "
    "sender_aws_account_id = coalesce(excluded.sender_aws_account_id, sender_aws_account_id), "
    "sender_company_name = coalesce(excluded.sender_company_name, sender_company_name), "
    "receiver_alias = coalesce(excluded.receiver_alias, receiver_alias), "
    "receiver_aws_account_id = coalesce(excluded.receiver_aws_account_id, receiver_aws_account_id), "
    "participant_type = coalesce(excluded.participant_type, participant_type), "
    "last_seen = excluded.last_seen";

// Returns true when the row is new.
bool upsert_one(Store::Impl& impl, const InvitationSummary& m, const std::string& now) {
  bool existed = false;
  {
    Query q(impl, "SELECT 1 FROM invitations WHERE id = :id");
    q->bind(":id", m.id);
    existed = q->executeStep();
  }
  Query q(impl, kUpsertInvitation);
  q->bind(":id", m.id);  // bound even when empty: the CHECK refuses it and the page rolls back
  q->bind(":catalog", m.catalog);
  bind_text(*q, ":arn", m.arn);
  bind_text(*q, ":payload_type", m.payload_type);
  bind_text(*q, ":engagement_id", m.engagement_id);
  bind_text(*q, ":engagement_title", m.engagement_title);
  bind_text(*q, ":status", m.status);
  bind_time(*q, ":invitation_date", m.invitation_date);
  bind_time(*q, ":expiration_date", m.expiration_date);
  bind_text(*q, ":sender_aws_account_id", m.sender_aws_account_id);
  bind_text(*q, ":sender_company_name", m.sender_company_name);
  bind_text(*q, ":receiver_alias", m.receiver_alias);
  bind_text(*q, ":receiver_aws_account_id", m.receiver_aws_account_id);
  bind_text(*q, ":participant_type", m.participant_type);
  q->bind(":now", now);
  q->exec();
  return !existed;
}

std::string join_commas(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

}  // namespace

Result<UpsertResult> Store::upsert_invitations(std::span<const InvitationSummary> page, WallTime now) {
  return in_write_transaction(*impl_, "storing a page of invitations", [&] {
    UpsertResult r;
    const std::string now_text = time_text(now);
    for (const auto& m : page) {
      if (upsert_one(*impl_, m, now_text)) ++r.inserted;
      ++r.seen;
    }
    return r;
  });
}

Status Store::set_invitation_details(const InvitationSummary& summary, const InvitationDetails& d, WallTime now) {
  return in_write_transaction(*impl_, "storing invitation details", [&]() -> Status {
    const std::string now_text = time_text(now);
    upsert_one(*impl_, summary, now_text);
    // Details replace what was there: one GetEngagementInvitation answer is a complete snapshot.
    Query q(*impl_,
            "UPDATE invitations SET customer_industry = :industry, customer_company_name = :company, "
            "customer_website_url = :website, customer_country_code = :country, project_title = :title, "
            "project_business_problem = :problem, project_target_completion_date = :target, "
            "expected_spend_usd_monthly = :usd, expected_spend_json = :spend_json, "
            "receiver_responsibilities = :responsibilities, invitation_message = :message, "
            "engagement_description = :description, rejection_reason = :rejection, details_fetched_at = :now "
            "WHERE id = :id");
    bind_text(*q, ":industry", d.customer_industry);
    bind_text(*q, ":company", d.customer_company_name);
    bind_text(*q, ":website", d.customer_website_url);
    bind_text(*q, ":country", d.customer_country_code);
    bind_text(*q, ":title", d.project_title);
    bind_text(*q, ":problem", d.project_business_problem);
    bind_text(*q, ":target", d.project_target_completion_date);
    if (d.expected_spend_usd_monthly)
      q->bind(":usd", *d.expected_spend_usd_monthly);
    else
      q->bind(":usd");
    bind_text(*q, ":spend_json", d.expected_spend_json);
    bind_text(*q, ":responsibilities", join_commas(d.receiver_responsibilities));
    bind_text(*q, ":message", d.invitation_message);
    bind_text(*q, ":description", d.engagement_description);
    bind_text(*q, ":rejection", d.rejection_reason);
    q->bind(":now", now_text);
    q->bind(":id", summary.id);
    q->exec();
    return Ok{};
  });
}

Result<std::optional<Invitation>> Store::invitation(std::string_view id) {
  return guarded(*impl_, "reading an invitation", [&]() -> std::optional<Invitation> {
    static const std::string sql =
        std::string("SELECT ") + kInvitationColumns + " FROM invitations i WHERE i.id = :id";
    Query q(*impl_, sql.c_str());
    q->bind(":id", std::string(id));
    if (!q->executeStep()) return std::nullopt;
    return read_invitation(*q, 0);
  });
}

// Soonest expiry first, never-expiring last, then id; the same text the cursor compares against.
constexpr const char* kPendingKey = "(coalesce(i.expiration_date, '9999-12-31T23:59:59Z') || '|' || i.id)";

std::string Store::pending_cursor(const Invitation& invitation) {
  const auto& s = invitation.summary;
  return (s.expiration_date ? time_text(*s.expiration_date) : std::string("9999-12-31T23:59:59Z")) + "|" + s.id;
}

Result<std::vector<Invitation>> Store::pending_undecided(WallTime now, PendingQuery query) {
  return guarded(*impl_, "listing undecided invitations", [&] {
    // In dry-run a dry-run decision also counts as decided (so dry runs do not repeat every cycle); live runs
    // ignore dry-run decisions. A failed decision is final; an abandoned one leaves the invitation undecided.
    static const std::string sql =
        std::string("SELECT ") + kInvitationColumns +
        " FROM invitations i WHERE i.status = 'PENDING' AND (:catalog = '' OR i.catalog = :catalog) "
        "AND (i.expiration_date IS NULL OR i.expiration_date > :now) "
        "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.invitation_id = i.id AND d.state <> 'abandoned' "
        "                AND (d.dry_run = 0 OR :dry_run = 1)) "
        "AND " + std::string(kPendingKey) + " > :after "
        "ORDER BY " + kPendingKey + " LIMIT :limit";
    Query q(*impl_, sql.c_str());
    q->bind(":catalog", query.catalog);
    q->bind(":now", time_text(now));
    q->bind(":dry_run", query.dry_run ? 1 : 0);
    q->bind(":limit", query.limit);
    q->bind(":after", query.after);
    std::vector<Invitation> out;
    while (q->executeStep()) out.push_back(read_invitation(*q, 0));
    return out;
  });
}

}  // namespace pcs::store
