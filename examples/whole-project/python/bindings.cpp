// The 'samples' Python extension: only the bindings live here, the work is
// in scoring.cpp and dataset.cpp.
#include "pyext/pyext.h"

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace py = pybind11;

PYBIND11_MODULE(samples, m) {
  m.doc() = "taskfit's whole-project example: bindings apart from their work";
  // Hold the GIL through long work in another file: reported.
  m.def("pairwise_energy", &pyext::pairwise_energy, py::arg("xs"));
  m.def("load_samples", &pyext::load_samples, py::arg("path"));
  // Look-alikes: the GIL is released for the whole call, or the work is
  // short. Not reported.
  m.def("file_checksum", &pyext::file_checksum, py::arg("path"),
        py::call_guard<py::gil_scoped_release>());
  m.def("mean", &pyext::mean, py::arg("xs"));
}
