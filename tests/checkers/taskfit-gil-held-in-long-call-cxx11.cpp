// RUN: %check_taskfit %s taskfit-gil-held-in-long-call %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++11 %py_includes

// C++11 code, as many CPython extensions are written: an iterator or a
// container passed by value is copied by an elidable constructor the source
// does not spell. The checks read the expression as written: a sort of
// what a PyDict_Next loop just converted is not reported, a sort of what
// C++ alone filled still is.

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <string>
#include <vector>

struct DictItem {
  std::string key;
  PyObject *value;
  DictItem(std::string k, PyObject *v) : key(k), value(v) {}
  bool operator<(const DictItem &other) const { return key < other.key; }
};

static bool encode_sorted(PyObject *dict, std::string &out) {
  Py_ssize_t pos = 0;
  PyObject *key, *item;
  std::vector<DictItem> items;
  while (PyDict_Next(dict, &pos, &key, &item)) {
    Py_ssize_t size;
    const char *text = PyUnicode_AsUTF8AndSize(key, &size);
    if (text == NULL)
      return false;
    items.push_back(DictItem(std::string(text, size), item));
  }
  std::sort(items.begin(), items.end());
  for (size_t i = 0; i < items.size(); ++i)
    out += items[i].key;
  return true;
}

static PyObject *dumps(PyObject *self, PyObject *args) {
  PyObject *dict;
  if (!PyArg_ParseTuple(args, "O!", &PyDict_Type, &dict))
    return NULL;
  std::string out;
  if (!encode_sorted(dict, out))
    return NULL;
  return PyUnicode_FromStringAndSize(out.data(), out.size());
}

// Look-alike: the sorted numbers come from C++, not from a Python loop.
static void fill_sorted(std::vector<long> &values, long n) {
  for (long i = 0; i < n; ++i)
    values.push_back((i * 7919) % n);
  std::sort(values.begin(), values.end()); // LINE:cxx_sort
}

static PyObject *ranks(PyObject *self, PyObject *args) {
  long n = 0;
  if (!PyArg_ParseTuple(args, "l", &n))
    return NULL;
  std::vector<long> values;
  fill_sorted(values, n); // LINE:fill_call
  return PyLong_FromLong(values.empty() ? 0 : values.back());
}

static PyMethodDef methods[] = {
    {"dumps", dumps, METH_VARARGS, "dumps"},
    {"ranks", ranks, METH_VARARGS, "ranks"},
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: CPU-heavy sort 'sort' (via 'fill_sorted') in Python binding 'ranks' holds the GIL, so no other Python thread runs meanwhile; release the GIL around it [taskfit-gil-held-in-long-call]
    // CHECK-NOTES: :[[#fill_call]]:3: note: 'ranks' calls 'fill_sorted' here
    // CHECK-NOTES: :[[#cxx_sort]]:3: note: 'fill_sorted' calls CPU-heavy sort 'sort' here
    // CHECK-NOTES: :[[#fill_call]]:3: note: release the GIL around the long work: {{.*}}
    {NULL, NULL, 0, NULL}};

static PyModuleDef module = {PyModuleDef_HEAD_INIT, "sorted", NULL, -1,
                             methods};
PyMODINIT_FUNC PyInit_sorted(void) { return PyModule_Create(&module); }
