// Numeric kernels of the 'samples' extension.
#include "pyext/pyext.h"

#include <cstddef>
#include <vector>

namespace pyext {

// Sum of 1 / (1 + d^2) over every pair: quadratic in the number of samples.
double pairwise_energy(const std::vector<double> &xs) {
  double energy = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    for (std::size_t j = i + 1; j < xs.size(); ++j) {
      double d = xs[i] - xs[j];
      energy += 1.0 / (1.0 + d * d);
    }
  }
  return energy;
}

// One pass: cheap.
double mean(const std::vector<double> &xs) {
  if (xs.empty())
    return 0.0;
  double sum = 0.0;
  for (double x : xs)
    sum += x;
  return sum / static_cast<double>(xs.size());
}

} // namespace pyext
