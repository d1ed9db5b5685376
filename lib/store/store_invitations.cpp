// Store: the invitation mirror (ListEngagementInvitations pages, GetEngagementInvitation details).

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <iterator>
#include <span>
#include <string>

#include "core/time_format.hpp"
#include "store/store.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {
namespace {

// The summary members a listing may carry, in the order of InvitationSummary, after id and catalog. They are
// rewritten through coalesce(): a member the API left out (GetEngagementInvitation has no ParticipantType) keeps
// its stored value, and so never counts as a change either. `catalog` (required) is written by the insert only:
// an id belongs to one catalog, and the rewrite touches no column with NOT NULL or a CHECK (schema 8).
constexpr const char* kSummaryColumns[] = {
    "arn", "payload_type", "engagement_id", "engagement_title", "status", "invitation_date", "expiration_date",
    "sender_aws_account_id", "sender_company_name", "receiver_alias", "receiver_aws_account_id", "participant_type"};
// Parameters: ?1 is the time of the write; row r (from 0) binds id, catalog and the members above from
// 2 + r * kRowParameters on.
constexpr int kRowParameters = 2 + int(std::size(kSummaryColumns));

// Rows go in by statements of these many rows each: a page of 100 is three statements (64, 32, 4), with at
// most 7 statements prepared. One statement for many rows keeps its b-tree cursors between rows, so a row whose
// pending-index key follows the previous one's (the listing's order) is placed without a search from the root,
// and the per-statement work (reset, bindings cleared, cursors opened) is paid per chunk, not per row: a
// fifth of the store's CPU in the 100,000-invitation mirror (bench/README.md).
constexpr std::size_t kRowsPerStatement[] = {64, 32, 16, 8, 4, 2, 1};

// Inserts new rows, or rewrites an existing one only when something differs (or it was marked unlisted, which a
// listing returning it ends): an unchanged row costs one primary-key lookup and no page write.
std::string upsert_invitations_sql(std::size_t rows) {
  std::string names = "id, catalog", set, changed = "unlisted_since IS NOT NULL";
  for (const char* c : kSummaryColumns) {
    const std::string col(c);
    names += ", " + col;
    set += col + " = coalesce(excluded." + col + ", " + col + "), ";
    changed += " OR (excluded." + col + " IS NOT NULL AND excluded." + col + " IS NOT " + col + ")";
  }
  std::string values;
  for (std::size_t r = 0; r < rows; ++r) {
    values += r ? ", (" : "(";
    for (int p = 0; p < kRowParameters; ++p) values += "?" + std::to_string(2 + int(r) * kRowParameters + p) + ", ";
    values += "?1, ?1)";
  }
  // OR FAIL: a row the schema refuses stops the statement and keeps the rows before it, where the default
  // (ABORT) would undo them, which needs a statement journal: a copy of every page of the open transaction the
  // statement changes (most rows change one), spilled to a temporary file past 64 KiB (see schema 8 for what
  // else asks for one). Every caller rolls the whole transaction back when a write fails, so nothing of a
  // refused page stays either way.
  return "INSERT OR FAIL INTO invitations (" + names + ", first_seen, last_seen) VALUES " + values +
         " ON CONFLICT(id) DO UPDATE SET " + set + "last_seen = excluded.last_seen, unlisted_since = NULL WHERE " +
         changed;
}

const std::string& upsert_sql_for(std::size_t size_index) {
  static const auto sql = [] {
    std::array<std::string, std::size(kRowsPerStatement)> all;
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = upsert_invitations_sql(kRowsPerStatement[i]);
    return all;
  }();
  return sql[size_index];
}

// Empty is absent (NULL). The text is not copied: it lives until the statement has run.
void bind_member(SQLite::Statement& s, int parameter, const std::string& value) {
  if (value.empty())
    s.bind(parameter);
  else
    s.bindNoCopy(parameter, value);
}

// One statement's rows. `times` holds each row's invitation and expiry dates as text while the statement runs.
void bind_rows(SQLite::Statement& s, std::span<const InvitationSummary> rows, std::vector<Iso8601Text>& times) {
  times.clear();
  times.reserve(2 * rows.size());  // no reallocation below: the bound texts must not move
  int parameter = 2;
  auto bind_time_text = [&](const std::optional<WallTime>& t) {
    if (!t) return s.bind(parameter++);
    times.push_back(iso8601_text(*t));
    s.bindNoCopy(parameter++, times.back().text);
  };
  // In the order of kSummaryColumns, after id and catalog: five members, the two dates, five members.
  static_assert(5 + 2 + 5 == std::size(kSummaryColumns));
  for (const auto& m : rows) {
    s.bindNoCopy(parameter++, m.id);  // bound even when empty: the CHECK refuses it and the batch rolls back
    s.bindNoCopy(parameter++, m.catalog);
    for (const std::string* member : {&m.arn, &m.payload_type, &m.engagement_id, &m.engagement_title, &m.status})
      bind_member(s, parameter++, *member);
    bind_time_text(m.invitation_date);
    bind_time_text(m.expiration_date);
    for (const std::string* member :
         {&m.sender_aws_account_id, &m.sender_company_name, &m.receiver_alias, &m.receiver_aws_account_id,
          &m.participant_type})
      bind_member(s, parameter++, *member);
  }
}

// Writes `rows` and counts what happened to them. Which rows were inserted is read from the rowids: a table
// without AUTOINCREMENT gives each new row one more than the largest rowid it holds (autoinc.html), so the rows
// one statement inserted are numbered from the largest rowid before it up to sqlite3_last_insert_rowid() (which
// the DO UPDATE path leaves alone). sqlite3_changes() counts those and the rows the DO UPDATE rewrote (not the
// ones its WHERE kept as they were).
UpsertResult upsert_rows(Store::Impl& impl, std::span<const InvitationSummary> rows, const std::string& now) {
  UpsertResult r;
  if (rows.empty()) return r;
  sqlite3* db = impl.db.getHandle();
  std::int64_t largest_rowid = 0;  // stays 0 for an empty table
  {
    Query max_rowid(impl, "SELECT max(rowid) FROM invitations");  // reset before the writes below
    largest_rowid = single_int64(max_rowid);
  }
  std::vector<Iso8601Text> times;
  for (std::size_t size_index = 0; !rows.empty();) {
    const std::size_t size = kRowsPerStatement[size_index];
    if (rows.size() < size) {
      ++size_index;
      continue;
    }
    const auto chunk = rows.first(size);
    rows = rows.subspan(size);
    Query q(impl, upsert_sql_for(size_index).c_str());
    q->bindNoCopy(1, now);
    bind_rows(*q, chunk, times);
    sqlite3_set_last_insert_rowid(db, 0);  // rowids start at 1: still 0 afterwards means no row was inserted
    const int changes = q->exec();
    const std::int64_t last = sqlite3_last_insert_rowid(db);
    const std::int64_t inserted = last == 0 ? 0 : last - largest_rowid;
    if (last != 0) largest_rowid = last;
    r.inserted += inserted;
    r.changed += changes - inserted;
    r.seen += std::int64_t(size);
  }
  return r;
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
    return upsert_rows(*impl_, page, time_text(now));
  });
}

Status Store::set_invitation_details(const InvitationSummary& summary, const InvitationDetails& d, WallTime now) {
  return in_write_transaction(*impl_, "storing invitation details", [&]() -> Status {
    const std::string now_text = time_text(now);
    upsert_rows(*impl_, std::span(&summary, 1), now_text);
    // Details replace what was there: one GetEngagementInvitation answer is a complete snapshot.
    Query q(*impl_,
            "UPDATE invitations SET customer_industry = :industry, customer_company_name = :company, "
            "customer_website_url = :website, customer_country_code = :country, project_title = :title, "
            "project_business_problem = :problem, project_target_completion_date = :target, "
            "expected_spend_usd_monthly = :usd, expected_spend_json = :spend_json, "
            "receiver_responsibilities = :responsibilities, invitation_message = :message, "
            "engagement_description = :description, rejection_reason = :rejection, details_fetched_at = :now, "
            "last_seen = :now, unlisted_since = NULL WHERE id = :id");
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

// The pending walk's order: soonest expiry first, never-expiring last, then id. The expression is
// idx_invitations_pending's, so each page is an index seek from the cursor, not a sort of every pending row.
constexpr const char* kPendingKey = "coalesce(i.expiration_date, '9999-12-31T23:59:59Z')";
constexpr const char* kNeverExpires = "9999-12-31T23:59:59Z";

std::string Store::pending_cursor(const Invitation& invitation) {
  const auto& s = invitation.summary;
  return (s.expiration_date ? time_text(*s.expiration_date) : std::string(kNeverExpires)) + "|" + s.id;
}

namespace {

// One statement per shape of the query: with or without a catalog (the daemon always names one; only then is
// the index's leading column usable), and from the cursor or from `now`. A cursor at or before `now` is the
// same bound as "not expired at now", so the walk has exactly one lower bound to seek to.
const std::string& pending_sql(bool by_catalog, bool from_cursor) {
  auto make = [](bool catalog, bool cursor) {
    const std::string key = kPendingKey;
    // By catalog, every row's scope is (catalog, PENDING): LastSeen's coverage is one value, bound as :covered.
    return std::string("SELECT ") + (catalog ? kInvitationColumnsCovered : kInvitationColumns) +
           " FROM invitations i WHERE i.status = 'PENDING' " + (catalog ? "AND i.catalog = :catalog " : "") +
           // (key, id) > (after_key, after_id), spelt so that SQLite seeks to after_key (a row value over an
           // expression is only a filter to it).
           (cursor ? "AND " + key + " >= :after_key AND (" + key + " > :after_key OR i.id > :after_id) "
                   : "AND " + key + " > :now ") +
           // In dry-run a dry-run decision also counts as decided (so dry runs do not repeat every cycle); live
           // runs ignore dry-run decisions. A failed decision is final; an abandoned one leaves it undecided.
           "AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.invitation_id = i.id AND d.state <> 'abandoned' "
           "                AND (d.dry_run = 0 OR :dry_run = 1)) "
           "ORDER BY " + key + ", i.id LIMIT :limit";
  };
  static const std::string sql[2][2] = {{make(false, false), make(false, true)}, {make(true, false), make(true, true)}};
  return sql[by_catalog][from_cursor];
}

}  // namespace

Result<std::vector<Invitation>> Store::pending_undecided(WallTime now, PendingQuery query) {
  return guarded(*impl_, "listing undecided invitations", [&] {
    const std::string now_text = time_text(now);
    const auto bar = query.after.find('|');
    const std::string after_key = bar == std::string::npos ? std::string() : query.after.substr(0, bar);
    const bool from_cursor = bar != std::string::npos && after_key > now_text;
    Query q(*impl_, pending_sql(!query.catalog.empty(), from_cursor).c_str());
    if (!query.catalog.empty()) {
      q->bind(":catalog", query.catalog);
      Query covered(*impl_,
                    "SELECT coalesce(max(listed_at), '') FROM listing_coverage "
                    "WHERE catalog = :catalog AND scope IN ('', 'PENDING')");
      covered->bind(":catalog", query.catalog);
      covered->executeStep();
      q->bind(":covered", covered->getColumn(0).getString());
    }
    if (from_cursor) {
      q->bind(":after_key", after_key);
      q->bind(":after_id", query.after.substr(bar + 1));
    } else {
      q->bind(":now", now_text);
    }
    q->bind(":dry_run", query.dry_run ? 1 : 0);
    q->bind(":limit", query.limit);
    std::vector<Invitation> out;
    while (q->executeStep()) out.push_back(read_invitation(*q, 0));
    return out;
  });
}

// ---- listings ----

namespace {

// A listing's rows go into one open transaction, committed every this many rows (or earlier, see
// Store::upsert_listed_invitations): index pages that many pages touch (the primary key's, in id order, is
// touched everywhere) are then written to the WAL once per commit instead of once per page. Past the 2 MiB
// cache SQLite spills dirty pages into the WAL before the commit; without a statement journal per page that
// costs less than committing more often (pcs-bench-mirror-store, 100,000 rows: 10,000 per commit 0.64 s CPU,
// 25,000 0.60 s, 50,000 0.59 s). A crash loses at most this many rows, which the next listing writes again.
constexpr std::size_t kListedRowsPerCommit = 25000;
// ... and at the first page written once the transaction has been open this long: its write lock stops every
// other writer (a person's pcsyncctl accept) while it is open. lib/sync commits it once a page call has been out 50 ms.
constexpr std::chrono::milliseconds kListingHoldLimit{500};

}  // namespace

void Store::Impl::commit_listing() {
  if (!listing) return;
  listed_rows = 0;
  try {
    listing->commit();
  } catch (...) {
    listing.reset();  // rolls back what the failed commit left; the caller's boundary reports the error
    throw;
  }
  listing.reset();
}

void Store::Impl::commit_listing_for_another_call() {
  try {
    commit_listing();
  } catch (const std::exception&) {
    listing_lost = current_store_error(path, "committing the listed invitations");
    throw;
  }
}

namespace {

// The error a listing meets when another call's commit of its rows failed (Store::Impl::listing_lost): once.
std::optional<Error> take_lost_listing(Store::Impl& impl) {
  std::optional<Error> lost = std::move(impl.listing_lost);
  impl.listing_lost.reset();
  if (lost) lost->message += " (the listing's rows written so far were rolled back; the next listing writes them)";
  return lost;
}

}  // namespace

Result<UpsertResult> Store::upsert_listed_invitations(std::span<const InvitationSummary> page, WallTime now) {
  Impl& impl = *impl_;
  return guarded(impl, "storing a page of invitations", GuardOptions{.commits_listing = false},
                 [&]() -> Result<UpsertResult> {
    if (auto lost = take_lost_listing(impl)) return *lost;
    // A page is all or nothing. A savepoint per page would give that at the price of copying, into its statement
    // journal, every page of the open transaction that the page's rows touch (about one 4 KiB page per row, most
    // of them the primary key's leaves): half of the mirror's writes. Instead the page is checked first against
    // what the schema refuses (the CHECKs on id and catalog), so a bad row undoes its own page without any write,
    // and a failure after the first write (I/O, a full disk) rolls the open transaction back.
    for (const auto& m : page)
      if (m.id.empty() || m.catalog.empty())
        return make_error(ErrorKind::validation, "StoreConstraint",
                          "database " + impl.path + " refused a record (storing a page of invitations: an invitation " +
                              (m.id.empty() ? std::string("without an id") : "(" + m.id + ") without a catalog") +
                              "); nothing of this page was written. This is a bug in pcsyncd or an unexpected API "
                              "answer: report it with this message");
    if (!impl.listing) {
      impl.listing.emplace(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
      impl.listing_began = std::chrono::steady_clock::now();
    }
    UpsertResult r;
    try {
      r = upsert_rows(impl, page, time_text(now));
    } catch (...) {
      // The uncommitted rows of earlier pages go too; the next listing writes them again (lib/sync forgets the
      // pages it recorded when a store call fails).
      impl.listed_rows = 0;
      impl.listing.reset();
      throw;
    }
    impl.listed_rows += page.size();
    if (impl.listed_rows >= kListedRowsPerCommit ||
        std::chrono::steady_clock::now() - impl.listing_began >= kListingHoldLimit)
      impl.commit_listing();
    return r;
  });
}

Status Store::commit_listed_invitations() {
  Impl& impl = *impl_;
  return guarded(impl, "storing listed invitations", GuardOptions{.commits_listing = false}, [&]() -> Status {
    if (auto lost = take_lost_listing(impl)) return *lost;
    impl.commit_listing();  // a failure is this call's error, not kept for later
    return Ok{};
  });
}

Status Store::flush_listing() {
  return guarded(*impl_, "committing listed invitations", [] { return Status(Ok{}); });  // guarded commits it
}

namespace {

// LastSeen as v_invitations shows it: the row's own last_seen (its last write), or the start of the latest
// complete listing whose scope holds the row, whichever is later; an unlisted row keeps its own.
constexpr const char* kCoveredSince =
    "coalesce((SELECT max(c.listed_at) FROM listing_coverage c WHERE c.catalog = i.catalog "
    "AND (c.scope = '' OR c.scope = i.status)), '')";

// A scope's rows, from the two partial indexes that split them (PENDING, the rest) without reading the table.
constexpr const char* kRowsInScope =
    "SELECT (CASE WHEN :scope IN ('', 'PENDING') THEN (SELECT count(*) FROM invitations WHERE catalog = :catalog "
    "                                                  AND status = 'PENDING') ELSE 0 END) + "
    "       (CASE WHEN :scope <> 'PENDING' THEN (SELECT count(*) FROM invitations WHERE catalog = :catalog "
    "                                            AND status IS NOT 'PENDING' AND (:scope = '' OR status = :scope)) "
    "        ELSE 0 END)";
// Whether the table holds a row of another catalog: four seeks, one each side of :catalog in each partial index.
constexpr const char* kOtherCatalogs =
    "SELECT EXISTS (SELECT 1 FROM invitations WHERE status = 'PENDING' AND catalog < :catalog) "
    "    OR EXISTS (SELECT 1 FROM invitations WHERE status = 'PENDING' AND catalog > :catalog) "
    "    OR EXISTS (SELECT 1 FROM invitations WHERE status IS NOT 'PENDING' AND catalog < :catalog) "
    "    OR EXISTS (SELECT 1 FROM invitations WHERE status IS NOT 'PENDING' AND catalog > :catalog)";
constexpr const char* kUnlistedIds =
    "SELECT id FROM invitations WHERE catalog = :catalog AND unlisted_since IS NOT NULL "
    "AND (:scope = '' OR status = :scope)";
constexpr const char* kUnlistedInScope =
    "SELECT count(*) FROM invitations WHERE catalog = :catalog AND unlisted_since IS NOT NULL "
    "AND (:scope = '' OR status = :scope)";
// The rows of a scope not yet marked, split the same way (each query then reads one partial index).
constexpr const char* kPendingIds =
    "SELECT id FROM invitations WHERE catalog = :catalog AND status = 'PENDING' AND unlisted_since IS NULL";
constexpr const char* kSettledIds =
    "SELECT id FROM invitations WHERE catalog = :catalog AND status IS NOT 'PENDING' "
    "AND (:scope = '' OR status = :scope) AND unlisted_since IS NULL";

std::int64_t count_rows(Store::Impl& impl, const char* sql, std::string_view catalog, std::string_view scope) {
  Query q(impl, sql);
  q->bind(":catalog", std::string(catalog));
  q->bind(":scope", std::string(scope));
  return single_int64(q);
}

// The rows of a scope. kRowsInScope reads an index entry for each row (5 ms per 100,000). Every status of the
// only catalog in the table is all of its rows, which SQLite counts from the b-tree's pages without reading an
// entry (count(*) with no WHERE): a tenth of that. Every complete listing counts them.
std::int64_t rows_in_scope(Store::Impl& impl, std::string_view catalog, std::string_view scope) {
  bool only_catalog = false;
  if (scope.empty()) {
    Query others(impl, kOtherCatalogs);
    others->bind(":catalog", std::string(catalog));
    only_catalog = single_int64(others) == 0;
  }
  if (only_catalog) {
    Query all(impl, "SELECT count(*) FROM invitations");
    return single_int64(all);
  }
  return count_rows(impl, kRowsInScope, catalog, scope);
}

void collect_missed(Store::Impl& impl, const char* sql, std::string_view catalog, std::string_view scope,
                    SeenIds& seen, std::vector<std::string>& missed) {
  Query q(impl, sql);
  q->bind(":catalog", std::string(catalog));
  if (std::string_view(sql).find(":scope") != std::string_view::npos) q->bind(":scope", std::string(scope));
  while (q->executeStep()) {
    const char* id = q->getColumn(0).getText();
    if (!seen.contains(id)) missed.emplace_back(id);
  }
}

}  // namespace

Status Store::record_listing(std::string_view catalog, std::string_view scope, WallTime started_at, SeenIds& seen) {
  return in_write_transaction(*impl_, "recording a complete listing", [&]() -> Status {
    const std::string started = time_text(started_at);
    // Marked rows this listing returned without rewriting them (their page was recognised by its bytes and
    // not written): seen again, so no longer unlisted. Few rows: read from their partial index.
    {
      std::vector<std::string> returned;
      {
        Query q(*impl_, kUnlistedIds);
        q->bind(":catalog", std::string(catalog));
        q->bind(":scope", std::string(scope));
        while (q->executeStep()) {
          const char* id = q->getColumn(0).getText();
          if (seen.contains(id)) returned.emplace_back(id);
        }
      }
      for (const auto& id : returned) {
        Query q(*impl_,
                "UPDATE invitations SET unlisted_since = NULL, last_seen = max(last_seen, :started) WHERE id = :id");
        q->bind(":started", started);
        q->bind(":id", id);
        q->exec();
      }
    }
    // Every id seen is a row in scope now (the listing wrote what differed), so the scope holds exactly the rows
    // seen when its count, less the rows still marked unlisted, is the number of distinct ids seen.
    const std::int64_t in_scope = rows_in_scope(*impl_, catalog, scope);
    const std::int64_t unlisted = count_rows(*impl_, kUnlistedInScope, catalog, scope);
    if (in_scope - unlisted != std::int64_t(seen.distinct())) {
      // Some rows of the scope were not returned (their status changed, or the service no longer has them): find
      // them, and freeze their LastSeen at what it is before this listing's coverage is recorded.
      std::vector<std::string> missed;
      if (scope.empty() || scope == "PENDING") collect_missed(*impl_, kPendingIds, catalog, scope, seen, missed);
      if (scope != "PENDING") collect_missed(*impl_, kSettledIds, catalog, scope, seen, missed);
      static const std::string mark = std::string("UPDATE invitations AS i SET last_seen = max(i.last_seen, ") +
                                      kCoveredSince + "), unlisted_since = :started WHERE i.id = :id";
      for (const auto& id : missed) {
        Query q(*impl_, mark.c_str());
        q->bind(":started", started);
        q->bind(":id", id);
        q->exec();
      }
    }
    Query q(*impl_,
            "INSERT INTO listing_coverage (catalog, scope, listed_at) VALUES (:catalog, :scope, :started) "
            "ON CONFLICT(catalog, scope) DO UPDATE SET listed_at = max(listed_at, excluded.listed_at)");
    q->bind(":catalog", std::string(catalog));
    q->bind(":scope", std::string(scope));
    q->bind(":started", started);
    q->exec();
    return Ok{};
  });
}

}  // namespace pcs::store
