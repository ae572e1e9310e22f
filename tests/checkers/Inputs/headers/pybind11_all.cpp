// pybind11 with its optional headers: no crash, no finding inside pybind11 or
// Python's headers, even with --system-headers.
#include <pybind11/chrono.h>
#include <pybind11/complex.h>
#include <pybind11/embed.h>
#include <pybind11/functional.h>
#include <pybind11/iostream.h>
#include <pybind11/numpy.h>
#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl_bind.h>

#include <string>
#include <vector>

namespace py = pybind11;

int add(int a, int b) { return a + b; }

PYBIND11_MODULE(example, m) {
  m.def("add", &add);
  m.def("join", [](const std::vector<std::string> &parts) {
    std::string out;
    for (const auto &p : parts)
      out += p;
    return out;
  });
}
