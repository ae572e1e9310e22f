// The shape of the lazy coroutine types of cppcoro and async_simple, and
// their synchronous waits (declarations only: the checks read the types).
#pragma once
#include <coroutine>

namespace detail {
template <typename T> struct lazy {
  struct promise_type {
    lazy get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
};
template <> struct lazy<void> {
  struct promise_type {
    lazy get_return_object();
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void();
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
};
} // namespace detail

namespace cppcoro {
template <typename T = void> using task = detail::lazy<T>;
template <typename T> T sync_wait(task<T> &&);
} // namespace cppcoro

namespace async_simple {
class Executor;
namespace coro {
template <typename T = void> using Lazy = detail::lazy<T>;
template <typename T> T syncAwait(Lazy<T> &&);
template <typename T> T syncAwait(Lazy<T> &&, Executor *);
} // namespace coro
} // namespace async_simple

// An operation that completes on an I/O thread: the coroutine resumes there.
struct network_reply {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  int await_resume();
};
network_reply fetch(const char *url);
