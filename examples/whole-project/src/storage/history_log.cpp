// A user's history: history/<user>.log, one event a line.
#include "storage/storage.h"

#include <fstream>
#include <string>
#include <vector>

namespace storage {

std::vector<std::string> read_history(const std::string &user) {
  std::ifstream log("history/" + user + ".log");
  std::vector<std::string> events;
  std::string line;
  while (std::getline(log, line))
    events.push_back(line);
  return events;
}

} // namespace storage
