#pragma once
// What Store's .cpp files share: the connection, the prepared-statement cache, binding/reading helpers and the
// exception boundary. Store-internal.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <boost/json/object.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "store/sqlite_error.hpp"
#include "store/store.hpp"

namespace pcs::store {

struct Store::Impl {
  Impl(std::string p, OpenMode m, SQLite::Database d) : path(std::move(p)), mode(m), db(std::move(d)) {}

  std::string path;
  OpenMode mode;
  SQLite::Database db;
  std::vector<std::string> notices;  // Store::open_notices()
  std::vector<NotificationTarget> notification_targets;
  // Keyed by the SQL text's address: every query is a static constant, so this is a cheap exact key.
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements;

  SQLite::Statement& prepare(const char* sql) {
    auto& slot = statements[sql];
    if (!slot) slot = std::make_unique<SQLite::Statement>(db, sql);
    return *slot;
  }

  // The open transaction of a listing in progress (Store::upsert_listed_invitations). Declared after `db` so
  // it goes first: a Store destroyed with one open rolls it back (the next listing writes those rows again).
  std::optional<SQLite::Transaction> listing;
  std::size_t listed_rows = 0;
  std::chrono::steady_clock::time_point listing_began{};
  // A commit of the listing's rows failed (and rolled them back) inside another call, which got the error: the
  // listing's next write or commit fails too, so the listing does not take its earlier pages as stored.
  std::optional<Error> listing_lost;
  // Commits the listing's transaction, if one is open; a failure rolls it back and throws (the listing's own
  // calls: the error reaches the listing).
  void commit_listing();
  // The same for any other call, which does this first (guarded()), so that nothing else ever runs inside the
  // listing's transaction; a failure is also kept in listing_lost for the listing.
  void commit_listing_for_another_call();
};

// A cached statement for one use: bindings cleared on entry, reset on exit. Resetting matters beyond reuse:
// a stepped-but-unreset SELECT keeps its read snapshot open, which would pin the WAL and hide newer data.
// Two Query objects over the same SQL constant must never be alive at once: they share one statement.
class Query {
 public:
  Query(Store::Impl& impl, const char* sql) : s_(impl.prepare(sql)) {
    s_.reset();
    s_.clearBindings();
  }
  ~Query() {
    try {
      s_.reset();
    } catch (...) {  // the error, if any, was already reported by the step that caused it
    }
  }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  SQLite::Statement* operator->() { return &s_; }
  SQLite::Statement& operator*() { return s_; }

 private:
  SQLite::Statement& s_;
};

// The first column of the query's first row as an integer, 0 when it is NULL or there is no row: a count, an
// EXISTS, a max(rowid). Binds made before the call apply.
std::int64_t single_int64(Query& q);

std::string time_text(WallTime t);
WallTime time_from(const SQLite::Column& c);
std::optional<WallTime> optional_time_from(const SQLite::Column& c);
std::string text_from(const SQLite::Column& c);  // NULL -> ""

// Empty strings and absent optionals are stored as NULL; bind_optional keeps an empty string as given.
void bind_text(SQLite::Statement& s, const char* name, const std::string& value);
void bind_optional(SQLite::Statement& s, const char* name, const std::optional<std::string>& value);
void bind_time(SQLite::Statement& s, const char* name, const std::optional<WallTime>& value);

// Tags as the decisions.tags column holds them: a JSON array of {"Key", "Value"}.
std::string tags_to_json(const std::vector<TagRecord>& tags);
std::vector<TagRecord> tags_from_json(const std::string& text);

// pc::patterns::task_id in SQL (GLOB): the form of the task ids the service hands out. Older versions stored ids
// as they came; a row without this form can be neither asked about (a TaskIdentifier filter refuses it) nor
// finished, so it counts as no unfinished task.
inline constexpr const char* kServiceTaskIdGlob = "task-[0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z][0-9a-z]";

struct GuardOptions {
  bool commits_listing = true;  // false only for the listing's own writes
};

// Runs body inside the exception boundary, after committing a listing's open transaction (see
// Store::Impl::listing). body returns T (or Result<T>); exceptions become Errors.
template <class F>
auto guarded(Store::Impl& impl, std::string_view doing, GuardOptions options, F&& body) {
  using R = std::invoke_result_t<F>;
  using Out = std::conditional_t<std::is_constructible_v<R, Error> && !std::is_same_v<R, Error>, R, Result<R>>;
  try {
    if (options.commits_listing) impl.commit_listing_for_another_call();
    return Out(body());
  } catch (const std::exception&) {
    return Out(current_store_error(impl.path, doing));
  }
}

template <class F>
auto guarded(Store::Impl& impl, std::string_view doing, F&& body) {
  return guarded(impl, doing, GuardOptions{}, std::forward<F>(body));
}

// Runs body in one IMMEDIATE transaction (the write lock taken at once, so a writer never upgrades from a
// read), inside the exception boundary: committed when body succeeds (a value, or an ok Result), rolled back
// otherwise.
template <class F>
auto in_write_transaction(Store::Impl& impl, std::string_view doing, F&& body) {
  return guarded(impl, doing, [&] {
    SQLite::Transaction tx(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
    auto out = body();
    if constexpr (requires { out.ok(); }) {
      if (out.ok()) tx.commit();
    } else {
      tx.commit();
    }
    return out;
  });
}

// synchronous=FULL for the commits made while it lives, NORMAL again after. Under WAL, NORMAL fsyncs only at
// checkpoints, so a power loss may undo the latest commits; FULL fsyncs the WAL before COMMIT returns. Set
// outside the transaction (it applies to the commits that follow), and set back even when the body failed.
class DurableCommits {
 public:
  explicit DurableCommits(SQLite::Database& db, bool wanted = true) : db_(db), wanted_(wanted) {
    if (wanted_) db_.exec("PRAGMA synchronous = FULL");
  }
  ~DurableCommits() {
    try {
      if (wanted_) db_.exec("PRAGMA synchronous = NORMAL");
    } catch (...) {  // the connection is failing; the next open sets NORMAL again
    }
  }
  DurableCommits(const DurableCommits&) = delete;
  DurableCommits& operator=(const DurableCommits&) = delete;

 private:
  SQLite::Database& db_;
  bool wanted_;
};

// Shared row readers. The column lists below and these readers must stay in step.
extern const std::string kInvitationColumns;  // "i.id, i.catalog, ..." (count: kInvitationColumnCount)
// The same columns, LastSeen computed from the parameter :covered (the latest complete listing of the rows' scope)
// instead of a subquery per row: for a query whose rows all share one scope (catalog and status). The subquery
// was half the cost of walking 100,000 undecided PENDING invitations.
extern const std::string kInvitationColumnsCovered;
inline constexpr int kInvitationColumnCount = 30;
Invitation read_invitation(SQLite::Statement& s, int first);

extern const char* const kDecisionColumns;  // "d.id, d.invitation_id, d.catalog, ..."
inline constexpr int kDecisionColumnCount = 18;
Decision read_decision(SQLite::Statement& s, int first);
// "SELECT <every decision column> FROM decisions d WHERE <where>", for a query's static SQL text.
std::string decisions_where(std::string_view where);
// The next row of a query over decisions_where(), or nullopt when there is none.
std::optional<Decision> next_decision(Query& q);

extern const char* const kTaskColumns;
inline constexpr int kTaskColumnCount = 14;
Task read_task(SQLite::Statement& s, int first);

inline constexpr int kSyncRunColumnCount = 11;

// "r.invitation_id, r.catalog, r.rule, r.reason, r.requested_at" and its reader.
extern const char* const kReviewColumns;
Review read_review(SQLite::Statement& s, int first);
// The review of one invitation, if a rule left it to a person.
std::optional<Review> find_review(Store::Impl& impl, std::string_view invitation_id);

// The WHERE condition (over invitations `i`, bound :now) of a review that waits for a person.
extern const char* const kReviewWaiting;
std::int64_t count_reviews_waiting(Store::Impl& impl, WallTime now);

// Whether any notification target wants `event`: a payload nobody wants is not built.
bool event_wanted(const Store::Impl& impl, std::string_view event);
// Inside the caller's write transaction: one outbox row per notification target that wants `event`.
// `invitation_id` may be "" (daemon-wide events).
void enqueue_event(Store::Impl& impl, std::string_view event, const std::string& invitation_id,
                   const boost::json::object& payload, WallTime now);
// The facts of an invitation (and, when given, of its decision) a notification carries; callers add theirs.
boost::json::object invitation_payload(Store::Impl& impl, std::string_view event, const std::string& invitation_id,
                                       const Decision* decision, WallTime now);
SyncRun read_sync_run(SQLite::Statement& s, int first);

// StoreNoSuchInvitation: "invitation <id> is not in the local database; <what_then>".
Error no_such_invitation(const std::string& id, std::string_view what_then);
// Ok when the invitation is in the mirror, else no_such_invitation(id, what_then).
Status require_invitation(Store::Impl& impl, const std::string& id, std::string_view what_then);

}  // namespace pcs::store
