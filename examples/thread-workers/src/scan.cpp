// Scanning the lines for error patterns.
#include "logcrunch.h"

#include <taskfit/taskfit.hpp>

#include <algorithm>
#include <regex>
#include <thread>

namespace logcrunch {

std::size_t count_matches(const std::vector<std::string> &lines,
                          const std::string &pattern) {
  const std::regex re(pattern);
  std::size_t n = 0;
  for (const std::string &line : lines)
    if (std::regex_search(line, re))
      ++n;
  return n;
}

namespace {

std::vector<std::string> slowest(const std::vector<LogFile> &files,
                                 std::size_t keep) {
  std::vector<std::string> requests;
  for (const LogFile &f : files)
    for (const std::string &line : f.lines)
      if (line.find("took=") != std::string::npos)
        requests.push_back(line);
  std::sort(requests.begin(), requests.end(),
            [](const std::string &a, const std::string &b) {
              return a.size() > b.size();
            });
  if (requests.size() > keep)
    requests.resize(keep);
  return requests;
}

} // namespace

Summary scan(const std::vector<LogFile> &files,
             const std::vector<std::string> &patterns) {
  std::vector<std::string> all;
  for (const LogFile &f : files)
    all.insert(all.end(), f.lines.begin(), f.lines.end());

  // Regex scans are computation: on the CPU pool, one worker per core.
  std::vector<std::future<std::size_t>> counts;
  for (const std::string &p : patterns)
    counts.push_back(taskfit::cpu_pool().submit(count_matches, std::cref(all), p));

  // The sort went to the I/O pool, where it holds a thread meant for
  // blocking reads.
  auto top = taskfit::io_pool().submit(slowest, std::cref(files), 20);

  // A fixed set of workers, one per core, splitting the lines: a pool of
  // its own, not a thread per task.
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::size_t> blank(workers);
  std::vector<std::jthread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&all, &blank, w, workers] {
      for (std::size_t i = w; i < all.size(); i += workers)
        blank[w] += all[i].empty();
    });
  pool.clear();

  Summary s;
  s.lines = all.size();
  for (std::size_t i = 0; i < patterns.size(); ++i)
    s.errors_by_pattern[patterns[i]] = counts[i].get();
  s.slowest_requests = top.get();
  return s;
}

} // namespace logcrunch
