// A deliberately slow content digest (key stretching: many rounds).
#pragma once

#include <cstdint>
#include <string>

constexpr int kDigestRounds = 2000;

inline std::uint64_t digest(const std::string &data) {
  std::uint64_t h = 1469598103934665603ull;
  for (int round = 0; round < kDigestRounds; ++round)
    for (unsigned char c : data)
      h = (h ^ c) * 1099511628211ull;
  return h;
}
