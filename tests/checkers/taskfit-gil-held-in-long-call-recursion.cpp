// RUN: %check_taskfit %s taskfit-gil-held-in-long-call %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 %py_includes

// Naive Fibonacci bound to Python, with and without a GIL release: two
// recursive calls per frame on a shrinking count is exponential work.
// Recursion over a structure, or one call per frame, is not.

#include <pybind11/pybind11.h>
namespace py = pybind11;

long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long fib_sum(int n) { return fib(n) + fib(n - 1); }
long countdown(int n) { return n <= 0 ? 0 : 1 + countdown(n - 1); }

struct Node {
  Node *left = nullptr, *right = nullptr;
  int value = 0;
};
int tree_sum(const Node *n) {
  return n ? n->value + tree_sum(n->left) + tree_sum(n->right) : 0;
}

PYBIND11_MODULE(recursion, m) {
  m.def("fib", &fib);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: CPU-heavy tree recursion 'fib' in Python binding 'fib' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
  // CHECK-FIXES: {{^}}  m.def("fib", &fib, py::call_guard<py::gil_scoped_release>());{{$}}
  m.def("fib_released", &fib, py::call_guard<py::gil_scoped_release>());
  m.def("fib_sum", &fib_sum);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: CPU-heavy tree recursion 'fib' (via 'fib') in Python binding 'fib_sum'
  // CHECK-FIXES: {{^}}  m.def("fib_sum", &fib_sum, py::call_guard<py::gil_scoped_release>());{{$}}
  m.def("countdown", &countdown);
  py::class_<Node>(m, "Node").def(py::init<>());
  m.def("tree_sum", &tree_sum);
}
