#include "config.h"

#include <sstream>

Config parse_config(const std::string &text) {
  Config c;
  std::istringstream in(text);
  std::string key, eq, value;
  while (in >> key >> eq >> value) {
    if (key == "root")
      c.root = value;
    else if (key == "port")
      c.port = static_cast<unsigned short>(std::stoi(value));
    else if (key == "slow_ms")
      c.slow_ms = static_cast<unsigned>(std::stoul(value));
  }
  return c;
}
