// A stand-in for nanobind's <nanobind/nanobind.h> (nanobind is not packaged
// in Debian 12): the API shapes taskfit's Python checks look at, declared
// as nanobind 2.x declares them, with bodies that call CPython as nanobind's
// do. Not a working nanobind: the tests only check and compile against it.
#ifndef TASKFIT_TEST_NANOBIND_STANDIN_H
#define TASKFIT_TEST_NANOBIND_STANDIN_H

#include <Python.h>

#include <cstddef>
#include <utility>

namespace nanobind {

class handle {
public:
  handle() = default;
  handle(PyObject *ptr) : m_ptr(ptr) {}
  PyObject *ptr() const { return m_ptr; }
  const handle &inc_ref() const { Py_XINCREF(m_ptr); return *this; }
  const handle &dec_ref() const { Py_XDECREF(m_ptr); return *this; }
  explicit operator bool() const { return m_ptr != nullptr; }

protected:
  PyObject *m_ptr = nullptr;
};

class object : public handle {
public:
  object() = default;
  object(const object &o) : handle(o) { inc_ref(); }
  object(object &&o) noexcept : handle(o) { o.m_ptr = nullptr; }
  ~object() { dec_ref(); }
  object &operator=(const object &o) {
    o.inc_ref();
    dec_ref();
    m_ptr = o.m_ptr;
    return *this;
  }
  handle release() {
    handle h(m_ptr);
    m_ptr = nullptr;
    return h;
  }
};

class list : public object {
public:
  list() { m_ptr = PyList_New(0); }
  template <typename T> void append(T &&value);
  size_t size() const { return static_cast<size_t>(PyList_GET_SIZE(m_ptr)); }
};

class str : public object {
public:
  explicit str(const char *s) { m_ptr = PyUnicode_FromString(s); }
  const char *c_str() const { return PyUnicode_AsUTF8AndSize(m_ptr, nullptr); }
};

template <typename T> object cast(T &&value);
template <typename T> T cast(const handle &h);

template <typename T> void list::append(T &&value) {
  object o = nanobind::cast(std::forward<T>(value));
  PyList_Append(m_ptr, o.ptr());
}

class gil_scoped_acquire {
public:
  gil_scoped_acquire() : state(PyGILState_Ensure()) {}
  ~gil_scoped_acquire() { PyGILState_Release(state); }
  gil_scoped_acquire(const gil_scoped_acquire &) = delete;

private:
  PyGILState_STATE state;
};

class gil_scoped_release {
public:
  gil_scoped_release() : state(PyEval_SaveThread()) {}
  ~gil_scoped_release() { PyEval_RestoreThread(state); }
  gil_scoped_release(const gil_scoped_release &) = delete;

private:
  PyThreadState *state;
};

template <typename... Ts> struct call_guard {};

struct arg {
  explicit constexpr arg(const char *name) : name(name) {}
  const char *name;
};

template <typename... Args> struct init {};

class module_ : public object {
public:
  template <typename Func, typename... Extra>
  module_ &def(const char *name, Func &&f, const Extra &...extra) {
    (void)name;
    (void)f;
    ((void)extra, ...);
    return *this;
  }
};

template <typename T, typename... Ts> class class_ : public object {
public:
  template <typename... Extra>
  class_(handle scope, const char *name, const Extra &...extra) {}

  template <typename Func, typename... Extra>
  class_ &def(const char *name, Func &&f, const Extra &...extra) {
    return *this;
  }
  template <typename... Args, typename... Extra>
  class_ &def(init<Args...> ctor, const Extra &...extra) {
    return *this;
  }
  template <typename Func, typename... Extra>
  class_ &def_static(const char *name, Func &&f, const Extra &...extra) {
    return *this;
  }
};

} // namespace nanobind

#define NB_MODULE(name, variable)                                              \
  static void nanobind_init_##name(::nanobind::module_ &);                     \
  extern "C" PyObject *PyInit_##name() {                                       \
    ::nanobind::module_ m;                                                     \
    nanobind_init_##name(m);                                                   \
    return m.release().ptr();                                                  \
  }                                                                            \
  void nanobind_init_##name(::nanobind::module_ &variable)

#endif // TASKFIT_TEST_NANOBIND_STANDIN_H
