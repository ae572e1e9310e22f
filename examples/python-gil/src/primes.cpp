// A CPU-heavy function bound to Python with pybind11. As written, it holds
// the GIL while it counts: two Python threads calling it take turns.
// taskfit-gil-held-in-long-call flags the binding and its fix-it adds
// py::call_guard<py::gil_scoped_release>() to the def() call.
#include <pybind11/pybind11.h>

#include <cstdint>

namespace py = pybind11;

// The number of primes below n, by trial division: pure C++ work that
// touches no Python object, so it may run without the GIL.
std::int64_t count_primes(std::int64_t n) {
  std::int64_t count = 0;
  for (std::int64_t i = 2; i < n; ++i) {
    bool prime = true;
    for (std::int64_t d = 2; d * d <= i; ++d) {
      if (i % d == 0) {
        prime = false;
        break;
      }
    }
    count += prime ? 1 : 0;
  }
  return count;
}

PYBIND11_MODULE(primes, m) {
  m.doc() = "taskfit's GIL demonstration: a CPU-heavy binding";
  m.def("count_primes", &count_primes, py::arg("n"), "The number of primes below n.");
}
