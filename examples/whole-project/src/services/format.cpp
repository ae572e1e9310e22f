// Reply formatting: cheap string work.
#include "services/services.h"

#include <string>
#include <vector>

namespace services {

std::string greeting(const std::string &user) {
  return "hello, " + (user.empty() ? std::string("stranger") : user) + "\n";
}

std::string format_lines(const std::vector<std::string> &lines) {
  std::string out;
  for (const std::string &line : lines)
    out += "  " + line + "\n";
  return out;
}

} // namespace services
