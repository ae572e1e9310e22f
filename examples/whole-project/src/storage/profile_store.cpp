// Profiles on disk, one file per user: "<display name>\n<rating>\n<bio>".
#include "storage/storage.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace storage {

namespace {

std::string profile_path(const std::string &user) {
  return "profiles/" + user + ".txt";
}

model::Profile parse_profile(const std::string &user, const std::string &text) {
  model::Profile p{user, user, 0, ""};
  std::size_t first = text.find('\n');
  if (first == std::string::npos)
    return p;
  std::size_t second = text.find('\n', first + 1);
  p.display_name = text.substr(0, first);
  p.rating = std::atoi(text.substr(first + 1, second - first - 1).c_str());
  if (second != std::string::npos)
    p.bio = text.substr(second + 1);
  return p;
}

} // namespace

model::Profile load_profile(const std::string &user) {
  std::FILE *f = std::fopen(profile_path(user).c_str(), "rb");
  if (!f)
    return model::Profile{user, user, 0, ""};
  std::string text;
  char chunk[4096];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    text.append(chunk, got);
  std::fclose(f);
  return parse_profile(user, text);
}

} // namespace storage
