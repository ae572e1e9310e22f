// A user profile, as the storage layer reads it and the services use it.
#pragma once

#include <string>

namespace model {

struct Profile {
  std::string user;
  std::string display_name;
  int rating = 0;
  std::string bio;
};

} // namespace model
