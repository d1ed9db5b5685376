// Holds the schema against the official API model (read at run time, never copied): every summary member has
// a v_invitations column, and no table has a column for the personal data the policy excludes.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "store/store.hpp"
#include "temp_dir.hpp"

namespace pcs::store {
namespace {

std::optional<boost::json::object> model_shapes() {
  const std::filesystem::path path = PCSYNC_API_MODEL;
  if (path.empty() || !std::filesystem::exists(path)) return std::nullopt;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str()).as_object().at("shapes").as_object();
}

std::set<std::string> columns(SQLite::Database& db, const std::string& table) {
  SQLite::Statement q(db, "SELECT name FROM pragma_table_info('" + table + "')");
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

class StoreModel : public ::testing::Test {
 protected:
  void SetUp() override {
    shapes_ = model_shapes();
    if (!shapes_) GTEST_SKIP() << "API model not found at PCSYNC_API_MODEL=" << PCSYNC_API_MODEL;
    path_ = (dir_.path() / "model.db").string();
    ASSERT_OK(Store::open(path_));
  }
  std::vector<std::string> members(const std::string& shape) {
    std::vector<std::string> out;
    const auto& s = shapes_->at("com.amazonaws.partnercentralselling#" + shape).as_object();
    for (const auto& m : s.at("members").as_object()) out.emplace_back(m.key());
    return out;
  }
  std::optional<boost::json::object> shapes_;
  pcs::test::TempDir dir_;
  std::string path_;
};

TEST_F(StoreModel, EverySummaryMemberHasAViewColumn) {
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  const auto view = columns(db, "v_invitations");
  for (const auto& member : members("EngagementInvitationSummary")) {
    if (member == "Receiver") {  // a union: its AccountReceiver members are flattened
      for (const auto& sub : members("AccountReceiver"))
        EXPECT_TRUE(view.count("Receiver" + sub)) << "Receiver" << sub;
      continue;
    }
    EXPECT_TRUE(view.count(member)) << member << " has no v_invitations column";
  }
  for (const auto& member : members("EngagementCustomer"))
    EXPECT_TRUE(view.count("Customer" + member)) << "Customer" << member;
}

TEST_F(StoreModel, SenderContactsHaveNowhereToGo) {
  SQLite::Database db(path_, SQLite::OPEN_READONLY);
  std::set<std::string> all;
  SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')");
  while (tables.executeStep())
    for (const auto& c : columns(db, tables.getColumn(0).getString())) all.insert(c);
  auto contact = members("SenderContact");
  ASSERT_FALSE(contact.empty());
  for (const auto& column : all)
    for (const auto& member : contact) {
      std::string lower_member, lower_column;
      for (char ch : member) lower_member += char(std::tolower(static_cast<unsigned char>(ch)));
      for (char ch : column) lower_column += char(std::tolower(static_cast<unsigned char>(ch)));
      EXPECT_EQ(lower_column.find(lower_member), std::string::npos)
          << "column " << column << " looks like SenderContact." << member;
    }
}

}  // namespace
}  // namespace pcs::store
