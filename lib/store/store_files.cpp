#include "store/store_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <system_error>

namespace pcs::store {
namespace {

constexpr mode_t kOwnerOnly = 0600;

Error file_error(std::string code, std::string message) {
  return make_error(ErrorKind::config, std::move(code), std::move(message));
}

std::string errno_text(int e) { return std::generic_category().message(e); }

// The user pcsyncd runs as, in the words of the fix.
constexpr const char* kOwnerHint = "the user pcsyncd runs as (pcsyncd under systemd)";

bool full_errno(int e) { return e == ENOSPC || e == EDQUOT; }

// -wal and -shm beside the database: created by SQLite with the database's mode, but possibly left by an older
// run with a wider one, or by pcsyncctl/sqlite3 run as another user while pcsyncd was stopped.
Status check_companion(const std::string& file, std::vector<std::string>& notices) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return Ok{};  // absent: SQLite creates it with the database's mode
  if (::faccessat(AT_FDCWD, file.c_str(), R_OK | W_OK, AT_EACCESS) != 0) {
    const int e = errno;
    return file_error("StoreReadOnly", "cannot write " + file + " (" + errno_text(e) + ", owner uid " +
                                           std::to_string(st.st_uid) +
                                           "): it was probably left by pcsyncctl or sqlite3 run as another user "
                                           "while pcsyncd was stopped; chown it to " + kOwnerHint +
                                           " (never delete a -wal file: it may hold committed data)");
  }
  if ((st.st_mode & 077) != 0) {
    if (::chmod(file.c_str(), kOwnerOnly) == 0)
      notices.push_back(file + " was accessible to group/others (mode " + mode_text(st.st_mode) +
                        "); its mode is now 0600");
    else
      notices.push_back(file + " is accessible to group/others (mode " + mode_text(st.st_mode) +
                        ") and could not be changed (" + errno_text(errno) + "); run chmod 600 " + file);
  }
  return Ok{};
}

}  // namespace

std::string mode_text(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

Result<PreparedFile> prepare_database_file(const std::string& path) {
  PreparedFile out;
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";

  struct stat ds {};
  if (::stat(dir.c_str(), &ds) != 0) {
    const int e = errno;
    if (e == ENOENT)
      return file_error("StoreCannotOpen",
                        "cannot open database " + path + ": its directory " + dir +
                            " does not exist; fix `database:` in the configuration, or create the directory "
                            "(mkdir -m 0700, owned by " + kOwnerHint + "; under systemd StateDirectory= does it)");
    return file_error("StoreCannotOpen", "cannot open database " + path + ": cannot reach its directory " + dir +
                                             " (" + errno_text(e) + "); check the path and its permissions");
  }
  if (!S_ISDIR(ds.st_mode))
    return file_error("StoreCannotOpen",
                      "cannot open database " + path + ": " + dir + " is not a directory; fix `database:`");
  // Even an existing database needs the directory: SQLite creates (and on close removes) -wal and -shm there.
  if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
    const int e = errno;
    return file_error("StoreReadOnly",
                      "cannot write database " + path + ": its directory " + dir + " is not writable by this user (" +
                          errno_text(e) + "), and SQLite creates " + path + "-wal and " + path +
                          "-shm there; make the directory writable by " + kOwnerHint +
                          ", or point `database:` at a writable directory");
  }

  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int e = errno;
    if (e != ENOENT)
      return file_error("StoreCannotOpen", "cannot open database " + path + " (" + errno_text(e) +
                                               "); check the path and its permissions");
    // Created here, not by SQLite (which would use 0644 less the umask): owner-only from the first byte.
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, kOwnerOnly);
    if (fd < 0) {
      const int ce = errno;
      if (full_errno(ce))
        return file_error("StoreFull", "cannot create database " + path + ": the file system holding " + dir +
                                           " is full (" + errno_text(ce) + "); free space there, then start pcsyncd");
      if (ce == EEXIST)
        return file_error("StoreCannotOpen", "cannot create database " + path +
                                                 ": it is a symbolic link to a missing file, or another process "
                                                 "created it meanwhile; check the path, then retry");
      return file_error(ce == EACCES || ce == EROFS || ce == EPERM ? "StoreReadOnly" : "StoreCannotOpen",
                        "cannot create database " + path + " (" + errno_text(ce) +
                            "); make its directory writable by " + kOwnerHint);
    }
    // The umask can only remove bits; set the mode exactly (a umask such as 0277 would leave 0400).
    const int rc = ::fchmod(fd, kOwnerOnly);
    const int fe = errno;
    ::close(fd);
    if (rc != 0)
      return file_error("StoreCannotOpen",
                        "cannot set the mode of new database " + path + " to 0600 (" + errno_text(fe) + ")");
    out.created = true;
    return out;
  }

  if (!S_ISREG(st.st_mode))
    return file_error("StoreCannotOpen",
                      "cannot open database " + path + ": it is not a regular file; fix `database:`");
  if (::faccessat(AT_FDCWD, path.c_str(), R_OK | W_OK, AT_EACCESS) != 0) {
    const int e = errno;
    return file_error("StoreReadOnly", "cannot write database " + path + " (" + errno_text(e) + ", owner uid " +
                                           std::to_string(st.st_uid) + ", mode " + mode_text(st.st_mode) +
                                           "); chown it to " + kOwnerHint + " and chmod 600 it");
  }
  if ((st.st_mode & 077) != 0) {
    // The mirror holds customer and deal details: the data policy says owner-only (docs/database.md).
    if (::chmod(path.c_str(), kOwnerOnly) == 0)
      out.notices.push_back("database " + path + " was accessible to group/others (mode " + mode_text(st.st_mode) +
                            "); its mode is now 0600 (owner only)");
    else
      out.notices.push_back("database " + path + " is accessible to group/others (mode " + mode_text(st.st_mode) +
                            ") and could not be changed (" + errno_text(errno) + "); run chmod 600 " + path);
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    if (auto s = check_companion(path + suffix, out.notices); !s) return s.error();
  }

  if (st.st_size == 0) {
    // SQLite treats a zero-byte file as an empty database and deletes a -wal beside it. A -wal with content
    // means the database file was truncated or replaced: keep both for the operator.
    struct stat ws {};
    const std::string wal = path + "-wal";
    if (::stat(wal.c_str(), &ws) == 0 && ws.st_size > 0)
      return file_error("StoreTruncated",
                        "database " + path + " is empty but " + wal + " holds " + std::to_string(ws.st_size) +
                            " bytes: the database file was truncated or replaced. Stop pcsyncd, keep a copy of both "
                            "files for analysis, then remove both: pcsyncd rebuilds the mirror from Partner Central "
                            "on the next start (the decision history is in your backups)");
  }
  return out;
}

}  // namespace pcs::store
