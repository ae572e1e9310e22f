// RUN: %check_taskfit %s taskfit-gil-held-in-long-call,taskfit-python-api-without-gil %t -- \
// RUN:   -- -std=c++20 %py_includes -isystem %inputs/nanobind

// nanobind bindings, against a stand-in of <nanobind/nanobind.h> that
// declares the API shapes nanobind has (nanobind is not packaged in Debian
// 12): the same findings as pybind11's, fix-its spelled with the file's
// alias `nb`.

#include <nanobind/nanobind.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace nb = nanobind;

double norm2(const std::vector<double> &v) {
  double s = 0;
  for (double a : v) // LINE:norm_loop
    for (double b : v)
      s += a * b;
  return s;
}

struct Cache {
  void refresh() { std::this_thread::sleep_for(std::chrono::milliseconds(10)); } // LINE:refresh
  static void sort(std::vector<int> &v) { std::sort(v.begin(), v.end()); } // LINE:sort
};

// Releases the GIL itself: not flagged, and touches nothing while released.
double norm2_released(const std::vector<double> &v) {
  nb::gil_scoped_release release;
  return norm2(v);
}

// A Python list argument: no fix-it, a note.
double sum_list(nb::list values, const std::vector<double> &v) { return norm2(v); } // LINE:sum_list

NB_MODULE(nbdemo, m) {
  m.def("norm2", &norm2);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: CPU-heavy loop nest of depth 2 in Python binding 'norm2' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
  // CHECK-NOTES: :[[#norm_loop]]:3: note: 'norm2' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-3]]:18: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("norm2", &norm2, nb::call_guard<nb::gil_scoped_release>());{{$}}
  nb::class_<Cache>(m, "Cache")
      .def(nb::init<>())
      .def("refresh", &Cache::refresh)
      // CHECK-NOTES: :[[@LINE-1]]:23: warning: blocking sleep 'sleep_for' in Python binding 'refresh' holds the GIL, {{.*}}
      // CHECK-NOTES: :[[#refresh]]:20: note: 'Cache::refresh' calls blocking sleep 'sleep_for' here
      // CHECK-NOTES: :[[@LINE-3]]:23: note: decision table, GIL row: {{.*}}
      // CHECK-FIXES: {{^}}      .def("refresh", &Cache::refresh, nb::call_guard<nb::gil_scoped_release>()){{$}}
      .def_static("sort", [](std::vector<int> v) { Cache::sort(v); return v; });
      // CHECK-NOTES: :[[@LINE-1]]:27: warning: CPU-heavy sort 'sort' (via 'Cache::sort') in Python binding 'sort' holds the GIL, {{.*}}
      // CHECK-NOTES: :[[@LINE-2]]:52: note: lambda in 'nanobind_init_nbdemo' calls 'Cache::sort' here
      // CHECK-NOTES: :[[#sort]]:43: note: 'Cache::sort' calls CPU-heavy sort 'sort' here
      // CHECK-NOTES: :[[@LINE-4]]:27: note: decision table, GIL row: {{.*}}
      // CHECK-FIXES: {{^}}      .def_static("sort", [](std::vector<int> v) { Cache::sort(v); return v; }, nb::call_guard<nb::gil_scoped_release>());{{$}}
  m.def("sum_list", &sum_list);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: CPU-heavy loop nest of depth 2 (via 'norm2') in Python binding 'sum_list' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#sum_list]]:73: note: 'sum_list' calls 'norm2' here
  // CHECK-NOTES: :[[#norm_loop]]:3: note: 'norm2' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[#sum_list]]:26: note: no automatic fix: 'sum_list' takes the Python object 'values', which needs the GIL while the call runs; release it only around the long work: { nb::gil_scoped_release release; ... }
  // CHECK-NOTES: :[[@LINE-5]]:21: note: decision table, GIL row: {{.*}}
  m.def("norm2_released", &norm2_released);
  m.def("norm2_guarded", &norm2, nb::call_guard<nb::gil_scoped_release>());
}
