// Reading the input files.
#include "logcrunch.h"

#include <taskfit/taskfit.hpp>

#include <fstream>
#include <mutex>
#include <thread>

namespace logcrunch {

std::vector<std::string> read_lines(const std::string &path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    lines.push_back(std::move(line));
  return lines;
}

// One thread per file: fine for three files, not for the 20 000 files of a
// month of rotated logs.
std::vector<LogFile> ingest(const std::vector<std::string> &paths) {
  std::vector<LogFile> files(paths.size());
  std::vector<std::thread> readers;
  readers.reserve(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i)
    readers.emplace_back([&files, &paths, i] {
      files[i] = LogFile{paths[i], read_lines(paths[i])};
    });
  for (auto &reader : readers)
    reader.join();
  return files;
}

// The same on the I/O pool, which bounds its threads.
std::vector<LogFile> ingest_pooled(const std::vector<std::string> &paths) {
  std::vector<std::future<std::vector<std::string>>> reads;
  for (const std::string &path : paths)
    reads.push_back(taskfit::io_pool().submit(read_lines, path));
  std::vector<LogFile> files;
  for (std::size_t i = 0; i < paths.size(); ++i)
    files.push_back(LogFile{paths[i], reads[i].get()});
  return files;
}

} // namespace logcrunch
