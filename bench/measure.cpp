// pcs-bench-measure RESULT_FILE PROGRAM [ARGS...]: runs PROGRAM as its child and writes the child's wait4()
// rusage to RESULT_FILE as one JSON line ({"exit": N, "user": s, "sys": s, "maxrss_kb": N}); exits as the child
// did. Why not wait4 from bench.py directly: Linux carries a process's peak RSS across execve (ru_maxrss is the
// larger of the new image's and the old one's), and a child Python starts is a copy of Python (~22 MB), which then
// shows as the benchmarked program's peak. This launcher is small, so its child's ru_maxrss is the program's own.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s RESULT_FILE PROGRAM [ARGS...]\n", argv[0]);
    return 2;
  }
  const pid_t child = fork();
  if (child < 0) {
    std::perror("fork");
    return 2;
  }
  if (child == 0) {
    execvp(argv[2], argv + 2);
    std::perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  while (wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::perror("wait4");
      return 2;
    }
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (std::FILE* out = std::fopen(argv[1], "w")) {
    std::fprintf(out, "{\"exit\": %d, \"user\": %.6f, \"sys\": %.6f, \"maxrss_kb\": %ld}\n", code,
                 double(usage.ru_utime.tv_sec) + double(usage.ru_utime.tv_usec) / 1e6,
                 double(usage.ru_stime.tv_sec) + double(usage.ru_stime.tv_usec) / 1e6, usage.ru_maxrss);
    std::fclose(out);
  }
  return code;
}
