// Writing the report.
#include "logcrunch.h"

#include <taskfit/taskfit.hpp>

#include <fstream>

namespace logcrunch {

void write_report(const std::string &path, const Summary &summary) {
  std::ofstream out(path);
  out << "lines: " << summary.lines << "\n";
  for (const auto &[pattern, n] : summary.errors_by_pattern)
    out << pattern << ": " << n << "\n";
  for (const std::string &r : summary.slowest_requests)
    out << "slow: " << r << "\n";
}

void publish(const std::string &dir, const Summary &summary) {
  // Writing files on the CPU pool idles a core while the disk works.
  auto main_report = taskfit::cpu_pool().submit(
      [&] { write_report(dir + "/report.txt", summary); });
  // The copy for the dashboard goes through the I/O pool: fine.
  auto copy = taskfit::io_pool().submit(
      [&] { write_report(dir + "/dashboard.txt", summary); });
  main_report.get();
  copy.get();
}

} // namespace logcrunch
