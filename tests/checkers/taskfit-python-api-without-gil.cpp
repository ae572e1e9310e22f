// RUN: %check_taskfit --expect-clang-tidy-error %s taskfit-python-api-without-gil %t -- -- -std=c++20 %py_includes

// Python objects and the CPython API touched where the GIL is released: in
// a gil_scoped_release scope, between Py_BEGIN_ALLOW_THREADS and
// Py_END_ALLOW_THREADS, in a binding run under
// call_guard<gil_scoped_release>, directly or through helpers. Errors, so
// clang-tidy exits non-zero.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace py = pybind11;

long crunch(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x * x;
  return static_cast<long>(s);
}

py::list to_list(const std::vector<double> &v) {
  py::list out; // LINE:to_list
  for (double x : v)
    out.append(x);
  return out;
}

void report(py::handle sink, long value) { sink.attr("write")(value); } // LINE:report

long release_then_touch(py::object log, const std::vector<double> &v) {
  py::gil_scoped_release release; // LINE:release1
  long r = crunch(v);
  log.attr("info")(r);
  // CHECK-NOTES: :[[@LINE-1]]:3: error: call of the Python object 'object_api' while the GIL is released in 'release_then_touch'; Python objects and the CPython API need the GIL, without it the interpreter can crash; reacquire it first (gil_scoped_acquire, PyGILState_Ensure) or move this out of the released region [taskfit-python-api-without-gil]
  // CHECK-NOTES: :[[#release1]]:3: note: the GIL is released here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  return r;
}

py::list through_helper(const std::vector<double> &v) {
  py::gil_scoped_release release; // LINE:release2
  return to_list(v);
  // CHECK-NOTES: :[[@LINE-1]]:10: error: construction of the Python object 'list' (via 'to_list') while the GIL is released in 'through_helper'; {{.*}}
  // CHECK-NOTES: :[[#to_list]]:12: note: 'to_list' does a construction of the Python object 'list' here
  // CHECK-NOTES: :[[#release2]]:3: note: the GIL is released here
  // CHECK-NOTES: :[[@LINE-4]]:10: note: decision table, GIL row: {{.*}}
}

PyObject *cpython_style(PyObject *self, PyObject *args) {
  long n = 0;
  PyObject *result = nullptr;
  Py_BEGIN_ALLOW_THREADS // LINE:allow
  n = crunch({1.0, 2.0});
  result = PyLong_FromLong(n);
  // CHECK-NOTES: :[[@LINE-1]]:12: error: CPython API call 'PyLong_FromLong' while the GIL is released in 'cpython_style'; {{.*}}
  // CHECK-NOTES: :[[#allow]]:3: note: the GIL is released here
  // CHECK-NOTES: :[[@LINE-3]]:12: note: decision table, GIL row: {{.*}}
  Py_END_ALLOW_THREADS
  return result;
}

long guarded(py::object callback, int n) {
  // CHECK-NOTES: :[[@LINE-1]]:25: error: Python object parameter 'callback' is destroyed while the GIL is released in Python binding 'guarded'; take it by reference or drop the call_guard and release the GIL only around the long work [taskfit-python-api-without-gil]
  // CHECK-NOTES: :[[#guard]]:30: note: the GIL is released for the whole call here
  return n;
}

void guarded_report(py::handle sink, int n) { report(sink, n); }
// CHECK-NOTES: :[[@LINE-1]]:47: error: call of the Python object 'object_api' (via 'report') while the GIL is released in Python binding 'guarded_report' (run under call_guard<gil_scoped_release>); {{.*}}
// CHECK-NOTES: :[[#report]]:44: note: 'report' does a call of the Python object 'object_api' here
// CHECK-NOTES: :[[#guard2]]:44: note: the GIL is released for the whole call here
// CHECK-NOTES: :[[@LINE-4]]:47: note: decision table, GIL row: {{.*}}

// Look-alikes: the GIL is reacquired, or what runs needs no GIL.
long reacquired(py::object log, const std::vector<double> &v) {
  py::gil_scoped_release release;
  long r = crunch(v);
  {
    py::gil_scoped_acquire acquire;
    log.attr("info")(r);
    py::list l = to_list(v);
  }
  return r;
}

long ensured(PyObject *log, long n) {
  long r = 0;
  Py_BEGIN_ALLOW_THREADS
  r = crunch({static_cast<double>(n)});
  PyGILState_STATE state = PyGILState_Ensure();
  PyObject *value = PyLong_FromLong(r);
  Py_XDECREF(value);
  PyGILState_Release(state);
  Py_END_ALLOW_THREADS
  return r;
}

long after_release(py::object log, const std::vector<double> &v) {
  long r;
  {
    py::gil_scoped_release release;
    r = crunch(v);
  }
  log.attr("info")(r);
  return r;
}

long handles_and_pointers(py::object obj, const std::vector<double> &v) {
  py::gil_scoped_release release;
  // Copying a handle or reading the raw pointer needs no GIL.
  py::handle h = obj;
  PyObject *raw = h.ptr();
  bool holds = PyGILState_Check() != 0;
  (void)raw;
  (void)holds;
  return crunch(v) + (h ? 1 : 0);
}

long moved_in(py::object obj, const std::vector<double> &v) {
  py::gil_scoped_release release; // LINE:release3
  // The move itself needs no GIL, but 'held' now owns a reference and drops
  // it when the block ends, before the GIL is back.
  py::object held = std::move(obj);
  // CHECK-NOTES: :[[@LINE-1]]:21: error: destruction of the Python object 'object' while the GIL is released in 'moved_in'; {{.*}}
  // CHECK-NOTES: :[[#release3]]:3: note: the GIL is released here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: decision table, GIL row: {{.*}}
  return crunch(v);
}

// The usual NumPy pattern: take the data's address with the GIL, compute
// without it. Unchecked element access and buffer_info fields are plain C++.
double sum_array(py::array_t<double> a) {
  auto r = a.unchecked<1>();
  py::buffer_info info = a.request();
  const auto *p = static_cast<const double *>(info.ptr);
  double s = 0;
  {
    py::gil_scoped_release release;
    for (py::ssize_t i = 0; i < r.shape(0); i++)
      s += r(i) * p[i];
  }
  return s;
}

long lambda_later(py::object log, const std::vector<double> &v) {
  py::gil_scoped_release release;
  // Defined here, run later (with the GIL): not part of the released scope.
  auto later = [&log](long r) { log.attr("info")(r); };
  (void)later;
  return crunch(v);
}

PYBIND11_MODULE(api, m) {
  m.def("guarded", &guarded, py::call_guard<py::gil_scoped_release>()); // LINE:guard
  m.def("guarded_report", &guarded_report, py::call_guard<py::gil_scoped_release>()); // LINE:guard2
  m.def("crunch", &crunch, py::call_guard<py::gil_scoped_release>());
  m.def("release_then_touch", &release_then_touch);
  m.def("reacquired", &reacquired);
}
