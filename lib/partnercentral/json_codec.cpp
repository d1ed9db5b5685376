#include "partnercentral/json_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <exception>
#include <limits>

#include "core/time_format.hpp"

namespace pcs::pc {
namespace json = boost::json;

namespace {

// ---- decoding ---------------------------------------------------------------------------------------------

// Walks one JSON object and records the first problem with its field path; later reads become no-ops so a
// decoder is written as a straight list of members without an `if` after each one.
class Reader {
 public:
  Reader(const json::object& o, std::string path, std::optional<Error>& error)
      : object_(o), path_(std::move(path)), error_(error) {}

  bool failed() const { return error_.has_value(); }

  void req_string(std::string_view name, std::string& out) {
    if (auto* v = find(name, true)) read_string(*v, field(name), out);
  }
  void opt_string(std::string_view name, std::optional<std::string>& out) {
    if (auto* v = find(name, false)) {
      std::string s;
      if (read_string(*v, field(name), s)) out = std::move(s);
    }
  }
  void opt_int(std::string_view name, std::optional<int>& out) {
    auto* v = find(name, false);
    if (!v) return;
    if (v->is_int64() && v->get_int64() >= std::numeric_limits<int>::min() &&
        v->get_int64() <= std::numeric_limits<int>::max()) {
      out = static_cast<int>(v->get_int64());
    } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      out = static_cast<int>(v->get_uint64());
    } else {
      fail(field(name), "is not an integer in range");
    }
  }
  // The model says date-time (an ISO 8601 string); awsJson's default is epoch seconds, so accept both.
  void timestamp(std::string_view name, Timestamp& out) {
    auto* v = find(name, false);
    if (!v) return;
    if (v->is_string()) {
      out.raw = std::string(v->get_string());
      out.time = parse_iso8601(out.raw);
      if (!out.time) fail(field(name), "is not an ISO 8601 date-time (\"" + out.raw.substr(0, 40) + "\")");
    } else if (v->is_number()) {
      double secs = v->to_number<double>();
      if (!std::isfinite(secs)) return fail(field(name), "is not a finite number");
      out.raw = json::serialize(*v);
      out.time = WallTime{std::chrono::duration_cast<WallTime::duration>(std::chrono::duration<double>(secs))};
    } else {
      fail(field(name), "is not a timestamp");
    }
  }
  void string_list(std::string_view name, std::vector<std::string>& out, bool required = false) {
    list(name, out, required, [&](const json::value& v, const std::string& path, std::string& s) {
      read_string(v, path, s);
    });
  }
  template <class T, class F>
  void object_list(std::string_view name, std::vector<T>& out, F each, bool required = false) {
    list(name, out, required, [&](const json::value& v, const std::string& path, T& item) {
      if (!v.is_object()) return fail(path, "is not an object");
      Reader sub(v.get_object(), path, error_);
      each(sub, item);
    });
  }
  template <class T, class F>
  void opt_object(std::string_view name, std::optional<T>& out, F each) {
    auto* v = find(name, false);
    if (!v) return;
    if (!v->is_object()) return fail(field(name), "is not an object");
    Reader sub(v->get_object(), field(name), error_);
    T value{};
    each(sub, value);
    if (!failed()) out = std::move(value);
  }
  template <class T, class F>
  void req_object(std::string_view name, T& out, F each) {
    auto* v = find(name, true);
    if (!v) return;
    if (!v->is_object()) return fail(field(name), "is not an object");
    Reader sub(v->get_object(), field(name), error_);
    each(sub, out);
  }

  void fail(const std::string& path, const std::string& what) {
    if (error_) return;
    error_ = make_error(ErrorKind::protocol, "InvalidResponse",
                        "member " + path + " " + what +
                            "; the service sent something pcsyncd cannot read (upgrade pcsyncd, or report the "
                            "request id to AWS support if it persists)");
  }

 private:
  std::string field(std::string_view name) const {
    return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
  }
  // JSON null is treated as absent: some AWS services send "NextToken": null.
  const json::value* find(std::string_view name, bool required) {
    if (failed()) return nullptr;
    auto it = object_.find(name);
    if (it == object_.end() || it->value().is_null()) {
      if (required) fail(field(name), "is missing (required by the model)");
      return nullptr;
    }
    return &it->value();
  }
  bool read_string(const json::value& v, const std::string& path, std::string& out) {
    if (!v.is_string()) {
      fail(path, "is not a string");
      return false;
    }
    out = std::string(v.get_string());
    return true;
  }
  template <class T, class F>
  void list(std::string_view name, std::vector<T>& out, bool required, F each) {
    auto* v = find(name, required);
    if (!v) return;
    if (!v->is_array()) return fail(field(name), "is not a list");
    const auto& a = v->get_array();
    out.clear();
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size() && !failed(); ++i) {
      T item{};
      each(a[i], field(name) + "[" + std::to_string(i) + "]", item);
      out.push_back(std::move(item));
    }
  }

  const json::object& object_;
  std::string path_;
  std::optional<Error>& error_;
};

// Runs a decoder over a top-level value and turns the first recorded problem into the result.
template <class T, class F>
Result<T> decode_top(const json::value& v, F fn) {
  if (!v.is_object())
    return make_error(ErrorKind::protocol, "InvalidResponse", "the body is not a JSON object");
  std::optional<Error> error;
  T out{};
  try {
    Reader r(v.get_object(), "", error);
    fn(r, out);
  } catch (const std::exception& e) {
    // Boost.JSON reports allocation failures and the like by throwing; keep them inside the codec.
    return make_error(ErrorKind::protocol, "InvalidResponse", std::string("cannot decode the body: ") + e.what());
  }
  if (error) return *error;
  return out;
}

void read_sort(Reader& r, Sort& s) {
  r.req_string("SortOrder", s.sort_order);
  r.req_string("SortBy", s.sort_by);
}

void read_tag(Reader& r, Tag& t) {
  r.req_string("Key", t.key);
  r.req_string("Value", t.value);
}

void read_receiver(Reader& r, Receiver& rec) {
  r.opt_object("Account", rec.account, [](Reader& a, AccountReceiver& acc) {
    a.opt_string("Alias", acc.alias);
    a.req_string("AwsAccountId", acc.aws_account_id);
  });
}

void read_payload(Reader& r, Payload& p) {
  r.opt_object("OpportunityInvitation", p.opportunity_invitation, [](Reader& o, OpportunityInvitationPayload& oi) {
    o.object_list("SenderContacts", oi.sender_contacts, [](Reader& c, SenderContact& sc) {
      c.req_string("Email", sc.email);
      c.opt_string("FirstName", sc.first_name);
      c.opt_string("LastName", sc.last_name);
      c.opt_string("BusinessTitle", sc.business_title);
      c.opt_string("Phone", sc.phone);
    });
    o.string_list("ReceiverResponsibilities", oi.receiver_responsibilities, true);
    o.req_object("Customer", oi.customer, [](Reader& c, EngagementCustomer& cu) {
      c.req_string("Industry", cu.industry);
      c.req_string("CompanyName", cu.company_name);
      c.req_string("WebsiteUrl", cu.website_url);
      c.req_string("CountryCode", cu.country_code);
    });
    o.req_object("Project", oi.project, [](Reader& pr, ProjectDetails& pd) {
      pr.req_string("BusinessProblem", pd.business_problem);
      pr.req_string("Title", pd.title);
      pr.req_string("TargetCompletionDate", pd.target_completion_date);
      pr.object_list(
          "ExpectedCustomerSpend", pd.expected_customer_spend,
          [](Reader& e, ExpectedCustomerSpend& s) {
            e.req_string("Amount", s.amount);
            e.req_string("CurrencyCode", s.currency_code);
            e.req_string("Frequency", s.frequency);
            e.req_string("TargetCompany", s.target_company);
            e.opt_string("EstimationUrl", s.estimation_url);
          },
          true);
    });
  });
}

// The members an invitation summary shares with GetEngagementInvitation's response.
template <class T>
void read_invitation_common(Reader& r, T& s) {
  r.opt_string("Arn", s.arn);
  r.opt_string("PayloadType", s.payload_type);
  r.req_string("Id", s.id);
  r.opt_string("EngagementId", s.engagement_id);
  r.opt_string("EngagementTitle", s.engagement_title);
  r.opt_string("Status", s.status);
  r.timestamp("InvitationDate", s.invitation_date);
  r.timestamp("ExpirationDate", s.expiration_date);
  r.opt_string("SenderAwsAccountId", s.sender_aws_account_id);
  r.opt_string("SenderCompanyName", s.sender_company_name);
  r.opt_object("Receiver", s.receiver, read_receiver);
  r.req_string("Catalog", s.catalog);
}

// The members every task summary (and StartEngagementByAcceptingInvitationTask's response) share.
template <class T>
void read_task_common(Reader& r, T& s) {
  r.opt_string("TaskId", s.task_id);
  r.opt_string("TaskArn", s.task_arn);
  r.timestamp("StartTime", s.start_time);
  r.opt_string("TaskStatus", s.task_status);
  r.opt_string("Message", s.message);
  r.opt_string("ReasonCode", s.reason_code);
  r.opt_string("OpportunityId", s.opportunity_id);
  r.opt_string("ResourceSnapshotJobId", s.resource_snapshot_job_id);
}

// ---- encoding ---------------------------------------------------------------------------------------------

void put(json::object& o, std::string_view name, const std::string& v) { o[name] = v; }
void put(json::object& o, std::string_view name, const std::optional<std::string>& v) {
  if (v) o[name] = *v;
}
void put(json::object& o, std::string_view name, const std::optional<int>& v) {
  if (v) o[name] = *v;
}
void put(json::object& o, std::string_view name, const Timestamp& t) {
  if (t.present()) {
    o[name] = t.raw;
  } else if (t.time) {
    o[name] = format_iso8601(*t.time, true);
  }
}
void put(json::object& o, std::string_view name, const std::vector<std::string>& v) {
  if (v.empty()) return;
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  o[name] = std::move(a);
}
template <class T, class F>
void put_list(json::object& o, std::string_view name, const std::vector<T>& v, F each) {
  if (v.empty()) return;
  json::array a;
  for (const auto& item : v) a.emplace_back(each(item));
  o[name] = std::move(a);
}

json::object sort_json(const Sort& s) { return {{"SortOrder", s.sort_order}, {"SortBy", s.sort_by}}; }
void put(json::object& o, std::string_view name, const std::optional<Sort>& s) {
  if (s) o[name] = sort_json(*s);
}

json::object receiver_json(const Receiver& r) {
  json::object o;
  if (r.account) {
    json::object a;
    put(a, "Alias", r.account->alias);
    put(a, "AwsAccountId", r.account->aws_account_id);
    o["Account"] = std::move(a);
  }
  return o;
}

json::object payload_json(const Payload& p) {
  json::object o;
  if (!p.opportunity_invitation) return o;
  const auto& oi = *p.opportunity_invitation;
  json::object inv;
  put_list(inv, "SenderContacts", oi.sender_contacts, [](const SenderContact& c) {
    json::object x;
    put(x, "Email", c.email);
    put(x, "FirstName", c.first_name);
    put(x, "LastName", c.last_name);
    put(x, "BusinessTitle", c.business_title);
    put(x, "Phone", c.phone);
    return x;
  });
  // Required: written even when empty so the decoder on the other side sees it.
  json::array resp;
  for (const auto& s : oi.receiver_responsibilities) resp.emplace_back(s);
  inv["ReceiverResponsibilities"] = std::move(resp);
  inv["Customer"] = json::object{{"Industry", oi.customer.industry},
                                 {"CompanyName", oi.customer.company_name},
                                 {"WebsiteUrl", oi.customer.website_url},
                                 {"CountryCode", oi.customer.country_code}};
  json::object project{{"BusinessProblem", oi.project.business_problem},
                       {"Title", oi.project.title},
                       {"TargetCompletionDate", oi.project.target_completion_date}};
  json::array spend;
  for (const auto& s : oi.project.expected_customer_spend) {
    json::object x{{"Amount", s.amount},
                   {"CurrencyCode", s.currency_code},
                   {"Frequency", s.frequency},
                   {"TargetCompany", s.target_company}};
    put(x, "EstimationUrl", s.estimation_url);
    spend.emplace_back(std::move(x));
  }
  project["ExpectedCustomerSpend"] = std::move(spend);
  inv["Project"] = std::move(project);
  o["OpportunityInvitation"] = std::move(inv);
  return o;
}

template <class T>
void put_invitation_common(json::object& o, const T& s) {
  put(o, "Arn", s.arn);
  put(o, "PayloadType", s.payload_type);
  put(o, "Id", s.id);
  put(o, "EngagementId", s.engagement_id);
  put(o, "EngagementTitle", s.engagement_title);
  put(o, "Status", s.status);
  put(o, "InvitationDate", s.invitation_date);
  put(o, "ExpirationDate", s.expiration_date);
  put(o, "SenderAwsAccountId", s.sender_aws_account_id);
  put(o, "SenderCompanyName", s.sender_company_name);
  if (s.receiver) o["Receiver"] = receiver_json(*s.receiver);
  put(o, "Catalog", s.catalog);
}

template <class T>
json::object task_common_json(const T& s) {
  json::object o;
  put(o, "TaskId", s.task_id);
  put(o, "TaskArn", s.task_arn);
  put(o, "StartTime", s.start_time);
  put(o, "TaskStatus", s.task_status);
  put(o, "Message", s.message);
  put(o, "ReasonCode", s.reason_code);
  put(o, "OpportunityId", s.opportunity_id);
  put(o, "ResourceSnapshotJobId", s.resource_snapshot_job_id);
  return o;
}

}  // namespace

Result<json::value> parse_json_body(std::string_view body) {
  boost::system::error_code ec;
  json::value v;
  try {
    v = json::parse(body, ec);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::protocol, "InvalidResponse", std::string("cannot parse the JSON body: ") + e.what());
  }
  if (ec) {
    return make_error(ErrorKind::protocol, "InvalidResponse",
                      "the body is not valid JSON (" + ec.message() + ", " + std::to_string(body.size()) +
                          " bytes); a proxy or a truncated response is the usual cause");
  }
  if (!v.is_object()) return make_error(ErrorKind::protocol, "InvalidResponse", "the body is not a JSON object");
  return v;
}

// ---- requests ---------------------------------------------------------------------------------------------

json::object to_json(const ListEngagementInvitationsRequest& r) {
  json::object o;
  put(o, "Catalog", r.catalog);
  put(o, "MaxResults", r.max_results);
  put(o, "NextToken", r.next_token);
  put(o, "Sort", r.sort);
  put(o, "PayloadType", r.payload_type);
  put(o, "ParticipantType", r.participant_type);
  put(o, "Status", r.status);
  put(o, "EngagementIdentifier", r.engagement_identifier);
  put(o, "SenderAwsAccountId", r.sender_aws_account_id);
  return o;
}

json::object to_json(const GetEngagementInvitationRequest& r) {
  return {{"Catalog", r.catalog}, {"Identifier", r.identifier}};
}

json::object to_json(const StartEngagementByAcceptingInvitationTaskRequest& r) {
  json::object o{{"Catalog", r.catalog}, {"ClientToken", r.client_token}, {"Identifier", r.identifier}};
  put_list(o, "Tags", r.tags, [](const Tag& t) { return json::object{{"Key", t.key}, {"Value", t.value}}; });
  return o;
}

json::object to_json(const RejectEngagementInvitationRequest& r) {
  json::object o{{"Catalog", r.catalog}, {"Identifier", r.identifier}};
  put(o, "RejectionReason", r.rejection_reason);
  return o;
}

json::object to_json(const ListEngagementByAcceptingInvitationTasksRequest& r) {
  json::object o;
  put(o, "MaxResults", r.max_results);
  put(o, "NextToken", r.next_token);
  put(o, "Sort", r.sort);
  put(o, "Catalog", r.catalog);
  put(o, "TaskStatus", r.task_status);
  put(o, "OpportunityIdentifier", r.opportunity_identifier);
  put(o, "EngagementInvitationIdentifier", r.engagement_invitation_identifier);
  put(o, "TaskIdentifier", r.task_identifier);
  return o;
}

json::object to_json(const ListOpportunityFromEngagementTasksRequest& r) {
  json::object o;
  put(o, "MaxResults", r.max_results);
  put(o, "NextToken", r.next_token);
  put(o, "Sort", r.sort);
  put(o, "Catalog", r.catalog);
  put(o, "TaskStatus", r.task_status);
  put(o, "TaskIdentifier", r.task_identifier);
  put(o, "OpportunityIdentifier", r.opportunity_identifier);
  put(o, "EngagementIdentifier", r.engagement_identifier);
  put(o, "ContextIdentifier", r.context_identifier);
  return o;
}

template <>
Result<ListEngagementInvitationsRequest> from_json(const json::value& v) {
  return decode_top<ListEngagementInvitationsRequest>(v, [](Reader& r, ListEngagementInvitationsRequest& q) {
    r.req_string("Catalog", q.catalog);
    r.opt_int("MaxResults", q.max_results);
    r.opt_string("NextToken", q.next_token);
    r.opt_object("Sort", q.sort, read_sort);
    r.string_list("PayloadType", q.payload_type);
    r.req_string("ParticipantType", q.participant_type);
    r.string_list("Status", q.status);
    r.string_list("EngagementIdentifier", q.engagement_identifier);
    r.string_list("SenderAwsAccountId", q.sender_aws_account_id);
  });
}

template <>
Result<GetEngagementInvitationRequest> from_json(const json::value& v) {
  return decode_top<GetEngagementInvitationRequest>(v, [](Reader& r, GetEngagementInvitationRequest& q) {
    r.req_string("Catalog", q.catalog);
    r.req_string("Identifier", q.identifier);
  });
}

template <>
Result<StartEngagementByAcceptingInvitationTaskRequest> from_json(const json::value& v) {
  return decode_top<StartEngagementByAcceptingInvitationTaskRequest>(
      v, [](Reader& r, StartEngagementByAcceptingInvitationTaskRequest& q) {
        r.req_string("Catalog", q.catalog);
        r.req_string("ClientToken", q.client_token);
        r.req_string("Identifier", q.identifier);
        r.object_list("Tags", q.tags, read_tag);
      });
}

template <>
Result<RejectEngagementInvitationRequest> from_json(const json::value& v) {
  return decode_top<RejectEngagementInvitationRequest>(v, [](Reader& r, RejectEngagementInvitationRequest& q) {
    r.req_string("Catalog", q.catalog);
    r.req_string("Identifier", q.identifier);
    r.opt_string("RejectionReason", q.rejection_reason);
  });
}

template <>
Result<ListEngagementByAcceptingInvitationTasksRequest> from_json(const json::value& v) {
  return decode_top<ListEngagementByAcceptingInvitationTasksRequest>(
      v, [](Reader& r, ListEngagementByAcceptingInvitationTasksRequest& q) {
        r.opt_int("MaxResults", q.max_results);
        r.opt_string("NextToken", q.next_token);
        r.opt_object("Sort", q.sort, read_sort);
        r.req_string("Catalog", q.catalog);
        r.string_list("TaskStatus", q.task_status);
        r.string_list("OpportunityIdentifier", q.opportunity_identifier);
        r.string_list("EngagementInvitationIdentifier", q.engagement_invitation_identifier);
        r.string_list("TaskIdentifier", q.task_identifier);
      });
}

template <>
Result<ListOpportunityFromEngagementTasksRequest> from_json(const json::value& v) {
  return decode_top<ListOpportunityFromEngagementTasksRequest>(
      v, [](Reader& r, ListOpportunityFromEngagementTasksRequest& q) {
        r.opt_int("MaxResults", q.max_results);
        r.opt_string("NextToken", q.next_token);
        r.opt_object("Sort", q.sort, read_sort);
        r.req_string("Catalog", q.catalog);
        r.string_list("TaskStatus", q.task_status);
        r.string_list("TaskIdentifier", q.task_identifier);
        r.string_list("OpportunityIdentifier", q.opportunity_identifier);
        r.string_list("EngagementIdentifier", q.engagement_identifier);
        r.string_list("ContextIdentifier", q.context_identifier);
      });
}

// ---- responses --------------------------------------------------------------------------------------------

json::object to_json(const ListEngagementInvitationsResponse& r) {
  json::object o;
  json::array a;
  for (const auto& s : r.engagement_invitation_summaries) {
    json::object x;
    put_invitation_common(x, s);
    put(x, "ParticipantType", s.participant_type);
    a.emplace_back(std::move(x));
  }
  o["EngagementInvitationSummaries"] = std::move(a);
  put(o, "NextToken", r.next_token);
  return o;
}

json::object to_json(const GetEngagementInvitationResponse& r) {
  json::object o;
  put_invitation_common(o, r);
  put(o, "RejectionReason", r.rejection_reason);
  if (r.payload) o["Payload"] = payload_json(*r.payload);
  put(o, "InvitationMessage", r.invitation_message);
  put(o, "EngagementDescription", r.engagement_description);
  put_list(o, "ExistingMembers", r.existing_members, [](const EngagementMemberSummary& m) {
    json::object x;
    put(x, "CompanyName", m.company_name);
    put(x, "WebsiteUrl", m.website_url);
    return x;
  });
  return o;
}

json::object to_json(const StartEngagementByAcceptingInvitationTaskResponse& r) {
  auto o = task_common_json(r);
  put(o, "EngagementInvitationId", r.engagement_invitation_id);
  return o;
}

json::object to_json(const RejectEngagementInvitationResponse&) { return {}; }

json::object to_json(const ListEngagementByAcceptingInvitationTasksResponse& r) {
  json::object o;
  json::array a;
  for (const auto& s : r.task_summaries) {
    auto x = task_common_json(s);
    put(x, "EngagementInvitationId", s.engagement_invitation_id);
    a.emplace_back(std::move(x));
  }
  o["TaskSummaries"] = std::move(a);
  put(o, "NextToken", r.next_token);
  return o;
}

json::object to_json(const ListOpportunityFromEngagementTasksResponse& r) {
  json::object o;
  json::array a;
  for (const auto& s : r.task_summaries) {
    auto x = task_common_json(s);
    put(x, "EngagementId", s.engagement_id);
    put(x, "ContextId", s.context_id);
    a.emplace_back(std::move(x));
  }
  o["TaskSummaries"] = std::move(a);
  put(o, "NextToken", r.next_token);
  return o;
}

template <>
Result<ListEngagementInvitationsResponse> from_json(const json::value& v) {
  return decode_top<ListEngagementInvitationsResponse>(v, [](Reader& r, ListEngagementInvitationsResponse& out) {
    r.object_list("EngagementInvitationSummaries", out.engagement_invitation_summaries,
                  [](Reader& s, EngagementInvitationSummary& x) {
                    read_invitation_common(s, x);
                    s.opt_string("ParticipantType", x.participant_type);
                  });
    r.opt_string("NextToken", out.next_token);
  });
}

template <>
Result<GetEngagementInvitationResponse> from_json(const json::value& v) {
  return decode_top<GetEngagementInvitationResponse>(v, [](Reader& r, GetEngagementInvitationResponse& out) {
    read_invitation_common(r, out);
    r.opt_string("RejectionReason", out.rejection_reason);
    r.opt_object("Payload", out.payload, read_payload);
    r.opt_string("InvitationMessage", out.invitation_message);
    r.opt_string("EngagementDescription", out.engagement_description);
    r.object_list("ExistingMembers", out.existing_members, [](Reader& m, EngagementMemberSummary& x) {
      m.opt_string("CompanyName", x.company_name);
      m.opt_string("WebsiteUrl", x.website_url);
    });
  });
}

template <>
Result<StartEngagementByAcceptingInvitationTaskResponse> from_json(const json::value& v) {
  return decode_top<StartEngagementByAcceptingInvitationTaskResponse>(
      v, [](Reader& r, StartEngagementByAcceptingInvitationTaskResponse& out) {
        read_task_common(r, out);
        r.opt_string("EngagementInvitationId", out.engagement_invitation_id);
      });
}

template <>
Result<RejectEngagementInvitationResponse> from_json(const json::value& v) {
  return decode_top<RejectEngagementInvitationResponse>(v, [](Reader&, RejectEngagementInvitationResponse&) {});
}

template <>
Result<ListEngagementByAcceptingInvitationTasksResponse> from_json(const json::value& v) {
  return decode_top<ListEngagementByAcceptingInvitationTasksResponse>(
      v, [](Reader& r, ListEngagementByAcceptingInvitationTasksResponse& out) {
        r.object_list("TaskSummaries", out.task_summaries, [](Reader& s, EngagementByAcceptingInvitationTaskSummary& x) {
          read_task_common(s, x);
          s.opt_string("EngagementInvitationId", x.engagement_invitation_id);
        });
        r.opt_string("NextToken", out.next_token);
      });
}

template <>
Result<ListOpportunityFromEngagementTasksResponse> from_json(const json::value& v) {
  return decode_top<ListOpportunityFromEngagementTasksResponse>(
      v, [](Reader& r, ListOpportunityFromEngagementTasksResponse& out) {
        r.object_list("TaskSummaries", out.task_summaries, [](Reader& s, OpportunityFromEngagementTaskSummary& x) {
          read_task_common(s, x);
          s.opt_string("EngagementId", x.engagement_id);
          s.opt_string("ContextId", x.context_id);
        });
        r.opt_string("NextToken", out.next_token);
      });
}

}  // namespace pcs::pc
