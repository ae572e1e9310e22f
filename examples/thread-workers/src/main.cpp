// logcrunch [--serve PORT] [--pooled] OUTDIR LOGFILE...
#include "logcrunch.h"

#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

int main(int argc, char **argv) {
  unsigned short port = 0;
  bool pooled = false;
  int arg = 1;
  for (; arg < argc && argv[arg][0] == '-'; ++arg) {
    std::string opt = argv[arg];
    if (opt == "--serve" && arg + 1 < argc)
      port = static_cast<unsigned short>(std::atoi(argv[++arg]));
    else if (opt == "--pooled")
      pooled = true;
  }
  if (argc - arg < 2) {
    std::fprintf(stderr, "usage: logcrunch [--serve PORT] [--pooled] OUTDIR LOGFILE...\n");
    return 2;
  }
  std::string out_dir = argv[arg++];
  std::vector<std::string> paths(argv + arg, argv + argc);

  auto files = pooled ? logcrunch::ingest_pooled(paths) : logcrunch::ingest(paths);
  logcrunch::Summary summary =
      logcrunch::scan(files, {"ERROR", "timeout after [0-9]+ms", "status=5[0-9][0-9]"});
  logcrunch::publish(out_dir, summary);
  std::printf("%zu lines, report in %s/report.txt\n", summary.lines, out_dir.c_str());

  // Two long-lived threads, started once: the Threading row's own use.
  std::thread server;
  if (port != 0)
    server = std::thread(logcrunch::serve_tail, port, std::cref(files));
  auto deferred_check = std::async(std::launch::deferred, [&] { return summary.lines > 0; });
  if (server.joinable())
    server.join();
  return deferred_check.get() ? 0 : 1;
}
