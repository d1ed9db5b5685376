#pragma once
// The enum values of the Partner Central Selling model (partnercentral-selling-2022-07-26), in the model's
// order. Header-only constant data: the shape tables describe the members with them, and lib/rules checks a
// rule's values against them without linking this library (a misspelt Industry in a rule would never match).

#include <string_view>

namespace pcs::pc {

inline constexpr std::string_view kSortOrderValues[]{"ASCENDING", "DESCENDING"};
inline constexpr std::string_view kInvitationSortNameValues[]{"InvitationDate"};
inline constexpr std::string_view kTaskSortNameValues[]{"StartTime"};
inline constexpr std::string_view kPayloadTypeValues[]{"OpportunityInvitation"};
inline constexpr std::string_view kParticipantTypeValues[]{"SENDER", "RECEIVER"};
inline constexpr std::string_view kInvitationStatusValues[]{"ACCEPTED", "PENDING", "REJECTED", "EXPIRED"};
inline constexpr std::string_view kTaskStatusValues[]{"IN_PROGRESS", "COMPLETE", "FAILED"};
inline constexpr std::string_view kPaymentFrequencyValues[]{"Monthly"};
inline constexpr std::string_view kReasonCodeValues[]{
    "InvitationAccessDenied", "InvitationValidationFailed", "EngagementAccessDenied", "OpportunityAccessDenied",
    "ResourceSnapshotJobAccessDenied", "ResourceSnapshotJobValidationFailed", "ResourceSnapshotJobConflict",
    "EngagementValidationFailed", "EngagementConflict", "OpportunitySubmissionFailed",
    "EngagementInvitationConflict", "InternalError", "OpportunityValidationFailed", "OpportunityConflict",
    "ResourceSnapshotAccessDenied", "ResourceSnapshotValidationFailed", "ResourceSnapshotConflict",
    "ServiceQuotaExceeded", "RequestThrottled"};
inline constexpr std::string_view kReceiverResponsibilityValues[]{
    "Distributor", "Reseller", "Hardware Partner", "Managed Service Provider", "Software Partner",
    "Services Partner", "Training Partner", "Co-Sell Facilitator", "Facilitator"};
inline constexpr std::string_view kIndustryValues[]{
    "Aerospace", "Agriculture", "Automotive", "Computers and Electronics", "Consumer Goods", "Education",
    "Energy - Oil and Gas", "Energy - Power and Utilities", "Financial Services", "Gaming", "Government",
    "Healthcare", "Hospitality", "Life Sciences", "Manufacturing", "Marketing and Advertising",
    "Media and Entertainment", "Mining", "Non-Profit Organization", "Professional Services",
    "Real Estate and Construction", "Retail", "Software and Internet", "Telecommunications",
    "Transportation and Logistics", "Travel", "Wholesale and Distribution", "Other"};
// ISO 3166-1 alpha-2 and ISO 4217, in the model's order.
inline constexpr std::string_view kCountryCodeValues[]{
    "US", "AF", "AX", "AL", "DZ", "AS", "AD", "AO", "AI", "AQ", "AG", "AR", "AM", "AW", "AU", "AT", "AZ", "BS",
    "BH", "BD", "BB", "BY", "BE", "BZ", "BJ", "BM", "BT", "BO", "BQ", "BA", "BW", "BV", "BR", "IO", "BN", "BG",
    "BF", "BI", "KH", "CM", "CA", "CV", "KY", "CF", "TD", "CL", "CN", "CX", "CC", "CO", "KM", "CG", "CK", "CR",
    "CI", "HR", "CU", "CW", "CY", "CZ", "CD", "DK", "DJ", "DM", "DO", "EC", "EG", "SV", "GQ", "ER", "EE", "ET",
    "FK", "FO", "FJ", "FI", "FR", "GF", "PF", "TF", "GA", "GM", "GE", "DE", "GH", "GI", "GR", "GL", "GD", "GP",
    "GU", "GT", "GG", "GN", "GW", "GY", "HT", "HM", "VA", "HN", "HK", "HU", "IS", "IN", "ID", "IR", "IQ", "IE",
    "IM", "IL", "IT", "JM", "JP", "JE", "JO", "KZ", "KE", "KI", "KR", "KW", "KG", "LA", "LV", "LB", "LS", "LR",
    "LY", "LI", "LT", "LU", "MO", "MK", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MQ", "MR", "MU", "YT", "MX",
    "FM", "MD", "MC", "MN", "ME", "MS", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "AN", "NC", "NZ", "NI", "NE",
    "NG", "NU", "NF", "MP", "NO", "OM", "PK", "PW", "PS", "PA", "PG", "PY", "PE", "PH", "PN", "PL", "PT", "PR",
    "QA", "RE", "RO", "RU", "RW", "BL", "SH", "KN", "LC", "MF", "PM", "VC", "WS", "SM", "ST", "SA", "SN", "RS",
    "SC", "SL", "SG", "SX", "SK", "SI", "SB", "SO", "ZA", "GS", "SS", "ES", "LK", "SD", "SR", "SJ", "SZ", "SE",
    "CH", "SY", "TW", "TJ", "TZ", "TH", "TL", "TG", "TK", "TO", "TT", "TN", "TR", "TM", "TC", "TV", "UG", "UA",
    "AE", "GB", "UM", "UY", "UZ", "VU", "VE", "VN", "VG", "VI", "WF", "EH", "YE", "ZM", "ZW"};
inline constexpr std::string_view kCurrencyCodeValues[]{
    "USD", "EUR", "GBP", "AUD", "CAD", "CNY", "NZD", "INR", "JPY", "CHF", "SEK", "AED", "AFN", "ALL", "AMD",
    "ANG", "AOA", "ARS", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV",
    "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CDF", "CHE", "CHW", "CLF", "CLP", "COP", "COU", "CRC", "CUC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "FJD", "FKP", "GEL", "GHS", "GIP",
    "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF", "IDR", "ILS", "IQD", "IRR", "ISK", "JMD",
    "JOD", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR",
    "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR",
    "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SGD", "SHP", "SLL", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USN",
    "UYI", "UYU", "UZS", "VEF", "VND", "VUV", "WST", "XAF", "XCD", "XDR", "XOF", "XPF", "XSU", "XUA", "YER",
    "ZAR", "ZMW", "ZWL"};

}  // namespace pcs::pc
