// Profiles as the protocol shows them.
#include "services/services.h"
#include "storage/profile_cache.h"
#include "storage/storage.h"

#include <fstream>
#include <string>
#include <vector>

namespace services {

namespace {

std::string describe(const model::Profile &p) {
  return p.display_name + " (" + p.user + "), rating " +
         std::to_string(p.rating) + "\n" + p.bio + "\n";
}

} // namespace

std::string profile_summary(const std::string &user) {
  model::Profile p = storage::load_profile(user);
  return describe(p);
}

std::string cached_summary(const std::string &user) {
  model::Profile p = storage::cached_profile(user);
  return describe(p);
}

// Called once by main() before the server starts: blocking there is fine.
std::vector<model::Profile> load_directory(const std::string &index_path) {
  std::vector<model::Profile> directory;
  std::ifstream index(index_path);
  std::string user;
  while (std::getline(index, user))
    directory.push_back(storage::load_profile(user));
  return directory;
}

} // namespace services
