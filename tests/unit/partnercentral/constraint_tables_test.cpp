// Cross-checks the constraint tables in lib/partnercentral/constraint_tables.cpp against the official model
// (PCSYNC_API_MODEL) for the five operations it has, and ListOpportunityFromEngagementTasks against the facts
// of the current API reference. A mismatch names the member path and the trait.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "partnercentral/validation.hpp"

namespace pcs::pc {
namespace {

namespace json = boost::json;
constexpr std::string_view kNs = "com.amazonaws.partnercentralselling#";

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

  void compare(const std::string& path, std::string_view target_id, const json::object& traits, const ShapeSpec& spec) {
    SCOPED_TRACE(path);
    EXPECT_EQ(short_name(target_id), spec.name);
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

    // enum values
    std::set<std::string> model_enum;
    if (type == "enum") {
      for (const auto& m : target->at("members").as_object())
        model_enum.insert(std::string(m.value().at("traits").at("smithy.api#enumValue").as_string()));
    }
    std::set<std::string> our_enum(spec.enum_values.begin(), spec.enum_values.end());
    EXPECT_EQ(model_enum, our_enum) << "enum values";

    ShapeKind kind = type == "structure" ? ShapeKind::structure
                     : type == "list"    ? ShapeKind::list
                     : type == "integer" ? ShapeKind::integer
                                         : ShapeKind::string;
    EXPECT_EQ(static_cast<int>(kind), static_cast<int>(spec.kind)) << "kind " << type;

    // pattern
    auto pat = traits.find("smithy.api#pattern");
    EXPECT_EQ(pat == traits.end() ? std::string() : std::string(pat->value().as_string()), std::string(spec.pattern))
        << "pattern";
    EXPECT_EQ(spec.pattern.empty(), spec.matches == nullptr) << "a pattern needs a matcher";

    // length / range
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

    if (kind == ShapeKind::list) {
      ASSERT_NE(spec.element, nullptr);
      const auto& member = target->at("member").as_object();
      auto element_id = std::string(member.at("target").as_string());
      const json::object* element_traits = nullptr;
      if (shapes_->contains(element_id)) element_traits = traits_of(shape(element_id));
      compare(path + "[]", element_id, merged(element_traits, traits_of(member)), *spec.element);
    }
    if (kind == ShapeKind::structure) compare_structure(path, *target, spec);
  }

  void compare_structure(const std::string& path, const json::object& model_shape, const ShapeSpec& spec) {
    const auto& members = model_shape.at("members").as_object();
    EXPECT_EQ(members.size(), spec.members.size()) << path << ": member count";
    for (const auto& kv : members) {
      std::string child = path.empty() ? std::string(kv.key()) : path + "." + std::string(kv.key());
      auto ours = std::find_if(spec.members.begin(), spec.members.end(),
                               [&](const MemberSpec& m) { return m.name == kv.key(); });
      if (ours == spec.members.end()) {
        ADD_FAILURE() << child << " is in the model but not in our table";
        continue;
      }
      const auto& member = kv.value().as_object();
      const json::object* mt = traits_of(member);
      bool required = mt && mt->contains("smithy.api#required");
      EXPECT_EQ(required, ours->required) << child << ": required";
      auto target_id = std::string(member.at("target").as_string());
      const json::object* target_traits = shapes_->contains(target_id) ? traits_of(shape(target_id)) : nullptr;
      compare(child, target_id, merged(target_traits, mt), *ours->shape);
    }
  }

  json::value model_;
  const json::object* shapes_ = nullptr;
};

TEST_F(ModelCrossCheck, FiveModelledInputsMatchOurTables) {
  for (std::string_view op : {"ListEngagementInvitations", "GetEngagementInvitation",
                              "StartEngagementByAcceptingInvitationTask", "RejectEngagementInvitation",
                              "ListEngagementByAcceptingInvitationTasks"}) {
    SCOPED_TRACE(std::string(op));
    const auto& operation = shape(std::string(kNs) + std::string(op));
    auto input_id = std::string(operation.at("input").at("target").as_string());
    const ShapeSpec* ours = input_shape(op);
    ASSERT_NE(ours, nullptr);
    EXPECT_EQ(short_name(input_id), ours->name);
    compare_structure("", shape(input_id), *ours);
  }
}

TEST_F(ModelCrossCheck, ListOpportunityFromEngagementTasksIsNewerThanTheModel) {
  EXPECT_FALSE(shapes_->contains(std::string(kNs) + "ListOpportunityFromEngagementTasks"))
      << "the model now has ListOpportunityFromEngagementTasks: add it to FiveModelledInputsMatchOurTables";
}

// Not in the model file: checked against the reference facts.
TEST(ConstraintTables, ListOpportunityFromEngagementTasksMatchesTheReference) {
  const ShapeSpec* s = input_shape("ListOpportunityFromEngagementTasks");
  ASSERT_NE(s, nullptr);
  auto member = [&](std::string_view name) -> const MemberSpec* {
    for (const auto& m : s->members)
      if (m.name == name) return &m;
    return nullptr;
  };
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
      EXPECT_EQ(m.shape->enum_values, (std::vector<std::string_view>{"ASCENDING", "DESCENDING"}));
    } else {
      EXPECT_EQ(m.shape->enum_values, (std::vector<std::string_view>{"StartTime"}));
    }
  }

  const auto* status = member("TaskStatus");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->shape->min, 1);
  EXPECT_EQ(status->shape->max, 3);
  EXPECT_EQ(status->shape->element->enum_values,
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

}  // namespace
}  // namespace pcs::pc
