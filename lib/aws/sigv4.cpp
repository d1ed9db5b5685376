#include "aws/sigv4.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

#include "core/ascii.hpp"
#include "core/hex.hpp"
#include "core/time_format.hpp"

namespace pcs::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kTerminator = "aws4_request";


// OpenSSL 3 looks the implementation up again on every call that names an algorithm by EVP_sha256() or through
// HMAC(); fetched once here (a third of signing a request went to those lookups).
const EVP_MD* sha256_md() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md != nullptr ? md : EVP_sha256();
}

EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

// Raw 32-byte HMAC-SHA256. HMAC() is OpenSSL's one-shot EVP-backed form (not deprecated in 3.x).
std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out.data(), &size);
  std::string result(reinterpret_cast<const char*>(out.data()), size);
  OPENSSL_cleanse(out.data(), out.size());
  return result;
}


bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out.push_back('%');
  out.push_back(digits[c >> 4]);
  out.push_back(digits[c & 0x0f]);
}

// RFC 3986 encoding of everything outside the unreserved set (and '/' when keep_slash), as SigV4 wants.
std::string uri_encode(std::string_view s, bool keep_slash) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/'))
      out.push_back(ch);
    else
      append_escape(out, c);
  }
  return out;
}

// Decodes %XX escapes only: '+' stays '+', since SigV4 does not treat it as a space. Broken escapes are kept
// literally (they are then encoded as "%25..").
std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// Single encoding (S3): the path is signed as sent; only bytes that could not have been sent raw are escaped,
// and existing escapes are kept (with their hex digits uppercased, as the canonical form wants).
std::string encode_once(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    auto c = static_cast<unsigned char>(path[i]);
    if (c == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 &&
        hex_value(path[i + 2]) >= 0) {
      append_escape(out, static_cast<unsigned char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2])));
      i += 2;
    } else if (is_unreserved(c) || c == '/') {
      out.push_back(path[i]);
    } else {
      append_escape(out, c);
    }
  }
  return out;
}

// Removes "." and ".." segments (RFC 3986 5.2.4) and collapses empty segments ("//"), keeping a trailing
// slash when the last segment names a directory. The result always starts with '/'.
std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> kept;
  bool trailing_slash = false;
  std::size_t pos = 0;
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(pos, end - pos);
    bool last = end == path.size();
    if (segment == "..") {
      if (!kept.empty()) kept.pop_back();
      trailing_slash = true;
    } else if (segment == "." || segment.empty()) {
      trailing_slash = true;
    } else {
      kept.push_back(segment);
      trailing_slash = false;
    }
    if (last) break;
    pos = end + 1;
  }
  std::string out = "/";
  for (std::size_t i = 0; i < kept.size(); ++i) {
    if (i) out.push_back('/');
    out.append(kept[i]);
  }
  if (!kept.empty() && trailing_slash) out.push_back('/');
  return out;
}

std::string canonical_uri(std::string_view path, const SigningParams& params) {
  if (path.empty() || path == "/") return "/";  // every Partner Central request: nothing to normalize or escape
  std::string p(path);
  if (params.normalize_path) p = normalize_path(p);
  // Double encoding: the path as sent (already escaped on the wire) is escaped once more, which is what
  // every service but S3 expects.
  return params.double_encode_path ? uri_encode(p, true) : encode_once(p);
}

// Parameters decoded, re-encoded with the unreserved set, then sorted by key and by value.
std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t pos = 0;
  while (pos < query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(pos, end - pos);
    if (!item.empty()) {
      std::size_t eq = item.find('=');
      std::string_view key = item.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      params.emplace_back(uri_encode(percent_decode(key), false), uri_encode(percent_decode(value), false));
    }
    pos = end + 1;
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out.push_back('&');
    out.append(key).append("=").append(value);
  }
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Trims the value and collapses inner runs of whitespace (folded multi-line values included) to one space.
std::string trim_collapse(std::string_view value) {
  std::size_t first = 0, last = value.size();
  while (first < last && is_space(value[first])) ++first;
  while (last > first && is_space(value[last - 1])) --last;
  value = value.substr(first, last - first);
  // Most values have nothing inside to collapse: copied whole.
  bool plain = true;
  for (std::size_t i = 0; i < value.size() && plain; ++i)
    if (is_space(value[i])) plain = value[i] == ' ' && !is_space(value[i + 1]);  // value ends in a non-space
  if (plain) return std::string(value);
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

bool is_unsigned_header(std::string_view lower_name) {
  static constexpr std::array<std::string_view, 6> skip = {"authorization",   "user-agent", "x-amzn-trace-id",
                                                            "expect",          "connection", "transfer-encoding"};
  return std::find(skip.begin(), skip.end(), lower_name) != skip.end();
}

// Appends the lowercase hex SHA-256 of data (defined below, with the digest context it reuses).
void append_sha256_hex(std::string& out, std::string_view data);

struct CanonicalHeader {
  std::string name;  // lowercase
  std::string value; // trimmed, inner whitespace collapsed
};

template <class Mac>
SigningStages compute_with(const net::HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params, const Mac& mac_of) {
  std::string_view target = request.target;
  target = target.substr(0, target.find('#'));
  std::size_t q = target.find('?');
  std::string_view path = target.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);

  // Sorted by lowercase name, stably, so that the values of a repeated header join with ',' in the order sent.
  // An insertion sort: a request has a handful of headers, and it needs no buffer.
  std::vector<CanonicalHeader> headers;
  headers.reserve(request.headers.size());
  for (const auto& h : request.headers) {
    std::string name = ascii_lower(h.name);
    if (is_unsigned_header(name)) continue;
    if (params.omit_session_token && name == "x-amz-security-token") continue;
    headers.push_back({std::move(name), trim_collapse(h.value)});
    auto by_name = [](const CanonicalHeader& a, const CanonicalHeader& b) { return a.name < b.name; };
    auto at = std::upper_bound(headers.begin(), headers.end() - 1, headers.back(), by_name);
    std::rotate(at, headers.end() - 1, headers.end());
  }

  SigningStages stages;
  // Each stage is built in one buffer: these appends were a fifth of signing as operator+ chains.
  std::string& canonical = stages.canonical_request;
  canonical.reserve(request.method.size() + 3 * target.size() + 64 + 64 + 2 * 64 * headers.size());
  canonical.append(request.method).push_back('\n');
  canonical.append(canonical_uri(path, params)).push_back('\n');
  canonical.append(canonical_query(query)).push_back('\n');
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const bool repeated = i > 0 && headers[i].name == headers[i - 1].name;
    if (repeated) {
      canonical.back() = ',';
    } else {
      canonical.append(headers[i].name).push_back(':');
      if (!stages.signed_headers.empty()) stages.signed_headers.push_back(';');
      stages.signed_headers.append(headers[i].name);
    }
    canonical.append(headers[i].value).push_back('\n');
  }
  canonical.push_back('\n');
  canonical.append(stages.signed_headers).push_back('\n');
  if (const std::string* declared_hash = request.header("x-amz-content-sha256"))
    canonical.append(*declared_hash);
  else
    append_sha256_hex(canonical, request.body);

  const std::string amz_date = format_amz_date(params.time);
  std::string scope = format_date_stamp(params.time);
  scope.append("/").append(params.region).append("/").append(params.service).append("/").append(kTerminator);
  std::string& to_sign = stages.string_to_sign;
  to_sign.reserve(kAlgorithm.size() + amz_date.size() + scope.size() + 3 + 64);
  to_sign.append(kAlgorithm).append("\n").append(amz_date).append("\n").append(scope).append("\n");
  append_sha256_hex(to_sign, canonical);

  const std::string mac = mac_of(to_sign);
  stages.signature = core::hex_lower(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
  std::string& authorization = stages.authorization;
  authorization.reserve(kAlgorithm.size() + 64 + credentials.access_key_id.size() + scope.size() +
                        stages.signed_headers.size() + stages.signature.size());
  authorization.append(kAlgorithm)
      .append(" Credential=")
      .append(credentials.access_key_id)
      .append("/")
      .append(scope)
      .append(", SignedHeaders=")
      .append(stages.signed_headers)
      .append(", Signature=")
      .append(stages.signature);
  return stages;
}

// The headers sign_request adds, in the order the suite's signed requests show them.
void add_signing_headers(net::HttpRequest& request, const Credentials& credentials, const SigningParams& params) {
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [](const net::Header& h) { return net::header_name_equals(h.name, "Authorization"); }),
                        request.headers.end());
  if (!credentials.session_token.empty()) request.set_header("X-Amz-Security-Token", credentials.session_token);
  request.set_header("X-Amz-Date", format_amz_date(params.time));
  if (params.sign_body_header) request.set_header("x-amz-content-sha256", sha256_hex(request.body));
}

class Wiped {
 public:
  explicit Wiped(std::string s) : s_(std::move(s)) {}
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() { OPENSSL_cleanse(s_.data(), s_.size()); }
  const std::string& get() const { return s_; }

 private:
  std::string s_;
};

}  // namespace

// HMAC-SHA256 under one key: the MAC context is keyed once, and each message is signed on a copy of it, so
// neither the algorithm lookup nor the key schedule is repeated per request.
class KeyedHmac {
 public:
  // `key` is the cache's signing key, which outlives this and stays the same while it lives: one copy in memory.
  explicit KeyedHmac(const std::string& key) : key_(key) {
    EVP_MAC* algorithm = hmac_algorithm();
    if (algorithm == nullptr) return;
    keyed_ = EVP_MAC_CTX_new(algorithm);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
    if (keyed_ != nullptr &&
        EVP_MAC_init(keyed_, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1) {
      EVP_MAC_CTX_free(keyed_);
      keyed_ = nullptr;
    }
  }
  KeyedHmac(const KeyedHmac&) = delete;
  KeyedHmac& operator=(const KeyedHmac&) = delete;
  ~KeyedHmac() { EVP_MAC_CTX_free(keyed_); }  // clears its key material

  std::string mac(std::string_view data) const {
    EVP_MAC_CTX* ctx = keyed_ != nullptr ? EVP_MAC_CTX_dup(keyed_) : nullptr;
    if (ctx == nullptr) return hmac_sha256(key_, data);  // no provider MAC: the one-shot form
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    std::size_t size = 0;
    const bool ok = EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
                    EVP_MAC_final(ctx, out.data(), &size, out.size()) == 1;
    EVP_MAC_CTX_free(ctx);
    if (!ok) return hmac_sha256(key_, data);
    std::string result(reinterpret_cast<const char*>(out.data()), size);
    OPENSSL_cleanse(out.data(), out.size());
    return result;
  }

 private:
  const std::string& key_;
  EVP_MAC_CTX* keyed_ = nullptr;
};

namespace {
void append_sha256_hex(std::string& out, std::string_view data) {
  // One context per thread, initialised again for each digest: EVP_Digest allocates and frees one every call.
  struct ContextFree {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> ctx(EVP_MD_CTX_new());
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int size = 0;
  const bool ok = ctx && EVP_DigestInit_ex2(ctx.get(), sha256_md(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx.get(), data.data(), data.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx.get(), md.data(), &size) == 1;
  if (!ok) EVP_Digest(data.data(), data.size(), md.data(), &size, sha256_md(), nullptr);
  core::append_hex_lower(out, md.data(), size);
}
}  // namespace

std::string sha256_hex(std::string_view data) {
  std::string out;
  out.reserve(64);
  append_sha256_hex(out, data);
  return out;
}

std::string derive_signing_key(std::string_view secret, std::string_view date_stamp, std::string_view region,
                               std::string_view service) {
  Wiped seed("AWS4" + std::string(secret));
  Wiped k_date(hmac_sha256(seed.get(), date_stamp));
  Wiped k_region(hmac_sha256(k_date.get(), region));
  Wiped k_service(hmac_sha256(k_region.get(), service));
  return hmac_sha256(k_service.get(), kTerminator);
}

SigningStages compute_signature(const net::HttpRequest& request, const Credentials& credentials,
                                const SigningParams& params) {
  Wiped key(derive_signing_key(credentials.secret_access_key, format_date_stamp(params.time), params.region,
                               params.service));
  return compute_with(request, credentials, params,
                      [&key](std::string_view text) { return hmac_sha256(key.get(), text); });
}

SigningStages compute_signature(const net::HttpRequest& request, const Credentials& credentials,
                                const SigningParams& params, SigningKeyCache& cache) {
  cache.get(credentials.secret_access_key, format_date_stamp(params.time), params.region, params.service);
  const KeyedHmac& keyed = cache.keyed();
  return compute_with(request, credentials, params, [&keyed](std::string_view text) { return keyed.mac(text); });
}

SigningStages sign_request(net::HttpRequest& request, const Credentials& credentials, const SigningParams& params) {
  add_signing_headers(request, credentials, params);
  SigningStages stages = compute_signature(request, credentials, params);
  request.set_header("Authorization", stages.authorization);
  return stages;
}

SigningStages sign_request(net::HttpRequest& request, const Credentials& credentials, const SigningParams& params,
                           SigningKeyCache& cache) {
  add_signing_headers(request, credentials, params);
  SigningStages stages = compute_signature(request, credentials, params, cache);
  request.set_header("Authorization", stages.authorization);
  return stages;
}

SigningKeyCache::SigningKeyCache() = default;

SigningKeyCache::~SigningKeyCache() {
  OPENSSL_cleanse(signing_key_.data(), signing_key_.size());
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

const std::string& SigningKeyCache::get(std::string_view secret, std::string_view date_stamp,
                                        std::string_view region, std::string_view service) {
  const bool same = mac_ && CRYPTO_memcmp(secret.data(), secret_.data(), std::min(secret.size(), secret_.size())) == 0 &&
                    secret.size() == secret_.size() && date_stamp == date_stamp_ && region == region_ &&
                    service == service_;
  if (!same) {
    mac_.reset();  // it refers to signing_key_
    OPENSSL_cleanse(signing_key_.data(), signing_key_.size());
    OPENSSL_cleanse(secret_.data(), secret_.size());
    signing_key_ = derive_signing_key(secret, date_stamp, region, service);
    mac_ = std::make_unique<KeyedHmac>(signing_key_);
    secret_ = secret;
    date_stamp_ = date_stamp;
    region_ = region;
    service_ = service;
    ++derivations_;
  }
  return signing_key_;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    std::size_t end = s.find(sep);
    if (end == std::string_view::npos) {
      out.push_back(s);
      return out;
    }
    out.push_back(s.substr(0, end));
    s.remove_prefix(end + 1);
  }
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }
bool is_header_name_char(char c) {
  // Lowercase token characters: SignedHeaders lists canonical (lowercased) names.
  return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_' || c == '.' || c == '!' || c == '#' ||
         c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '^' || c == '`' || c == '|' ||
         c == '~';
}
bool is_scope_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '_' || c == '.'; }

}  // namespace

std::optional<ParsedAuthorization> parse_authorization(std::string_view header_value) {
  std::string_view v = trim(header_value);
  if (v.substr(0, kAlgorithm.size()) != kAlgorithm) return std::nullopt;
  v.remove_prefix(kAlgorithm.size());
  if (v.empty() || v.front() != ' ') return std::nullopt;

  std::optional<std::string_view> credential, signed_headers, signature;
  for (std::string_view part : split(v, ',')) {
    part = trim(part);
    std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    std::optional<std::string_view>* slot = name == "Credential"      ? &credential
                                            : name == "SignedHeaders" ? &signed_headers
                                            : name == "Signature"     ? &signature
                                                                      : nullptr;
    if (!slot || slot->has_value()) return std::nullopt;  // unknown or repeated component
    *slot = value;
  }
  if (!credential || !signed_headers || !signature) return std::nullopt;

  ParsedAuthorization out;
  auto scope = split(*credential, '/');
  if (scope.size() != 5 || scope[4] != kTerminator) return std::nullopt;
  if (!all_of(scope[0], is_scope_char) || !all_of(scope[2], is_scope_char) || !all_of(scope[3], is_scope_char))
    return std::nullopt;
  if (scope[1].size() != 8 || !all_of(scope[1], is_digit)) return std::nullopt;
  out.access_key_id = scope[0];
  out.date_stamp = scope[1];
  out.region = scope[2];
  out.service = scope[3];

  for (std::string_view name : split(*signed_headers, ';')) {
    if (!all_of(name, is_header_name_char)) return std::nullopt;
    out.signed_headers.emplace_back(name);
  }
  if (signature->size() != 64 || !all_of(*signature, is_lower_hex)) return std::nullopt;
  out.signature = *signature;
  return out;
}

std::string expected_signature(const net::HttpRequest& request, const ParsedAuthorization& authorization,
                               const Credentials& credentials, WallTime signed_at) {
  net::HttpRequest signed_part = request;
  signed_part.headers.clear();
  for (const auto& h : request.headers) {
    const std::string name = ascii_lower(h.name);
    if (std::find(authorization.signed_headers.begin(), authorization.signed_headers.end(), name) !=
        authorization.signed_headers.end())
      signed_part.headers.push_back(h);
  }
  SigningParams params;
  params.region = authorization.region;
  params.service = authorization.service;
  params.time = signed_at;
  return compute_signature(signed_part, credentials, params).signature;
}

}  // namespace pcs::aws
