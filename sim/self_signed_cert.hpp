#pragma once
// A throwaway self-signed certificate for `pcsync-sim --tls`: EC P-256, CN and SAN localhost + 127.0.0.1,
// valid for a day. Clients trust it by loading the cert PEM the simulator writes (--tls-cert-out).

#include <filesystem>

#include "core/result.hpp"

namespace pcs::sim {

Status write_self_signed_cert(const std::filesystem::path& cert_pem, const std::filesystem::path& key_pem);

}  // namespace pcs::sim
