// RUN: %check_taskfit %s taskfit-gil-held-in-long-call %t -- \
// RUN:   --config="{CheckOptions: {taskfit.DecisionTable: '%inputs/python-bindings-table.json', taskfit-gil-held-in-long-call.ShowTableRow: false}}" \
// RUN:   -- -std=c++20

// A user table declares a project's own binding API as a "python" context:
// its functions are checked like pybind11's. No fix-it (taskfit does not
// know the API's options), a note says how to release the GIL.

#include <algorithm>
#include <vector>

namespace mylib {
using Fn = void (*)(std::vector<int> &);
void bind(const char *name, Fn fn);
void unrelated(const char *name, Fn fn);
} // namespace mylib

void sort_all(std::vector<int> &v) { std::sort(v.begin(), v.end()); } // LINE:sort_all
void first_only(std::vector<int> &v) { v.resize(1); }

void register_all() {
  mylib::bind("sort_all", &sort_all);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: CPU-heavy sort 'sort' in Python binding 'sort_all' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
  // CHECK-NOTES: :[[#sort_all]]:38: note: 'sort_all' calls CPU-heavy sort 'sort' here
  // CHECK-NOTES: :[[#sort_all]]:38: note: release the GIL around the long work (a gil_scoped_release block, or Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS), with no Python object in between
  mylib::bind("first_only", &first_only);
  mylib::unrelated("sort_all", &sort_all);
}
