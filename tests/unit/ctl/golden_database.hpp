#pragma once
// The database the pcsyncctl golden tests read, built with the real store API and a fixed clock: invitations
// of every status (one PENDING past its expiry, one whose title carries terminal escapes), decisions in every
// state (done, failed, abandoned, recorded in dry run, sent), tasks of both kinds and every status, sync runs
// (the last one failed) and an applied then a refused reload. Everything happens before kGoldenNow.

#include <string>

#include "core/clock.hpp"

namespace pcs::test {

// 2025-06-02T09:00:00Z: "now" for the golden outputs whose ages matter; the last successful sync ended
// 10 minutes before, the last (failed) one 5 minutes before.
WallTime golden_now();

// Builds the database at `path` (which must not exist). Fails the test (ASSERT) on any store error.
void build_golden_database(const std::string& path);
// An empty database: the schema only, as pcsyncd leaves it before its first cycle.
void build_empty_database(const std::string& path);

// pcsyncd.yaml for the golden tests: catalog AWS, poll_interval 2m, the README's two rules (no rule that
// reads the clock, so `rules test` answers the same whenever it runs), `database:` set to `database`.
std::string golden_config(const std::string& database);

}  // namespace pcs::test
