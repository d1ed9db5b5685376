// Store: opening, schema checks and migration, shared row readers, integrity check and sync runs.
// The repository calls live in store_invitations.cpp, store_decisions.cpp, store_tasks.cpp and store_queries.cpp.

#include "store/store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <boost/json.hpp>
#include <filesystem>

#include "core/time_format.hpp"
#include "store/migrator.hpp"
#include "store/schema.hpp"
#include "store/store_files.hpp"
#include "store/store_impl.hpp"

namespace pcs::store {

// ---- shared helpers ----

std::string time_text(WallTime t) { return format_iso8601(t); }

std::int64_t single_int64(Query& q) { return q->executeStep() ? q->getColumn(0).getInt64() : 0; }

WallTime time_from(const SQLite::Column& c) { return optional_time_from(c).value_or(WallTime{}); }

std::optional<WallTime> optional_time_from(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return parse_iso8601(c.getString());
}

std::string text_from(const SQLite::Column& c) { return c.isNull() ? std::string() : c.getString(); }

void bind_text(SQLite::Statement& s, const char* name, const std::string& value) {
  if (value.empty())
    s.bind(name);
  else
    s.bind(name, value);
}

void bind_optional(SQLite::Statement& s, const char* name, const std::optional<std::string>& value) {
  if (value)
    s.bind(name, *value);
  else
    s.bind(name);
}

void bind_time(SQLite::Statement& s, const char* name, const std::optional<WallTime>& value) {
  if (value)
    s.bind(name, time_text(*value));
  else
    s.bind(name);
}

std::string tags_to_json(const std::vector<TagRecord>& tags) {
  boost::json::array out;
  for (const auto& t : tags) out.push_back(boost::json::object{{"Key", t.key}, {"Value", t.value}});
  return boost::json::serialize(out);
}

std::vector<TagRecord> tags_from_json(const std::string& text) {
  std::vector<TagRecord> out;
  if (text.empty()) return out;
  boost::system::error_code ec;
  const auto v = boost::json::parse(text, ec);
  if (ec || !v.is_array()) return out;  // written by tags_to_json only; the CHECK-free column is ours
  for (const auto& item : v.get_array()) {
    const auto* o = item.if_object();
    if (!o) continue;
    const auto* k = o->if_contains("Key");
    const auto* val = o->if_contains("Value");
    if (k && k->is_string() && val && val->is_string())
      out.push_back({std::string(k->get_string()), std::string(val->get_string())});
  }
  return out;
}

namespace {

// The busy wait: SQLite's own (busy_timeout) sleeps up to 100 ms between tries and can miss the short gaps
// between another writer's transactions (the daemon's listing commits every half second, and while a page call
// is out, see Store::upsert_listed_invitations); trying every millisecond takes the first gap. `timeout_ms` is
// the busy timeout in milliseconds, carried in the pointer; it is measured from the first try (a connection is
// used by one thread, and one busy wait at a time).
int retry_every_millisecond(void* timeout_ms, int tries) {
  thread_local std::chrono::steady_clock::time_point first_try;
  const auto now = std::chrono::steady_clock::now();
  if (tries == 0) first_try = now;
  if (now - first_try >= std::chrono::milliseconds(reinterpret_cast<std::intptr_t>(timeout_ms))) return 0;
  sqlite3_sleep(1);
  return 1;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

namespace {

constexpr const char* kInvitationColumnsHead =
    "i.id, i.catalog, i.arn, i.payload_type, i.engagement_id, i.engagement_title, i.status, i.invitation_date, "
    "i.expiration_date, i.sender_aws_account_id, i.sender_company_name, i.receiver_alias, "
    "i.receiver_aws_account_id, i.participant_type, i.customer_industry, i.customer_company_name, "
    "i.customer_website_url, i.customer_country_code, i.project_title, i.project_business_problem, "
    "i.project_target_completion_date, i.expected_spend_usd_monthly, i.expected_spend_json, "
    "i.receiver_responsibilities, i.invitation_message, i.engagement_description, i.rejection_reason, "
    "i.first_seen, ";

// LastSeen (see v_invitations): the later of the row's last write and the latest complete listing of its scope,
// unless a complete listing did not return it (unlisted).
std::string last_seen_columns(const std::string& covered) {
  return std::string(kInvitationColumnsHead) + "CASE WHEN i.unlisted_since IS NOT NULL THEN i.last_seen ELSE max(i.last_seen, " +
         covered + ") END, i.details_fetched_at";
}

}  // namespace

const std::string kInvitationColumns =
    last_seen_columns("coalesce((SELECT max(c.listed_at) FROM listing_coverage c WHERE c.catalog = i.catalog AND "
                      "(c.scope = '' OR c.scope = i.status)), '')");
const std::string kInvitationColumnsCovered = last_seen_columns(":covered");

Invitation read_invitation(SQLite::Statement& s, int f) {
  Invitation inv;
  InvitationSummary& m = inv.summary;
  m.id = text_from(s.getColumn(f + 0));
  m.catalog = text_from(s.getColumn(f + 1));
  m.arn = text_from(s.getColumn(f + 2));
  m.payload_type = text_from(s.getColumn(f + 3));
  m.engagement_id = text_from(s.getColumn(f + 4));
  m.engagement_title = text_from(s.getColumn(f + 5));
  m.status = text_from(s.getColumn(f + 6));
  m.invitation_date = optional_time_from(s.getColumn(f + 7));
  m.expiration_date = optional_time_from(s.getColumn(f + 8));
  m.sender_aws_account_id = text_from(s.getColumn(f + 9));
  m.sender_company_name = text_from(s.getColumn(f + 10));
  m.receiver_alias = text_from(s.getColumn(f + 11));
  m.receiver_aws_account_id = text_from(s.getColumn(f + 12));
  m.participant_type = text_from(s.getColumn(f + 13));
  inv.first_seen = time_from(s.getColumn(f + 27));
  inv.last_seen = time_from(s.getColumn(f + 28));
  inv.details_fetched_at = optional_time_from(s.getColumn(f + 29));
  if (inv.details_fetched_at) {
    InvitationDetails d;
    d.customer_industry = text_from(s.getColumn(f + 14));
    d.customer_company_name = text_from(s.getColumn(f + 15));
    d.customer_website_url = text_from(s.getColumn(f + 16));
    d.customer_country_code = text_from(s.getColumn(f + 17));
    d.project_title = text_from(s.getColumn(f + 18));
    d.project_business_problem = text_from(s.getColumn(f + 19));
    d.project_target_completion_date = text_from(s.getColumn(f + 20));
    if (!s.getColumn(f + 21).isNull()) d.expected_spend_usd_monthly = s.getColumn(f + 21).getDouble();
    d.expected_spend_json = text_from(s.getColumn(f + 22));
    d.receiver_responsibilities = split_commas(text_from(s.getColumn(f + 23)));
    d.invitation_message = text_from(s.getColumn(f + 24));
    d.engagement_description = text_from(s.getColumn(f + 25));
    d.rejection_reason = text_from(s.getColumn(f + 26));
    inv.details = std::move(d);
  }
  return inv;
}

const char* const kDecisionColumns =
    "d.id, d.invitation_id, d.catalog, d.action, d.rule, d.reason, d.decided_at, d.dry_run, d.attempt, "
    "d.client_token, d.request_known, d.tags, d.rejection_reason, d.state, d.error, d.task_id, d.updated_at, "
    "d.decided_by";

Decision read_decision(SQLite::Statement& s, int f) {
  Decision d;
  d.id = s.getColumn(f + 0).getInt64();
  d.invitation_id = text_from(s.getColumn(f + 1));
  d.catalog = text_from(s.getColumn(f + 2));
  d.action = parse_decision_action(text_from(s.getColumn(f + 3))).value_or(DecisionAction::reject);
  d.rule = text_from(s.getColumn(f + 4));
  d.reason = text_from(s.getColumn(f + 5));
  d.decided_at = time_from(s.getColumn(f + 6));
  d.dry_run = s.getColumn(f + 7).getInt() != 0;
  d.attempt = s.getColumn(f + 8).getInt();
  d.client_token = text_from(s.getColumn(f + 9));
  d.request_known = s.getColumn(f + 10).getInt() != 0;
  d.tags = tags_from_json(text_from(s.getColumn(f + 11)));
  if (!s.getColumn(f + 12).isNull()) d.rejection_reason = s.getColumn(f + 12).getString();
  d.state = parse_decision_state(text_from(s.getColumn(f + 13))).value_or(DecisionState::failed);
  d.error = text_from(s.getColumn(f + 14));
  d.task_id = text_from(s.getColumn(f + 15));
  d.updated_at = time_from(s.getColumn(f + 16));
  d.decided_by = text_from(s.getColumn(f + 17));
  return d;
}

std::string decisions_where(std::string_view where) {
  return std::string("SELECT ") + kDecisionColumns + " FROM decisions d WHERE " + std::string(where);
}

std::optional<Decision> next_decision(Query& q) {
  if (!q->executeStep()) return std::nullopt;
  return read_decision(*q, 0);
}

const char* const kTaskColumns =
    "t.task_id, t.kind, t.catalog, t.task_arn, t.engagement_invitation_id, t.engagement_id, t.context_id, "
    "t.start_time, t.task_status, t.message, t.reason_code, t.opportunity_id, t.resource_snapshot_job_id, "
    "t.updated_at";

Task read_task(SQLite::Statement& s, int f) {
  Task t;
  t.task_id = text_from(s.getColumn(f + 0));
  t.kind = parse_task_kind(text_from(s.getColumn(f + 1))).value_or(TaskKind::accept_invitation);
  t.catalog = text_from(s.getColumn(f + 2));
  t.task_arn = text_from(s.getColumn(f + 3));
  t.engagement_invitation_id = text_from(s.getColumn(f + 4));
  t.engagement_id = text_from(s.getColumn(f + 5));
  t.context_id = text_from(s.getColumn(f + 6));
  t.start_time = optional_time_from(s.getColumn(f + 7));
  t.task_status = text_from(s.getColumn(f + 8));
  t.message = text_from(s.getColumn(f + 9));
  t.reason_code = text_from(s.getColumn(f + 10));
  t.opportunity_id = text_from(s.getColumn(f + 11));
  t.resource_snapshot_job_id = text_from(s.getColumn(f + 12));
  t.updated_at = time_from(s.getColumn(f + 13));
  return t;
}

// Columns: id, started_at, finished_at, outcome, read_calls, write_calls, throttled, invitations_seen,
// invitations_new, invitations_decided, error.
SyncRun read_sync_run(SQLite::Statement& s, int f) {
  SyncRun r;
  r.id = s.getColumn(f + 0).getInt64();
  r.started_at = time_from(s.getColumn(f + 1));
  r.finished_at = optional_time_from(s.getColumn(f + 2));
  r.outcome = parse_sync_outcome(text_from(s.getColumn(f + 3))).value_or(SyncOutcome::failed);
  r.counters.read_calls = s.getColumn(f + 4).getInt64();
  r.counters.write_calls = s.getColumn(f + 5).getInt64();
  r.counters.throttled = s.getColumn(f + 6).getInt64();
  r.counters.invitations_seen = s.getColumn(f + 7).getInt64();
  r.counters.invitations_new = s.getColumn(f + 8).getInt64();
  r.counters.invitations_decided = s.getColumn(f + 9).getInt64();
  r.error = text_from(s.getColumn(f + 10));
  return r;
}

// ---- shared checks ----

Error no_such_invitation(const std::string& id, std::string_view what_then) {
  return make_error(ErrorKind::not_found, "StoreNoSuchInvitation",
                    "invitation " + id + " is not in the local database; " + std::string(what_then));
}

Status require_invitation(Store::Impl& impl, const std::string& id, std::string_view what_then) {
  Query q(impl, "SELECT 1 FROM invitations WHERE id = :id");
  q->bind(":id", id);
  if (!q->executeStep()) return no_such_invitation(id, what_then);
  return Ok{};
}

// ---- opening ----

namespace {

Error store_error(std::string code, std::string message) {
  return make_error(ErrorKind::config, std::move(code), std::move(message));
}

// Tells a pcsyncd database (or a new empty file) from anything else, and checks the schema version.
std::optional<Error> check_identity(SQLite::Database& db, const std::string& path, OpenMode mode) {
  const int app = db.execAndGet("PRAGMA application_id").getInt();
  const int version = read_user_version(db);
  const int objects = db.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
  const bool ours = app == kApplicationId || (app == 0 && version == 0 && objects == 0);
  if (!ours)
    return store_error("StoreNotPcsyncd",
                       "database " + path +
                           " is not a pcsyncd database (another program's SQLite file); point the configuration at "
                           "another path or move the file away");
  if (version > latest_schema_version())
    return store_error("StoreSchemaTooNew",
                       "database " + path + " has schema version " + std::to_string(version) +
                           ", newer than this binary understands (" + std::to_string(latest_schema_version()) +
                           "); run the newer pcsyncd/pcsyncctl, or restore the backup taken before the upgrade");
  if (mode == OpenMode::read_only && version < latest_schema_version())
    return store_error("StoreNotMigrated",
                       "database " + path + " has schema version " + std::to_string(version) + ", this pcsyncctl needs " +
                           std::to_string(latest_schema_version()) +
                           "; start pcsyncd once (it migrates on start), then retry");
  return std::nullopt;
}

// What PRAGMA quick_check / integrity_check found, as one line ("" when "ok"). SQLite may put several problems
// in one row separated by newlines, under a "*** in database main ***" heading.
std::string check_problems(SQLite::Database& db, const char* pragma) {
  SQLite::Statement s(db, pragma);
  std::string problems;
  // After listing what it found, the check's own scan of a table (its NOT NULL and CHECK pass) stops with
  // SQLITE_CORRUPT when it meets a page it cannot read: that is a finding too, not an error of the check.
  auto step = [&] {
    try {
      return s.executeStep();
    } catch (const SQLite::Exception& e) {
      if ((e.getErrorCode() & 0xff) != SQLITE_CORRUPT && (e.getErrorCode() & 0xff) != SQLITE_NOTADB) throw;
      if (!problems.empty()) problems += "; ";
      problems += std::string("the check stopped: ") + e.what();
      return false;
    }
  };
  while (step()) {
    const std::string row = s.getColumn(0).getString();
    std::size_t start = 0;
    while (start <= row.size()) {
      std::size_t end = row.find('\n', start);
      if (end == std::string::npos) end = row.size();
      const std::string line = row.substr(start, end - start);
      start = end + 1;
      if (line.empty() || line == "ok" || line.rfind("*** in database", 0) == 0) continue;
      if (!problems.empty()) problems += "; ";
      problems += line;
    }
  }
  constexpr std::size_t kMaxShown = 300;
  if (problems.size() > kMaxShown) problems = problems.substr(0, kMaxShown) + "...";
  return problems;
}

std::string corrupt_advice(const std::string& path) {
  return "stop pcsyncd, keep a copy of " + path + " (and " + path +
         "-wal if present) for analysis, then remove them: on the next start pcsyncd rebuilds the mirror from Partner "
         "Central (the decision history is in your backups, see docs/database.md)";
}

}  // namespace

Result<Store> Store::open(const std::string& path, OpenOptions options) {
  // Process-wide, before the first connection: SQLite's memory statistics take a global mutex around every
  // allocation and free (7 % of the mirror's store CPU, measured with pcs-bench-mirror-store) and nothing here
  // reads them. sqlite3_config fails harmlessly (SQLITE_MISUSE) if something initialised SQLite first.
  static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
  (void)configured;
  const bool memory = path.empty() || path == ":memory:";
  const bool read_only = options.mode == OpenMode::read_only;
  if (read_only && !memory) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return store_error("StoreMissing", "database " + path +
                                             " does not exist; check the path, or start pcsyncd once to create it");
  }
  std::vector<std::string> notices;
  if (!read_only && !memory) {
    // Directory, owner-only mode, zero-byte files: settled before SQLite opens (and could create) the file.
    auto prepared = prepare_database_file(path);
    if (!prepared) return prepared.error();
    notices = std::move(prepared->notices);
  }
  try {
    // The file exists by now: SQLite must not create one itself (with 0644 less the umask) if it vanished.
    // NOMUTEX: a Store is one connection used by one thread (see store.hpp), so SQLite's per-call mutexes
    // (a lock and an unlock around every step, bind and column read) buy nothing.
    const int flags = (read_only ? SQLite::OPEN_READONLY
                                 : memory ? (SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) : SQLite::OPEN_READWRITE) |
                      SQLite::OPEN_NOMUTEX;
    SQLite::Database db(memory ? std::string(":memory:") : path, flags, int(options.busy_timeout.count()),
                        options.vfs);
    sqlite3_busy_handler(db.getHandle(), &retry_every_millisecond,
                         reinterpret_cast<void*>(static_cast<std::intptr_t>(options.busy_timeout.count())));
    // Until the checks below pass nothing is written, not even by the checkpoint SQLite runs when the last
    // connection closes: a refused file stays byte for byte as it was found, its -wal included.
    sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    if (auto e = check_identity(db, path, options.mode)) return *e;
    if (read_only) {
      // No quick_check here: pcsyncctl never writes, so it cannot spread damage, and scripts calling it often
      // would pay a scan of the whole file each time. A query reaching a damaged page fails with StoreCorrupt.
      db.exec("PRAGMA query_only = ON");
    } else {
      // Before any write or migration: a damaged file is refused, never written to. quick_check reads every
      // page (its cost grows with the file, see docs/database.md) but skips the index-content cross-checks
      // that make integrity_check several times slower.
      std::string problems;
      try {
        problems = check_problems(db, "PRAGMA quick_check(10)");
      } catch (const SQLite::Exception& e) {
        // Some damage stops the check itself (SQLITE_CORRUPT while walking a b-tree): the same finding.
        if ((e.getErrorCode() & 0xff) != SQLITE_CORRUPT) throw;
        problems = e.what();
      }
      if (!problems.empty())
        return store_error("StoreCorrupt", "database " + path + " failed its quick check at open (" + problems +
                                               "): the file is damaged and pcsyncd has not written to it; " +
                                               corrupt_advice(path));
      sqlite3_db_config(db.getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
      // WAL lets pcsyncctl read while the daemon writes; NORMAL is durable across crashes in WAL (only a power
      // loss may undo the last commits, never corrupt), and what a power loss may undo is re-read from Partner
      // Central by the next listing. The one commit that must survive a power loss, a live decision before its
      // call, is made with synchronous=FULL (record_decision). journal_size_limit: after a checkpoint the -wal
      // is cut back to 4 MiB instead of keeping the size of the largest transaction it ever held. The page cache
      // stays at SQLite's default 2 MiB: more rows per commit or a larger cache buy little CPU for their memory.
      // A new file gets 8 KiB pages (SQLite's default is 4): half the reads and writes for the same bytes, which
      // made the 100,000-invitation mirror 9 % cheaper (bench/README.md); a file created with 4 KiB pages keeps
      // them (changing it needs a VACUUM). cache_size is set again once the page size is known: SQLite turns its
      // default 2,000 KiB into a number of pages of the 4 KiB it assumes before reading the file, so an 8 KiB file
      // would get 4 MB (the mirror's peak RSS 18.0 -> 20.0 MB without this line).
      if (db.execAndGet("PRAGMA page_count").getInt64() == 0) db.exec("PRAGMA page_size = 8192");
      const std::string journal = db.execAndGet("PRAGMA journal_mode = WAL").getString();
      if (!memory && journal != "wal")
        return store_error("StoreNoWal", "database " + path + " cannot use WAL (journal_mode stays " + journal +
                                             "); put it on a local file system");
      db.exec("PRAGMA synchronous = NORMAL");
      db.exec("PRAGMA cache_size = -2000");
      // The -wal is checkpointed at 4 MiB of frames, whatever the page size (SQLite's default counts 1,000 pages).
      const int page_kib = std::max(1, db.execAndGet("PRAGMA page_size").getInt() / 1024);
      db.exec("PRAGMA wal_autocheckpoint = " + std::to_string(4096 / page_kib));
      db.exec("PRAGMA journal_size_limit = 4194304");
      db.exec("PRAGMA foreign_keys = ON");
      apply_migrations(db, migrations());
    }
    auto impl = std::make_unique<Impl>(path, options.mode, std::move(db));
    impl->notices = std::move(notices);
    return Store(std::move(impl));
  } catch (const SQLite::Exception& e) {
    return translate_sqlite_error(e, path, "opening");
  } catch (const std::exception& e) {
    return store_error("StoreError", "database " + path + ": opening: " + e.what());
  }
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }

const std::vector<std::string>& Store::open_notices() const { return impl_->notices; }

Result<int> Store::schema_version() {
  return guarded(*impl_, "reading the schema version", [&] { return read_user_version(impl_->db); });
}

Result<std::int64_t> Store::data_version() {
  return guarded(*impl_, "reading the data version", [&] {
    Query q(*impl_, "PRAGMA data_version");
    return single_int64(q);
  });
}

Status Store::integrity_check() {
  return guarded(*impl_, "checking integrity", [&]() -> Status {
    const std::string problems = check_problems(impl_->db, "PRAGMA integrity_check(10)");
    if (problems.empty()) return Ok{};
    return store_error("StoreCorrupt", "database " + impl_->path + " failed its integrity check (" + problems +
                                           "); " + corrupt_advice(impl_->path));
  });
}

// ---- sync runs ----

namespace {

// History kept: older sync runs, refused or applied reloads and settled notifications go, a few of the oldest as
// each run begins (rowid order, so it costs a seek, not a scan), so the file does not grow with the daemon's age.
// The latest successful run stays whatever its age (pcsyncctl status shows it).
constexpr std::chrono::hours kHistoryKept{24 * 90};
constexpr const char* kPruneRuns =
    "DELETE FROM sync_runs WHERE id IN (SELECT id FROM sync_runs ORDER BY id LIMIT 10) AND started_at < :before "
    "AND outcome <> 'running' AND id IS NOT (SELECT max(id) FROM sync_runs WHERE outcome = 'ok')";
constexpr const char* kPruneReloads =
    "DELETE FROM config_reloads WHERE id IN (SELECT id FROM config_reloads ORDER BY id LIMIT 10) AND at < :before";
constexpr const char* kPruneNotifications =
    "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications ORDER BY id LIMIT 10) "
    "AND created_at < :before AND (delivered_at IS NOT NULL OR failed_at IS NOT NULL)";

}  // namespace

Result<std::int64_t> Store::begin_sync_run(WallTime now) {
  return in_write_transaction(*impl_, "starting a sync run", [&] {
    {
      Query q(*impl_,
              "UPDATE sync_runs SET outcome = 'failed', "
              "error = 'interrupted: pcsyncd stopped before this run finished' WHERE outcome = 'running'");
      q->exec();
    }
    for (const char* prune : {kPruneRuns, kPruneReloads, kPruneNotifications}) {
      Query q(*impl_, prune);
      q->bind(":before", time_text(now - kHistoryKept));
      q->exec();
    }
    Query q(*impl_, "INSERT INTO sync_runs (started_at, outcome) VALUES (:now, 'running')");
    q->bind(":now", time_text(now));
    q->exec();
    return impl_->db.getLastInsertRowid();
  });
}

Status Store::finish_sync_run(std::int64_t run_id, SyncOutcome outcome, const SyncCounters& c,
                              std::string_view error, WallTime now) {
  return guarded(*impl_, "finishing a sync run", [&]() -> Status {
    Query q(*impl_,
            "UPDATE sync_runs SET finished_at = :now, outcome = :outcome, read_calls = :read, write_calls = :write, "
            "throttled = :throttled, invitations_seen = :seen, invitations_new = :new, "
            "invitations_decided = :decided, error = :error WHERE id = :id");
    q->bind(":now", time_text(now));
    q->bind(":outcome", std::string(to_string(outcome)));
    q->bind(":read", c.read_calls);
    q->bind(":write", c.write_calls);
    q->bind(":throttled", c.throttled);
    q->bind(":seen", c.invitations_seen);
    q->bind(":new", c.invitations_new);
    q->bind(":decided", c.invitations_decided);
    bind_text(*q, ":error", std::string(error));
    q->bind(":id", run_id);
    if (q->exec() == 0)
      return make_error(ErrorKind::not_found, "StoreNoSuchRun",
                        "sync run " + std::to_string(run_id) + " is not in database " + impl_->path +
                            "; this is a bug in pcsyncd: report it");
    return Ok{};
  });
}

}  // namespace pcs::store
