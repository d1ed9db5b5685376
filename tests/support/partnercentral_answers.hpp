#pragma once
// Canned Partner Central answers shared by the client and codec tests and the pcsyncctl process tests.

namespace pcs::test {

// A full GetEngagementInvitation answer, every member set, plus one member the model does not have.
inline const char* kGetInvitationJson = R"({
  "Arn": "arn:aws:partnercentral:us-east-1:aws:catalog/AWS/engagement-invitation/engi-0000000000001",
  "PayloadType": "OpportunityInvitation",
  "Id": "engi-0000000000001",
  "EngagementId": "eng-00000000000001",
  "EngagementTitle": "Migration of ERP",
  "Status": "PENDING",
  "InvitationDate": "2025-03-01T10:00:00.123Z",
  "ExpirationDate": "2025-03-16T10:00:00Z",
  "SenderAwsAccountId": "123456789012",
  "SenderCompanyName": "AWS",
  "Receiver": {"Account": {"Alias": "acme", "AwsAccountId": "210987654321"}},
  "Catalog": "AWS",
  "RejectionReason": "Customer not a fit",
  "Payload": {"OpportunityInvitation": {
    "SenderContacts": [{"Email": "pdm@example.com", "FirstName": "Ana", "LastName": "Lee",
                        "BusinessTitle": "PDM", "Phone": "+14155550100"}],
    "ReceiverResponsibilities": ["Services Partner", "Reseller"],
    "Customer": {"Industry": "Financial Services", "CompanyName": "Example Bank", "WebsiteUrl": "https://bank.example",
                 "CountryCode": "US"},
    "Project": {"Title": "ERP to AWS", "BusinessProblem": "Their on-premises ERP is out of support.",
                "TargetCompletionDate": "2025-12-31",
                "ExpectedCustomerSpend": [{"Amount": "12000.50", "CurrencyCode": "USD", "Frequency": "Monthly",
                                           "TargetCompany": "AWS", "EstimationUrl": "https://calc.example/1"}]}
  }},
  "InvitationMessage": "Please help",
  "EngagementDescription": "ERP migration",
  "ExistingMembers": [{"CompanyName": "AWS", "WebsiteUrl": "https://aws.amazon.com"}],
  "SomeFutureMember": {"x": 1}
})";

}  // namespace pcs::test
