// Rankings over the whole directory: CPU work that grows with its size.
#include "services/services.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

namespace services {

std::string top_users(const std::vector<model::Profile> &directory,
                      std::size_t n) {
  std::vector<model::Profile> ranked = directory;
  std::sort(ranked.begin(), ranked.end(),
            [](const model::Profile &a, const model::Profile &b) {
              return a.rating > b.rating;
            });
  std::string out;
  for (std::size_t i = 0; i < n && i < ranked.size(); ++i)
    out += ranked[i].user + " " + std::to_string(ranked[i].rating) + "\n";
  return out;
}

// The two users whose ratings are closest: every pair, quadratic.
std::string closest_pairs(const std::vector<model::Profile> &directory) {
  int best = std::numeric_limits<int>::max();
  std::string pair;
  for (std::size_t i = 0; i < directory.size(); ++i) {
    for (std::size_t j = i + 1; j < directory.size(); ++j) {
      int gap = std::abs(directory[i].rating - directory[j].rating);
      if (gap < best) {
        best = gap;
        pair = directory[i].user + " " + directory[j].user;
      }
    }
  }
  return pair + "\n";
}

} // namespace services
