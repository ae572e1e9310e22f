// The native side of the Python extension 'samples' (python/bindings.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pyext {

// python/scoring.cpp
double pairwise_energy(const std::vector<double> &xs);
double mean(const std::vector<double> &xs);

// python/dataset.cpp
std::vector<double> load_samples(const std::string &path);
std::uint32_t file_checksum(const std::string &path);

} // namespace pyext
