// RUN: %check_taskfit %s taskfit-gil-held-in-long-call %t -- -- -std=c++20 %py_includes

// pybind11 bindings whose function blocks or computes for long with the GIL
// held, directly or through helpers: m.def, class_::def, def_static, with
// function pointers, member function pointers and lambdas. The fix-it adds
// py::call_guard<py::gil_scoped_release>() to the def() call, spelled with
// the file's alias.

#include <pybind11/iostream.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;

long pair_sum(const std::vector<int> &v) {
  long s = 0;
  for (int a : v) // LINE:pair_sum_loop
    for (int b : v)
      s += static_cast<long>(a) * b;
  return s;
}

long checksum(const std::vector<int> &v) { return pair_sum(v) % 65521; } // LINE:checksum

std::string read_all(const std::string &path) {
  std::ifstream in(path); // LINE:read_all
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Index {
  std::vector<int> keys;
  void rebuild() { std::sort(keys.begin(), keys.end()); } // LINE:rebuild
  static void wait_for_disk() { std::this_thread::sleep_for(std::chrono::milliseconds(50)); } // LINE:wait
};

// Look-alikes that need no fix.
int add(int a, int b) { return a + b; }
std::string greet(const std::string &name) { return "hello " + name; }
long released_inside(const std::vector<int> &v) {
  py::gil_scoped_release release;
  return pair_sum(v);
}
long released_helper_call(const std::vector<int> &v) {
  long r;
  {
    py::gil_scoped_release release;
    r = checksum(v);
  }
  return r + 1;
}
long releases_itself(const std::vector<int> &v) {
  py::gil_scoped_release release;
  return pair_sum(v);
}
long calls_releasing_helper(const std::vector<int> &v) { return releases_itself(v); }

// Python objects in the signature or the body: releasing for the whole call
// would touch them without the GIL, so no fix-it, a note instead.
long sum_object(py::object weights, const std::vector<int> &v) { return pair_sum(v); } // LINE:sum_object
py::list sorted_copy(std::vector<int> v) { // LINE:sorted_copy
  std::sort(v.begin(), v.end()); // LINE:sorted_copy_sort
  py::list out;
  for (int x : v)
    out.append(x);
  return out;
}
// A list converted element by element, then sorted: the conversion needs
// the GIL and walks the same elements, so the sort is not worth a release.
std::vector<long> sorted_ids(const py::list &items) {
  std::vector<long> ids;
  for (auto item : items)
    ids.push_back(py::cast<long>(item));
  std::sort(ids.begin(), ids.end());
  return ids;
}
// Look-alike: filled by C++ alone, then sorted.
std::vector<long> sorted_residues(long n) {
  std::vector<long> out;
  for (long i = 0; i < n; ++i)
    out.push_back((i * 7919) % n);
  std::sort(out.begin(), out.end()); // LINE:sorted_residues_sort
  return out;
}
long logged(const std::vector<int> &v) {
  py::print("computing"); // LINE:logged_print
  return checksum(v); // LINE:logged_call
}

PYBIND11_MODULE(example, m) {
  m.def("pair_sum", &pair_sum);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: CPU-heavy loop nest of depth 2 in Python binding 'pair_sum' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
  // CHECK-NOTES: :[[#pair_sum_loop]]:3: note: 'pair_sum' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
  // CHECK-FIXES: {{^}}  m.def("pair_sum", &pair_sum, py::call_guard<py::gil_scoped_release>());{{$}}
  m.def("checksum", checksum, py::arg("values"), "Adler-like checksum");
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: CPU-heavy loop nest of depth 2 (via 'pair_sum') in Python binding 'checksum' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#checksum]]:51: note: 'checksum' calls 'pair_sum' here
  // CHECK-NOTES: :[[#pair_sum_loop]]:3: note: 'pair_sum' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-4]]:21: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("checksum", checksum, py::arg("values"), "Adler-like checksum", py::call_guard<py::gil_scoped_release>());{{$}}
  m.def("read_all", &read_all);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: blocking file I/O 'std::ifstream' in Python binding 'read_all' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#read_all]]:17: note: 'read_all' calls blocking file I/O 'std::ifstream' here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("read_all", &read_all, py::call_guard<py::gil_scoped_release>());{{$}}
  m.def("sorted", [](std::vector<int> v) {
    std::sort(v.begin(), v.end());
    return v;
  });
  // CHECK-NOTES: :[[@LINE-4]]:19: warning: CPU-heavy sort 'sort' in Python binding 'sorted' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[@LINE-4]]:5: note: lambda in 'pybind11_init_example' calls CPU-heavy sort 'sort' here
  // CHECK-NOTES: :[[@LINE-6]]:19: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  }, py::call_guard<py::gil_scoped_release>());{{$}}
  py::class_<Index>(m, "Index")
      .def(py::init<>())
      .def("rebuild", &Index::rebuild)
      // CHECK-NOTES: :[[@LINE-1]]:23: warning: CPU-heavy sort 'sort' in Python binding 'rebuild' holds the GIL, {{.*}}
      // CHECK-NOTES: :[[#rebuild]]:20: note: 'Index::rebuild' calls CPU-heavy sort 'sort' here
      // CHECK-NOTES: :[[@LINE-3]]:23: note: decision table, GIL row: {{.*}}
      // CHECK-FIXES: {{^}}      .def("rebuild", &Index::rebuild, py::call_guard<py::gil_scoped_release>()){{$}}
      .def_static("wait_for_disk", &Index::wait_for_disk);
      // CHECK-NOTES: :[[@LINE-1]]:36: warning: blocking sleep 'sleep_for' in Python binding 'wait_for_disk' holds the GIL, {{.*}}
      // CHECK-NOTES: :[[#wait]]:33: note: 'Index::wait_for_disk' calls blocking sleep 'sleep_for' here
      // CHECK-NOTES: :[[@LINE-3]]:36: note: decision table, GIL row: {{.*}}
      // CHECK-FIXES: {{^}}      .def_static("wait_for_disk", &Index::wait_for_disk, py::call_guard<py::gil_scoped_release>());{{$}}

  // A call guard that does not release the GIL is no release; the fix-it
  // extends it (a binding takes one call_guard).
  m.def("noisy_sum", &pair_sum, py::call_guard<py::scoped_ostream_redirect>());
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: CPU-heavy loop nest of depth 2 in Python binding 'noisy_sum' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#pair_sum_loop]]:3: note: 'pair_sum' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[@LINE-3]]:22: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("noisy_sum", &pair_sum, py::call_guard<py::scoped_ostream_redirect, py::gil_scoped_release>());{{$}}

  // No fix-it: the function needs the GIL while it runs.
  m.def("sum_object", &sum_object);
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: CPU-heavy loop nest of depth 2 (via 'pair_sum') in Python binding 'sum_object' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#sum_object]]:73: note: 'sum_object' calls 'pair_sum' here
  // CHECK-NOTES: :[[#pair_sum_loop]]:3: note: 'pair_sum' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[#sum_object]]:28: note: no automatic fix: 'sum_object' takes the Python object 'weights', which needs the GIL while the call runs; release it only around the long work: { py::gil_scoped_release release; ... }
  // CHECK-NOTES: :[[@LINE-5]]:23: note: decision table, GIL row: {{.*}}
  m.def("sorted_copy", &sorted_copy);
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: CPU-heavy sort 'sort' in Python binding 'sorted_copy' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#sorted_copy_sort]]:3: note: 'sorted_copy' calls CPU-heavy sort 'sort' here
  // CHECK-NOTES: :[[#sorted_copy]]:10: note: no automatic fix: 'sorted_copy' returns a Python object, which needs the GIL while the call runs; release it only around the long work: { py::gil_scoped_release release; ... }
  // CHECK-NOTES: :[[@LINE-4]]:24: note: decision table, GIL row: {{.*}}
  m.def("logged", &logged);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: CPU-heavy loop nest of depth 2 (via 'checksum') in Python binding 'logged' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#logged_call]]:10: note: 'logged' calls 'checksum' here
  // CHECK-NOTES: :[[#checksum]]:51: note: 'checksum' calls 'pair_sum' here
  // CHECK-NOTES: :[[#pair_sum_loop]]:3: note: 'pair_sum' runs a CPU-heavy loop nest of depth 2 here
  // CHECK-NOTES: :[[#logged_print]]:3: note: no automatic fix: 'logged' uses the Python API here, which needs the GIL; release it only around the long work: { py::gil_scoped_release release; ... }
  // CHECK-NOTES: :[[@LINE-6]]:19: note: decision table, GIL row: {{.*}}

  m.def("sorted_ids", &sorted_ids);
  m.def("sorted_residues", &sorted_residues);
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: CPU-heavy sort 'sort' in Python binding 'sorted_residues' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#sorted_residues_sort]]:3: note: 'sorted_residues' calls CPU-heavy sort 'sort' here
  // CHECK-NOTES: :[[@LINE-3]]:28: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("sorted_residues", &sorted_residues, py::call_guard<py::gil_scoped_release>());{{$}}

  // Not flagged: released already, or short.
  m.def("pair_sum_released", &pair_sum, py::call_guard<py::gil_scoped_release>());
  m.def("checksum_released", &checksum, py::arg("values"),
        py::call_guard<py::gil_scoped_release>());
  m.def("released_inside", &released_inside);
  m.def("released_helper_call", &released_helper_call);
  m.def("calls_releasing_helper", &calls_releasing_helper);
  m.def("add", &add);
  m.def("greet", &greet);
  m.def("twice", [](int x) { return 2 * x; });
  // A lambda that hands the work to a thread does not run it.
  m.def("start", [](std::vector<int> v) {
    std::thread([v] { (void)pair_sum(v); }).detach();
  });
}
