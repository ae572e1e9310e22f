// RUN: %check_taskfit %s taskfit-gil-held-in-long-call %t -- \
// RUN:   --config="{CheckOptions: {taskfit.LoopTripCount: 500}}" \
// RUN:   -- -std=c++20 %py_includes

// CPython method tables: the PyMethodDef entries' functions, also cast to
// PyCFunction through void(*)(void) for METH_VARARGS | METH_KEYWORDS. No
// fix-it there (a PyCFunction works on Python objects throughout): a note
// says where to release. And pybind11 without a namespace alias: the fix-it
// spells pybind11:: out. taskfit.LoopTripCount lowers what a long constant
// loop is.

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pybind11/pybind11.h>

#include <cstdio>
#include <unistd.h>

static long spin(long n) {
  long s = 0;
  for (long i = 0; i < 1000; ++i) // LINE:spin_loop
    s += i * n;
  return s;
}

static PyObject *spin_py(PyObject *self, PyObject *args) {
  long n = 0;
  if (!PyArg_ParseTuple(args, "l", &n))
    return nullptr;
  return PyLong_FromLong(spin(n)); // LINE:spin_call
}

static PyObject *nap_py(PyObject *self, PyObject *args, PyObject *kwargs) {
  sleep(1); // LINE:nap_sleep
  Py_RETURN_NONE;
}

// Look-alikes: the work runs between Py_BEGIN_ALLOW_THREADS and
// Py_END_ALLOW_THREADS, or the function is short.
static PyObject *spin_released(PyObject *self, PyObject *args) {
  long n = 0, r = 0;
  if (!PyArg_ParseTuple(args, "l", &n))
    return nullptr;
  Py_BEGIN_ALLOW_THREADS
  r = spin(n);
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(r);
}

static PyObject *version(PyObject *self, PyObject *) {
  return PyUnicode_FromString("1.0");
}

static PyMethodDef methods[] = {
    {"spin", spin_py, METH_VARARGS, "spin"},
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: CPU-heavy loop (via 'spin') in Python binding 'spin' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
    // CHECK-NOTES: :[[#spin_call]]:26: note: 'spin_py' calls 'spin' here
    // CHECK-NOTES: :[[#spin_loop]]:3: note: 'spin' runs a CPU-heavy loop here
    // CHECK-NOTES: :[[#spin_call]]:26: note: release the GIL around the long work: Py_BEGIN_ALLOW_THREADS before it, Py_END_ALLOW_THREADS after it, and no Python object in between
    // CHECK-NOTES: :[[@LINE-5]]:14: note: decision table, GIL row: fits simple memory management; does not fit CPU-bound multi-threading
    {"nap", (PyCFunction)(void (*)(void))nap_py, METH_VARARGS | METH_KEYWORDS, "nap"},
    // CHECK-NOTES: :[[@LINE-1]]:13: warning: blocking sleep 'sleep' in Python binding 'nap' holds the GIL, {{.*}}
    // CHECK-NOTES: :[[#nap_sleep]]:3: note: 'nap_py' calls blocking sleep 'sleep' here
    // CHECK-NOTES: :[[#nap_sleep]]:3: note: release the GIL around the long work: {{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:13: note: decision table, GIL row: {{.*}}
    {"spin_released", spin_released, METH_VARARGS, "spin, releasing the GIL"},
    {"version", version, METH_NOARGS, "version"},
    {nullptr, nullptr, 0, nullptr}};

static long count_to(long n) {
  long s = 0;
  for (long i = 0; i < 100000; ++i) // LINE:count_loop
    s += i % (n + 1);
  return s;
}

PYBIND11_MODULE(plain, m) {
  m.def("count_to", &count_to);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: CPU-heavy loop in Python binding 'count_to' holds the GIL, {{.*}}
  // CHECK-NOTES: :[[#count_loop]]:3: note: 'count_to' runs a CPU-heavy loop here
  // CHECK-NOTES: :[[@LINE-3]]:21: note: decision table, GIL row: {{.*}}
  // CHECK-FIXES: {{^}}  m.def("count_to", &count_to, pybind11::call_guard<pybind11::gil_scoped_release>());{{$}}
}
