// Cross-checks the shape tables in lib/partnercentral/shape_tables.cpp against the official model
// (PCSYNC_API_MODEL): every member of every structure reachable from the five modelled operations, inputs and
// outputs, for its name and order, @required, kind, target, enum values, pattern, length/range and @sensitive.
// ListOpportunityFromEngagementTasks (newer than the model file) is checked against the API reference's facts.
// A mismatch names the member path and the trait.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "partnercentral/json_codec.hpp"
#include "partnercentral/shape_spec.hpp"
#include "partnercentral/validation.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;
constexpr std::string_view kNs = "com.amazonaws.partnercentralselling#";
constexpr std::string_view kNewerThanTheModel = "ListOpportunityFromEngagementTasks";

std::vector<std::string_view> values(std::span<const std::string_view> s) { return {s.begin(), s.end()}; }

const MemberSpec* member_of(const ShapeSpec& s, std::string_view name) { return find_member(s, name); }

class ModelCrossCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::path path = PCSYNC_API_MODEL;
    if (path.empty() || !std::filesystem::exists(path))
      GTEST_SKIP() << "API model not found at '" << PCSYNC_API_MODEL << "' (set -DPCSYNC_API_MODEL=...)";
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    model_ = json::parse(ss.str());
    shapes_ = &model_.at("shapes").as_object();
  }

  const json::object& shape(std::string_view id) {
    auto it = shapes_->find(id);
    if (it == shapes_->end()) throw std::runtime_error("no shape " + std::string(id));
    return it->value().as_object();
  }

  static std::string short_name(std::string_view id) {
    auto hash = id.rfind('#');
    return std::string(hash == std::string_view::npos ? id : id.substr(hash + 1));
  }

  // Effective traits of a member: the target's traits, overridden by the member's own.
  static json::object merged(const json::object* target_traits, const json::object* member_traits) {
    json::object out;
    if (target_traits)
      for (const auto& kv : *target_traits) out[kv.key()] = kv.value();
    if (member_traits)
      for (const auto& kv : *member_traits) out[kv.key()] = kv.value();
    return out;
  }

  static const json::object* traits_of(const json::object& o) {
    auto it = o.find("traits");
    return it == o.end() ? nullptr : &it->value().as_object();
  }

  const json::object* target_traits(const std::string& target_id) {
    return shapes_->contains(target_id) ? traits_of(shape(target_id)) : nullptr;
  }

  // `input`: reachable from an operation's input, where the validator checks patterns with a matcher.
  void compare(const std::string& path, std::string_view target_id, const json::object& traits, const ShapeSpec& spec,
               bool input) {
    SCOPED_TRACE(path);
    EXPECT_EQ(short_name(target_id), spec.name) << "target";
    const json::object* target = nullptr;
    std::string type;
    if (target_id == "smithy.api#String") {
      type = "string";
    } else if (target_id == "smithy.api#Integer") {
      type = "integer";
    } else {
      target = &shape(target_id);
      type = std::string(target->at("type").as_string());
    }

    std::set<std::string> model_enum;
    if (type == "enum") {
      for (const auto& m : target->at("members").as_object())
        model_enum.insert(std::string(m.value().at("traits").at("smithy.api#enumValue").as_string()));
    }
    std::set<std::string> our_enum(spec.enum_values.begin(), spec.enum_values.end());
    EXPECT_EQ(model_enum, our_enum) << "enum values";
    EXPECT_EQ(our_enum.size(), spec.enum_values.size()) << "an enum value listed twice";

    ShapeKind kind = type == "structure"   ? ShapeKind::structure
                     : type == "union"     ? ShapeKind::union_
                     : type == "list"      ? ShapeKind::list
                     : type == "integer"   ? ShapeKind::integer
                     : type == "timestamp" ? ShapeKind::timestamp
                                           : ShapeKind::string;
    EXPECT_EQ(static_cast<int>(kind), static_cast<int>(spec.kind)) << "kind " << type;

    auto pat = traits.find("smithy.api#pattern");
    EXPECT_EQ(pat == traits.end() ? std::string() : std::string(pat->value().as_string()), std::string(spec.pattern))
        << "pattern";
    if (input) {
      EXPECT_EQ(spec.pattern.empty(), spec.matches == nullptr) << "an input pattern needs a matcher";
    }

    std::optional<std::int64_t> min, max;
    for (auto name : {"smithy.api#length", "smithy.api#range"}) {
      auto it = traits.find(name);
      if (it == traits.end()) continue;
      const auto& t = it->value().as_object();
      if (auto m = t.find("min"); m != t.end()) min = m->value().to_number<std::int64_t>();
      if (auto m = t.find("max"); m != t.end()) max = m->value().to_number<std::int64_t>();
    }
    EXPECT_EQ(min, spec.min) << "min";
    EXPECT_EQ(max, spec.max) << "max";
    EXPECT_EQ(traits.contains("smithy.api#sensitive"), spec.sensitive) << "sensitive";

    if (kind == ShapeKind::list) {
      ASSERT_NE(spec.element, nullptr);
      const auto& member = target->at("member").as_object();
      auto element_id = std::string(member.at("target").as_string());
      compare(path + "[]", element_id, merged(target_traits(element_id), traits_of(member)), *spec.element, input);
    }
    if (kind == ShapeKind::structure || kind == ShapeKind::union_) compare_structure(path, *target, spec, input);
  }

  void compare_structure(const std::string& path, const json::object& model_shape, const ShapeSpec& spec, bool input) {
    checked_.insert(&spec);
    const auto& members = model_shape.at("members").as_object();
    EXPECT_EQ(members.size(), spec.members.size()) << path << ": member count";
    std::size_t index = 0;
    for (const auto& kv : members) {
      std::string child = path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key());
      const MemberSpec* ours = member_of(spec, kv.key());
      if (!ours) {
        ADD_FAILURE() << child << " is in the model but not in our table";
        continue;
      }
      // Members are written in table order, which is the model's (and the SDKs').
      EXPECT_EQ(ours - spec.members.data(), static_cast<std::ptrdiff_t>(index++)) << child << ": position";
      const auto& member = kv.value().as_object();
      const json::object* mt = traits_of(member);
      EXPECT_EQ(mt && mt->contains("smithy.api#required"), ours->required) << child << ": required";
      auto target_id = std::string(member.at("target").as_string());
      compare(child, target_id, merged(target_traits(target_id), mt), *ours->shape, input);
    }
  }

  void compare_operation(std::string_view op) {
    SCOPED_TRACE(std::string(op));
    const auto& operation = shape(std::string(kNs) + std::string(op));
    for (bool input : {true, false}) {
      auto id = std::string(operation.at(input ? "input" : "output").at("target").as_string());
      const ShapeSpec* ours = input ? input_shape(op) : output_shape(op);
      ASSERT_NE(ours, nullptr);
      if (id == "smithy.api#Unit") {  // no output: the service answers {}
        EXPECT_TRUE(ours->members.empty()) << ours->name;
        checked_.insert(ours);
        continue;
      }
      EXPECT_EQ(short_name(id), ours->name);
      compare_structure(input ? "(input)" : "(output)", shape(id), *ours, input);
    }
  }

  json::value model_;
  const json::object* shapes_ = nullptr;
  std::set<const ShapeSpec*> checked_;
};

TEST_F(ModelCrossCheck, EveryMemberOfTheModelledOperationsMatchesTheModel) {
  for (std::string_view op : known_operations())
    if (op != kNewerThanTheModel) compare_operation(op);

  // Every structure the tables describe was compared, except those only the newer operation uses.
  std::set<std::string> unchecked;
  for (const ShapeSpec* s : described_structures())
    if (!checked_.count(s)) unchecked.insert(std::string(s->name));
  EXPECT_EQ(unchecked, (std::set<std::string>{"ListOpportunityFromEngagementTasksRequest",
                                              "ListOpportunityFromEngagementTasksResponse",
                                              "ListOpportunityFromEngagementTaskSummary"}));
}

TEST_F(ModelCrossCheck, ListOpportunityFromEngagementTasksIsNewerThanTheModel) {
  EXPECT_FALSE(shapes_->contains(std::string(kNs) + std::string(kNewerThanTheModel)))
      << "the model now has ListOpportunityFromEngagementTasks: cross-check it like the others";
}

// Not in the model file: checked against the reference facts.
TEST(ShapeTables, ListOpportunityFromEngagementTasksMatchesTheReference) {
  const ShapeSpec* s = input_shape("ListOpportunityFromEngagementTasks");
  ASSERT_NE(s, nullptr);
  auto member = [&](std::string_view name) { return member_of(*s, name); };
  EXPECT_EQ(s->members.size(), 9u);
  ASSERT_NE(member("Catalog"), nullptr);
  EXPECT_TRUE(member("Catalog")->required);
  for (const auto& m : s->members) {
    if (m.name != "Catalog") {
      EXPECT_FALSE(m.required) << m.name;
    }
  }

  const auto* max_results = member("MaxResults");
  ASSERT_NE(max_results, nullptr);
  EXPECT_EQ(max_results->shape->kind, ShapeKind::integer);
  EXPECT_EQ(max_results->shape->min, 1);
  EXPECT_EQ(max_results->shape->max, 1000);
  ASSERT_NE(member("NextToken"), nullptr);

  const auto* sort = member("Sort");
  ASSERT_NE(sort, nullptr);
  ASSERT_EQ(sort->shape->members.size(), 2u);
  for (const auto& m : sort->shape->members) {
    EXPECT_TRUE(m.required) << m.name;
    if (m.name == "SortOrder") {
      EXPECT_EQ(values(m.shape->enum_values), (std::vector<std::string_view>{"ASCENDING", "DESCENDING"}));
    } else {
      EXPECT_EQ(values(m.shape->enum_values), (std::vector<std::string_view>{"StartTime"}));
    }
  }

  const auto* status = member("TaskStatus");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->shape->min, 1);
  EXPECT_EQ(status->shape->max, 3);
  EXPECT_EQ(values(status->shape->element->enum_values),
            (std::vector<std::string_view>{"IN_PROGRESS", "COMPLETE", "FAILED"}));

  for (auto name : {"TaskIdentifier", "OpportunityIdentifier", "EngagementIdentifier", "ContextIdentifier"}) {
    const auto* m = member(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->shape->kind, ShapeKind::list) << name;
    EXPECT_EQ(m->shape->min, 1) << name;
    EXPECT_EQ(m->shape->max, 10) << name;
    EXPECT_EQ(m->shape->element->kind, ShapeKind::string) << name;
  }
}

TEST(ShapeTables, ListOpportunityFromEngagementTasksOutputMatchesTheReference) {
  const ShapeSpec* out = output_shape("ListOpportunityFromEngagementTasks");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(out->members.size(), 2u);
  const MemberSpec* list = member_of(*out, "TaskSummaries");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->shape->kind, ShapeKind::list);
  const ShapeSpec& summary = *list->shape->element;
  EXPECT_EQ(summary.name, "ListOpportunityFromEngagementTaskSummary");
  std::vector<std::string_view> names;
  for (const auto& m : summary.members) {
    names.push_back(m.name);
    EXPECT_FALSE(m.required) << m.name;
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{"TaskId", "TaskArn", "StartTime", "TaskStatus", "Message",
                                                  "ReasonCode", "OpportunityId", "ResourceSnapshotJobId",
                                                  "EngagementId", "ContextId"}));
  EXPECT_EQ(member_of(summary, "StartTime")->shape->kind, ShapeKind::timestamp);
  ASSERT_NE(member_of(*out, "NextToken"), nullptr);
}

TEST(ShapeTables, SensitiveMembersAreFlagged) {
  // shape.member pairs. A list of sensitive values is sensitive; a structure holding some is not, its members are.
  for (auto [shape, member] : {std::pair{"EngagementCustomer", "WebsiteUrl"}, {"EngagementCustomer", "CountryCode"},
                               {"ProjectDetails", "BusinessProblem"}, {"SenderContact", "Email"},
                               {"EngagementInvitationSummary", "SenderAwsAccountId"},
                               {"GetEngagementInvitationResponse", "SenderAwsAccountId"},
                               {"ListEngagementInvitationsRequest", "SenderAwsAccountId"}})
    EXPECT_TRUE(is_sensitive(shape, member)) << shape << "." << member;
  for (auto [shape, member] : {std::pair{"EngagementCustomer", "Industry"},
                               {"GetEngagementInvitationResponse", "EngagementTitle"},
                               {"OpportunityInvitationPayload", "Customer"}, {"EngagementCustomer", "NoSuchMember"},
                               {"NoSuchShape", "WebsiteUrl"}})
    EXPECT_FALSE(is_sensitive(shape, member)) << shape << "." << member;
}

TEST(ShapeTables, EveryCodecTypeHasItsShape) {
  EXPECT_EQ(shape_of<ListEngagementInvitationsRequest>().name, "ListEngagementInvitationsRequest");
  EXPECT_EQ(shape_of<GetEngagementInvitationResponse>().name, "GetEngagementInvitationResponse");
  EXPECT_EQ(shape_of<EngagementByAcceptingInvitationTaskSummary>().name,
            "ListEngagementByAcceptingInvitationTaskSummary");
  EXPECT_EQ(shape_of<Receiver>().kind, ShapeKind::union_);
  for (std::string_view op : known_operations()) {
    ASSERT_NE(input_shape(op), nullptr) << op;
    ASSERT_NE(output_shape(op), nullptr) << op;
    EXPECT_EQ(find_shape(input_shape(op)->name), input_shape(op)) << op;
    EXPECT_EQ(find_shape(output_shape(op)->name), output_shape(op)) << op;
  }
  EXPECT_EQ(output_shape("CreateOpportunity"), nullptr);
  EXPECT_EQ(find_shape("String"), nullptr);  // leaves are not structures
}

}  // namespace
}  // namespace pcs::pc
