#pragma once
// A whole file as text, for the small files pcsyncd reads in one go (caches, /proc entries, unit files).

#include <filesystem>
#include <optional>
#include <string>

namespace pcs {

// The file's bytes; nullopt when it does not exist or cannot be opened (errno says which).
std::optional<std::string> read_file_text(const std::filesystem::path& path);

}  // namespace pcs
