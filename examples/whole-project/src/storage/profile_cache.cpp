// Built-in profiles, kept in memory. The load_profile below is file-local
// (static) and has the same name and signature as storage::load_profile in
// profile_store.cpp, which reads a file; this one only looks up a table.
// (This file does not include storage/storage.h: the two would clash.)
#include "storage/profile_cache.h"

#include <map>
#include <string>

namespace storage {

static model::Profile load_profile(const std::string &user) {
  static const std::map<std::string, model::Profile> builtin = {
      {"admin", {"admin", "Administrator", 100, "built in"}},
      {"guest", {"guest", "Guest", 0, "built in"}},
  };
  auto it = builtin.find(user);
  if (it == builtin.end())
    return model::Profile{user, user, 0, ""};
  return it->second;
}

model::Profile cached_profile(const std::string &user) {
  return load_profile(user);
}

} // namespace storage
