#pragma once
// What each pcsyncctl command takes, as command_line.cpp parses it (values already validated: filters are
// one of their allowed values, in the API's spelling).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.hpp"

namespace pcs::ctl {

// Rows a list shows unless --limit or --all says otherwise; 0 means no limit.
inline constexpr std::int64_t kDefaultListLimit = 100;

// Which mirror the local commands read: --db wins, else the `database` of --config, else the packaged one.
struct DatabaseChoice {
  std::optional<std::string> db;
  std::optional<std::string> config;
};

struct StatusOptions {
  DatabaseChoice source;
  bool json = false;
};

struct InvitationsOptions {
  DatabaseChoice source;
  std::optional<std::string> status;  // InvitationStatus
  store::DecisionFilter decision = store::DecisionFilter::any;
  std::int64_t limit = kDefaultListLimit;
  bool json = false;
};

struct TasksOptions {
  DatabaseChoice source;
  std::optional<std::string> status;  // TaskStatus
  std::optional<store::TaskKind> kind;
  std::int64_t limit = kDefaultListLimit;
  bool json = false;
};

struct ShowOptions {
  DatabaseChoice source;
  std::string id;
  bool json = false;
};

struct RulesTestOptions {
  std::string config;  // the rules to try (and, without --db, the database)
  std::optional<std::string> db;
  std::string status = "PENDING";
  std::int64_t limit = kDefaultListLimit;
  bool json = false;
};

struct CallOptions {
  std::string operation;
  std::optional<std::string> body;  // JSON text, "-" for standard input; none: {}
  std::optional<std::string> catalog;
  std::optional<std::string> config;  // the daemon's endpoint, region, profile, CA bundle and catalog
  bool compact = false;
};

struct NotificationsOptions {
  DatabaseChoice source;
  std::int64_t limit = kDefaultListLimit;
  bool json = false;
};

// pcsyncctl accept ID / reject ID: a person's decision.
struct DecideOptions {
  store::DecisionAction action = store::DecisionAction::accept;
  std::string id;
  std::string config = "/etc/pcsyncd/pcsyncd.yaml";  // the daemon's: catalog, database, dry_run, AWS settings
  std::vector<std::string> tags;                     // accept: "KEY=VALUE", sent as Tags
  std::optional<std::string> reason;                 // why; a reject sends it as RejectionReason (required)
  bool now = false;                                  // send from pcsyncctl itself (no daemon running)
  bool json = false;
};

struct DoctorOptions {
  std::optional<std::string> config;
  std::optional<std::string> unit;  // a unit name (pcsyncd.service, pcsyncd@acme) or a unit file's path
  bool webhooks = false;            // post a test message to each configured webhook
  bool json = false;
};

}  // namespace pcs::ctl
