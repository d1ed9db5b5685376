#include "command_line.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <ostream>
#include <vector>

#include "core/ascii.hpp"
#include "core/enum_names.hpp"
#include "core/version.hpp"
#include "mirror_access.hpp"
#include "partnercentral/validation.hpp"

namespace pcs::ctl {
namespace {

constexpr CommandUsage kCommands[]{
    {"status", "status [--db FILE | --config FILE] [--json]",
     "last sync and its age (a warning when stale), invitations, decisions, tasks, calls of the last 24 h"},
    {"invitations",
     "invitations [--db FILE | --config FILE] [--status S] [--decision accept|reject|undecided|review] "
     "[--limit N | --all] [--json]",
     "the mirrored invitations with their decision and task, newest first; --decision review: the invitations "
     "waiting for a person, soonest expiry first, with the time left"},
    {"tasks",
     "tasks [--db FILE | --config FILE] [--status S] [--kind accept|opportunity] [--limit N | --all] [--json]",
     "the mirrored tasks, newest first"},
    {"show", "show ID [--db FILE | --config FILE] [--json]",
     "the whole history of one invitation: seen, decided by which rule, task, outcome"},
    {"notifications", "notifications [--db FILE | --config FILE] [--limit N | --all] [--json]",
     "the webhook notifications, newest first: event, invitation, webhook (by name), delivered, pending or "
     "failed, attempts, last error"},
    {"accept", "accept ID [--config FILE] [--tag KEY=VALUE]... [--reason TEXT] [--now] [--json]",
     "a person accepts the invitation: recorded with who, when and why; the running pcsyncd carries it out "
     "within seconds (--now: sent from here when no pcsyncd runs)"},
    {"reject", "reject ID --reason TEXT [--config FILE] [--now] [--json]",
     "a person rejects the invitation, sending TEXT as the RejectionReason; carried out like accept"},
    {"rules", "rules test --config FILE [--db FILE] [--status S] [--limit N | --all] [--json]",
     "what the rules of FILE would do with the mirrored invitations; records and calls nothing"},
    {"call", "call OPERATION [JSON|-] [--config FILE] [--catalog AWS|Sandbox] [--compact]",
     "send one Partner Central request and print the response JSON"},
    {"doctor", "doctor [--config FILE] [--unit [NAME]] [--webhooks] [--json]",
     "configuration, credentials source, endpoint, region, clock skew, one ListEngagementInvitations call and the "
     "webhooks"},
    {"help", "help [COMMAND]", "this text, or one command's options (as COMMAND --help)"},
};

const std::vector<std::string> kInvitationStatuses{"PENDING", "ACCEPTED", "REJECTED", "EXPIRED"};
const std::vector<std::string> kTaskStatuses{"IN_PROGRESS", "COMPLETE", "FAILED"};
const std::vector<std::string> kCatalogs{"AWS", "Sandbox"};
constexpr EnumName<store::DecisionFilter> kDecisionChoices[]{{store::DecisionFilter::accept, "accept"},
                                                             {store::DecisionFilter::reject, "reject"},
                                                             {store::DecisionFilter::undecided, "undecided"},
                                                             {store::DecisionFilter::review, "review"}};
constexpr EnumName<store::TaskKind> kKindChoices[]{{store::TaskKind::accept_invitation, "accept"},
                                                   {store::TaskKind::opportunity_from_engagement, "opportunity"}};

template <class E, std::size_t N>
std::vector<std::string> names_of(const EnumName<E> (&table)[N]) {
  std::vector<std::string> out;
  for (const auto& e : table) out.emplace_back(e.name);
  return out;
}
constexpr std::int64_t kMaxLimit = 1'000'000'000;

const CommandUsage* find_command(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.name == name) return &c;
  return nullptr;
}

std::string summary_of(std::string_view name) { return std::string(find_command(name)->summary); }

std::string join(const std::vector<std::string>& values, const char* separator) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : separator) + v;
  return out;
}

// One of `allowed`, in any case; the value becomes the allowed spelling. The error lists them all.
CLI::Validator one_of(std::vector<std::string> allowed) {
  return CLI::Validator(
      [allowed](std::string& value) -> std::string {
        for (const auto& a : allowed) {
          if (ascii_iequals(a, value)) {
            value = a;
            return {};
          }
        }
        return "'" + value + "' is not one of " + join(allowed, ", ");
      },
      "", "");
}

// An option whose value is one of `values`, in any case (it becomes the listed spelling).
template <class Slot>
void add_choice(CLI::App* app, const std::string& name, Slot& slot, const std::string& description, const char* type,
                const std::vector<std::string>& values) {
  app->add_option(name, slot, description)->type_name(type)->transform(one_of(values));
}

CLI::Validator limit_check() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const bool digits = !value.empty() && value.size() <= 10 &&
                            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || std::stoll(value) > kMaxLimit)
          return "'" + value + "' is not a number of rows from 0 (no limit) to " + std::to_string(kMaxLimit);
        return {};
      },
      "", "");
}

// ---- help ------------------------------------------------------------------------------------------------

void write_main_help(std::ostream& out) {
  out << "usage: pcsyncctl [--db FILE] [--config FILE] [--json] COMMAND [ARGS]\n"
         "       pcsyncctl --version | --help\n\ncommands:\n";
  for (const auto& c : kCommands) out << "  " << c.usage << "\n      " << c.summary << "\n";
  out << "\nglobal options, before or after the command (each where the command takes it):\n"
         "  --db FILE      the database (default: the database of --config, else "
      << kDefaultDatabase
      << ")\n"
         "  --config FILE  pcsyncd's configuration\n"
         "  --json         JSON output: the API's member names, PascalCase\n"
         "  --version      the version and git revision\n"
         "\nexit status: 0 ok, 1 the operation failed, 2 usage\n";
}

// CLI11's own help lists options in its layout; pcsyncctl's shows the usage line of `pcsyncctl help` first.
class HelpFormatter final : public CLI::Formatter {
 public:
  std::string make_help(const CLI::App* app, std::string path, CLI::AppFormatMode) const override {
    std::ostringstream out;
    if (!app->get_parent()) {
      write_main_help(out);
      return out.str();
    }
    // path: "pcsyncctl tasks", "pcsyncctl rules test"
    const std::string command = path.substr(path.find(' ') + 1);
    const CommandUsage* usage = find_command(command.substr(0, command.find(' ')));
    if (usage) out << "usage: pcsyncctl " << usage->usage << "\n\n" << usage->summary << "\n";
    if (!app->get_description().empty() && app->get_description() != (usage ? usage->summary : ""))
      out << app->get_description() << "\n";
    std::vector<const CLI::Option*> positionals, options;
    for (const CLI::Option* o : app->get_options()) {
      if (o == app->get_help_ptr()) continue;
      (o->get_positional() ? positionals : options).push_back(o);
    }
    auto rows = [&](const char* title, const std::vector<const CLI::Option*>& list, bool positional) {
      if (list.empty()) return;
      out << "\n" << title << ":\n";
      for (const CLI::Option* o : list) {
        std::string name = positional ? o->get_name(true) : o->get_name(false, true);
        if (!positional && o->get_expected_max() > 0) name += " " + o->get_type_name();
        out << "  " << name << std::string(name.size() < 18 ? 18 - name.size() : 1, ' ') << o->get_description()
            << "\n";
      }
    };
    rows("arguments", positionals, true);
    rows("options", options, false);
    if (!app->get_subcommands({}).empty()) {
      out << "\ncommands:\n";
      for (const CLI::App* sub : app->get_subcommands({}))
        out << "  " << sub->get_name() << std::string(sub->get_name().size() < 18 ? 18 - sub->get_name().size() : 1, ' ')
            << sub->get_description() << "\n";
    }
    return out.str();
  }
};

// ---- the command line --------------------------------------------------------------------------------------

struct Globals {
  std::optional<std::string> db;
  std::optional<std::string> config;
  bool json = false;
};

void add_source(CLI::App* app, DatabaseChoice& source) {
  app->add_option("--db", source.db, "the database (default: the database of --config)")->type_name("FILE");
  app->add_option("--config", source.config, "pcsyncd's configuration, for its database")->type_name("FILE");
}

void add_json(CLI::App* app, bool& json) { app->add_flag("--json", json, "JSON output"); }

void add_limit(CLI::App* app, std::int64_t& limit, bool& all) {
  auto* l = app->add_option("--limit", limit, "at most N rows (default 100; 0: all)")->type_name("N")->check(limit_check());
  app->add_flag("--all", all, "every row (as --limit 0)")->excludes(l);
}

// A listing command (invitations, tasks) with its options in the order --help shows them: --db/--config,
// --status, the command's own filters, --limit/--all, --json.
template <class Options, class AddFilters>
CLI::App* add_listing(CLI::App& app, const char* name, Options& options, bool& all, const std::string& status_help,
                      const std::vector<std::string>& statuses, AddFilters add_filters) {
  auto* cmd = app.add_subcommand(name, summary_of(name));
  add_source(cmd, options.source);
  add_choice(cmd, "--status", options.status, status_help + join(statuses, ", "), "S", statuses);
  add_filters(cmd);
  add_limit(cmd, options.limit, all);
  add_json(cmd, options.json);
  return cmd;
}

// The first word that is not a global option or its value: the command, or nothing.
std::optional<std::string> command_word(std::span<const std::string> args) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--db" || a == "--config") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return std::nullopt;
}

// CLI11's wording where it does not say what to do.
std::string plain_message(const CLI::ParseError& e, const std::optional<std::string>& word) {
  std::string message = e.what();
  for (const char* prefix : {"The following argument was not expected: ", "The following arguments were not expected: "}) {
    if (message.rfind(prefix, 0) == 0) return "unknown option or extra argument: " + message.substr(std::strlen(prefix));
  }
  if (message == "A subcommand is required") return word == "rules" ? "the command is 'rules test'" : "a command is required";
  return message;
}

int usage_error(const CommandIo& io, const std::string& message, const std::string& help_command) {
  io.err << "pcsyncctl: " << message << "\nRun 'pcsyncctl " << help_command << "' for usage.\n";
  return kExitUsage;
}

}  // namespace

std::span<const CommandUsage> command_usages() { return kCommands; }

int run_pcsyncctl(std::span<const std::string> args, const CommandIo& io) {
  if (args.empty()) {
    write_main_help(io.err);
    return kExitUsage;
  }
  const auto word = command_word(args);
  std::vector<std::string> argv(args.begin(), args.end());
  if (word == "help") {  // `help COMMAND` is `COMMAND --help`; `help` alone the list of commands
    const auto at = std::find(argv.begin(), argv.end(), "help");
    if (at + 1 == argv.end()) {
      write_main_help(io.out);
      return kExitOk;
    }
    argv = {*(at + 1), "--help"};
  }
  if (word && word != "help" && !find_command(*word))
    return usage_error(io, "unknown command '" + *word + "'", "help");
  const std::string help_command =
      word && word != "help" ? *word + (*word == "rules" ? " test" : "") + " --help" : std::string("help");

  CLI::App app{"the operator's tool for pcsyncd", "pcsyncctl"};
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_version_flag("--version", std::string(core::version_line("pcsyncctl")), "the version and git revision");
  app.require_subcommand(1);
  Globals globals;
  app.add_option("--db", globals.db, "the database")->type_name("FILE");
  app.add_option("--config", globals.config, "pcsyncd's configuration")->type_name("FILE");
  app.add_flag("--json", globals.json, "JSON output");

  StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", summary_of("status"));
  add_source(status_cmd, status.source);
  add_json(status_cmd, status.json);

  InvitationsOptions invitations;
  std::optional<std::string> decision;
  bool invitations_all = false;
  auto* invitations_cmd =
      add_listing(app, "invitations", invitations, invitations_all, "only invitations in this status: ",
                  kInvitationStatuses, [&](CLI::App* cmd) {
                    add_choice(cmd, "--decision", decision, "only those with this live decision, none, or waiting for a person (review)", "D",
                               names_of(kDecisionChoices));
                  });

  TasksOptions tasks;
  std::optional<std::string> kind;
  bool tasks_all = false;
  auto* tasks_cmd = add_listing(app, "tasks", tasks, tasks_all, "only tasks in this status: ", kTaskStatuses,
                                [&](CLI::App* cmd) {
                                  add_choice(cmd, "--kind", kind,
                                             "accept (StartEngagementByAcceptingInvitationTask) or opportunity", "K",
                                             names_of(kKindChoices));
                                });

  ShowOptions show;
  auto* show_cmd = app.add_subcommand("show", summary_of("show"));
  show_cmd->add_option("ID", show.id, "the invitation's Id (engi-...)")->required();
  add_source(show_cmd, show.source);
  add_json(show_cmd, show.json);

  NotificationsOptions notifications;
  bool notifications_all = false;
  auto* notifications_cmd = app.add_subcommand("notifications", summary_of("notifications"));
  add_source(notifications_cmd, notifications.source);
  add_limit(notifications_cmd, notifications.limit, notifications_all);
  add_json(notifications_cmd, notifications.json);

  DecideOptions accept, reject;
  reject.action = store::DecisionAction::reject;
  auto add_decide = [&](const char* name, DecideOptions& options) {
    auto* cmd = app.add_subcommand(name, summary_of(name));
    cmd->add_option("ID", options.id, "the invitation's Id (engi-...)")->required();
    cmd->add_option("--config", options.config, "pcsyncd's configuration (default /etc/pcsyncd/pcsyncd.yaml)")
        ->type_name("FILE");
    if (options.action == store::DecisionAction::accept)
      cmd->add_option("--tag", options.tags, "a Tag to send, KEY=VALUE (repeat for more)")->type_name("KEY=VALUE");
    cmd->add_option("--reason", options.reason,
                    options.action == store::DecisionAction::accept
                        ? "why, for the audit trail (not sent)"
                        : "why; sent as the RejectionReason (1 to 80 characters)")
        ->type_name("TEXT");
    cmd->add_flag("--now", options.now, "send it from pcsyncctl now (refused while pcsyncd runs on the database)");
    add_json(cmd, options.json);
    return cmd;
  };
  auto* accept_cmd = add_decide("accept", accept);
  auto* reject_cmd = add_decide("reject", reject);

  RulesTestOptions rules;
  bool rules_all = false;
  auto* rules_cmd = app.add_subcommand("rules", summary_of("rules"))->require_subcommand(1);
  auto* rules_test_cmd = rules_cmd->add_subcommand("test", summary_of("rules"));
  rules_test_cmd->add_option("--config", rules.config, "the configuration whose rules to try (and its database)")
      ->type_name("FILE");
  rules_test_cmd->add_option("--db", rules.db, "the database (default: the database of --config)")->type_name("FILE");
  add_choice(rules_test_cmd, "--status", rules.status, "the invitations to try, by status (default PENDING)", "S",
             kInvitationStatuses);
  add_limit(rules_test_cmd, rules.limit, rules_all);
  add_json(rules_test_cmd, rules.json);

  CallOptions call;
  const auto& known = pc::known_operations();
  std::vector<std::string> operations(known.begin(), known.end());
  auto* call_cmd = app.add_subcommand("call", summary_of("call"));
  call_cmd->add_option("OPERATION", call.operation, "one of " + join(operations, ", "))->transform(one_of(operations));
  call_cmd->add_option("JSON", call.body, "the request body, or - to read it from standard input (default {})");
  call_cmd->add_option("--config", call.config, "use pcsyncd's endpoint, region, profile, CA bundle and catalog")
      ->type_name("FILE");
  add_choice(call_cmd, "--catalog", call.catalog, "the request's Catalog, when the body has none", "C", kCatalogs);
  call_cmd->add_flag("--compact", call.compact, "print the response on one line");

  DoctorOptions doctor;
  auto* doctor_cmd = app.add_subcommand("doctor", summary_of("doctor"));
  doctor_cmd->add_option("--config", doctor.config, "pcsyncd's configuration (default: the unit's, else /etc/pcsyncd/pcsyncd.yaml)")
      ->type_name("FILE");
  doctor_cmd
      ->add_option("--unit", doctor.unit,
                   "check with the environment this systemd unit gives the service (default pcsyncd.service; a unit "
                   "file's path also works)")
      ->type_name("[NAME]")
      ->expected(0, 1)
      ->default_str("pcsyncd.service");
  doctor_cmd->add_flag("--webhooks", doctor.webhooks,
                       "post a test message (event \"test\") to each webhook of notify.webhooks; without it they "
                       "are listed, not tried");
  add_json(doctor_cmd, doctor.json);

  try {
    std::reverse(argv.begin(), argv.end());  // CLI11 takes a vector in reverse order
    app.parse(argv);
  } catch (const CLI::CallForHelp&) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    io.out << app.help();
    return kExitOk;
  } catch (const CLI::CallForVersion& e) {
    io.out << e.what() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return usage_error(io, plain_message(e, word), help_command);
  }

  // The global options join the command's own (which win when both are given), where the command takes them.
  const CLI::App* chosen = app.get_subcommands().front();
  if (chosen == rules_cmd) chosen = rules_test_cmd;
  for (const auto& [given, name] : {std::pair{globals.db.has_value(), "--db"}, std::pair{globals.config.has_value(), "--config"},
                                    std::pair{globals.json, "--json"}}) {
    if (given && !chosen->get_option_no_throw(name))
      return usage_error(io, std::string(name) + " does not apply to " + std::string(word.value_or("")), help_command);
  }
  // A database reader's options: where the database is, and --json, from the globals when not its own.
  auto with_globals = [&](auto& options) -> auto& {
    if (!options.source.db) options.source.db = globals.db;
    if (!options.source.config) options.source.config = globals.config;
    options.json |= globals.json;
    return options;
  };
  auto all = [](bool everything, std::int64_t& limit) {
    if (everything) limit = 0;
  };

  if (chosen == status_cmd) return run_status(with_globals(status), io);
  if (chosen == show_cmd) return run_show(with_globals(show), io);
  if (chosen == invitations_cmd) {
    all(invitations_all, invitations.limit);
    if (decision) invitations.decision = *value_of(kDecisionChoices, *decision);  // one_of() let only these through
    return run_invitations(with_globals(invitations), io);
  }
  if (chosen == tasks_cmd) {
    all(tasks_all, tasks.limit);
    if (kind) tasks.kind = value_of(kKindChoices, *kind);
    return run_tasks(with_globals(tasks), io);
  }
  if (chosen == notifications_cmd) {
    all(notifications_all, notifications.limit);
    return run_notifications(with_globals(notifications), io);
  }
  for (auto [cmd, options] : {std::pair{accept_cmd, &accept}, std::pair{reject_cmd, &reject}}) {
    if (chosen != cmd) continue;
    if (globals.config && !cmd->get_option("--config")->count()) options->config = *globals.config;
    options->json |= globals.json;
    return run_decide(*options, io);
  }
  if (chosen == rules_test_cmd) {
    if (!rules.db) rules.db = globals.db;
    if (rules.config.empty() && globals.config) rules.config = *globals.config;
    if (rules.config.empty()) return usage_error(io, "rules test needs --config FILE: the rules to try", help_command);
    rules.json |= globals.json;
    all(rules_all, rules.limit);
    return run_rules_test(rules, io);
  }
  if (chosen == call_cmd) {
    if (!call.config) call.config = globals.config;
    if (call.operation.empty()) {
      // The bash completion reads the "operations:" line.
      io.err << "pcsyncctl: call needs an OPERATION\noperations: " << join(operations, " ") << "\nRun 'pcsyncctl "
             << help_command << "' for usage.\n";
      return kExitUsage;
    }
    return run_call(call, io);
  }
  // doctor
  if (!doctor.config) doctor.config = globals.config;
  doctor.json |= globals.json;
  return run_doctor(doctor, io);
}

}  // namespace pcs::ctl
