// logcrunch: reads log files, scans them for error patterns, writes a
// report, and can serve the newest lines to clients over TCP.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace logcrunch {

struct LogFile {
  std::string path;
  std::vector<std::string> lines;
};

struct Summary {
  std::map<std::string, std::size_t> errors_by_pattern;
  std::vector<std::string> slowest_requests;
  std::size_t lines = 0;
};

// ingest.cpp
std::vector<std::string> read_lines(const std::string &path);
std::vector<LogFile> ingest(const std::vector<std::string> &paths);
std::vector<LogFile> ingest_pooled(const std::vector<std::string> &paths);

// scan.cpp
Summary scan(const std::vector<LogFile> &files,
             const std::vector<std::string> &patterns);
std::size_t count_matches(const std::vector<std::string> &lines,
                          const std::string &pattern);

// report.cpp
void write_report(const std::string &path, const Summary &summary);
void publish(const std::string &dir, const Summary &summary);

// tail_server.cpp
void serve_tail(unsigned short port, const std::vector<LogFile> &files);

} // namespace logcrunch
