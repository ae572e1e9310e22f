// A CSV export of the directory, written to a file.
#include "services/services.h"

#include <fstream>
#include <string>
#include <vector>

namespace services {

void export_report(const std::vector<model::Profile> &directory,
                   const std::string &path) {
  std::ofstream out(path);
  out << "user,display_name,rating\n";
  for (const model::Profile &p : directory)
    out << p.user << ',' << p.display_name << ',' << p.rating << '\n';
}

} // namespace services
