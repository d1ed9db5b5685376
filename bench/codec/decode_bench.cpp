// Response decoding cost: parse + decode (decode_body<T>) and decode alone (from_json<T> on a parsed DOM) of a
// 100-item ListEngagementInvitations page and of a full GetEngagementInvitation, the two bodies pcsyncd decodes
// most. Prints figures, asserts no time limit; not a CTest test. Built by the `decode_bench` target.
//
// Method: each figure is the best (lowest) mean over `batches` batches of at least `min_batch` each; the best
// batch is the one least disturbed by other processes on a shared machine.

#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "partnercentral/json_codec.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// A page as the service (and pcsync-sim) sends it: every summary member set.
std::string invitation_page(int items) {
  std::string s = R"({"EngagementInvitationSummaries":[)";
  for (int i = 0; i < items; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "engi-%013d", 1000000 + i);
    if (i) s += ',';
    s += R"({"Arn":"arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/)";
    s += id;
    s += R"(","PayloadType":"OpportunityInvitation","Id":")";
    s += id;
    s += R"(","EngagementId":"eng-0123456789abcd","EngagementTitle":"Migration of a line-of-business app",)"
         R"("Status":"PENDING","InvitationDate":"2025-03-01T10:00:00.123Z","ExpirationDate":"2025-03-16T10:00:00Z",)"
         R"("SenderAwsAccountId":"123456789012","SenderCompanyName":"Example Consulting Group",)"
         R"("Receiver":{"Account":{"Alias":"acme","AwsAccountId":"210987654321"}},"Catalog":"AWS",)"
         R"("ParticipantType":"RECEIVER"})";
  }
  s += R"(],"NextToken":"AAMA-EFRSURBSGh5dGhpcyBpcyBhIHBhZ2UgdG9rZW4gb2YgcmVhbGlzdGljIGxlbmd0aA"})";
  return s;
}

const char* kInvitation = R"({
  "Arn": "arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/engi-0000000000001",
  "PayloadType": "OpportunityInvitation", "Id": "engi-0000000000001", "EngagementId": "eng-00000000000001",
  "EngagementTitle": "Migration of ERP", "Status": "PENDING", "InvitationDate": "2025-03-01T10:00:00.123Z",
  "ExpirationDate": "2025-03-16T10:00:00Z", "SenderAwsAccountId": "123456789012", "SenderCompanyName": "AWS",
  "Receiver": {"Account": {"Alias": "acme", "AwsAccountId": "210987654321"}}, "Catalog": "AWS",
  "Payload": {"OpportunityInvitation": {
    "SenderContacts": [{"Email": "pdm@example.com", "FirstName": "Ana", "LastName": "Lee",
                        "BusinessTitle": "PDM", "Phone": "+14155550100"}],
    "ReceiverResponsibilities": ["Services Partner", "Reseller"],
    "Customer": {"Industry": "Financial Services", "CompanyName": "Example Bank",
                 "WebsiteUrl": "https://bank.example", "CountryCode": "US"},
    "Project": {"Title": "ERP to AWS", "BusinessProblem": "Their on-premises ERP is out of support and must move.",
                "TargetCompletionDate": "2025-12-31",
                "ExpectedCustomerSpend": [{"Amount": "12000.50", "CurrencyCode": "USD", "Frequency": "Monthly",
                                           "TargetCompany": "AWS", "EstimationUrl": "https://calc.example/1"}]}}},
  "InvitationMessage": "Please help with the migration of the ERP",
  "EngagementDescription": "ERP migration for Example Bank",
  "ExistingMembers": [{"CompanyName": "AWS", "WebsiteUrl": "https://aws.amazon.com"}]
})";

// Best mean time per call, in microseconds, of fn over `batches` batches of at least `min_batch`.
template <class F>
double best_us(F fn, int batches, Clock::duration min_batch) {
  double best = 1e300;
  for (int b = 0; b < batches; ++b) {
    long n = 0;
    auto start = Clock::now();
    auto elapsed = Clock::duration::zero();
    do {
      for (int k = 0; k < 16; ++k) fn();
      n += 16;
      elapsed = Clock::now() - start;
    } while (elapsed < min_batch);
    double us = std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(n);
    if (us < best) best = us;
  }
  return best;
}

template <class T>
void run(const char* label, const std::string& body, int batches, Clock::duration min_batch) {
  auto check = pcs::pc::decode_body<T>(body);
  if (!check) {
    std::fprintf(stderr, "decode_bench: %s does not decode: %s\n", label, check.error().describe().c_str());
    std::exit(1);
  }
  const boost::json::value dom = boost::json::parse(body);
  volatile bool sink = false;
  double total = best_us([&] { sink = pcs::pc::decode_body<T>(body).ok(); }, batches, min_batch);
  double decode = best_us([&] { sink = pcs::pc::from_json<T>(dom).ok(); }, batches, min_batch);
  double parse = best_us([&] { sink = boost::json::parse(body).is_object(); }, batches, min_batch);
  (void)sink;
  double mb = static_cast<double>(body.size()) / 1e6;
  std::printf("%-34s %7zu bytes  decode_body %8.2f us (%6.1f MB/s)  from_json %8.2f us (%6.1f MB/s)  parse %8.2f us\n",
              label, body.size(), total, mb / (total / 1e6), decode, mb / (decode / 1e6), parse);
}

}  // namespace

int main(int argc, char** argv) {
  int batches = argc > 1 ? std::atoi(argv[1]) : 15;
  auto min_batch = std::chrono::milliseconds(argc > 2 ? std::atoi(argv[2]) : 200);
  if (batches < 1 || min_batch.count() < 1) {
    std::fprintf(stderr, "usage: decode_bench [batches (15)] [milliseconds per batch (200)]\n");
    return 64;
  }
  std::printf("decode_bench: best mean of %d batches of >= %lld ms each\n", batches,
              static_cast<long long>(min_batch.count()));
  run<pcs::pc::ListEngagementInvitationsResponse>("ListEngagementInvitations (100)", invitation_page(100), batches,
                                                  min_batch);
  run<pcs::pc::GetEngagementInvitationResponse>("GetEngagementInvitation", kInvitation, batches, min_batch);
  return 0;
}
