// The shape of concurrencpp's coroutine and executor types (declarations
// only: the checks read the types). concurrencpp has no event loop: a
// result<T> coroutine resumes on the executor that completed what it
// awaited, a thread pool or a thread of its own.
#pragma once
#include <coroutine>
#include <memory>

namespace concurrencpp {
template <class T> class result {
public:
  struct promise_type {
    result get_return_object();
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T);
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  T await_resume();
  T get();
};
template <> class result<void> {
public:
  struct promise_type {
    result get_return_object();
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void();
    void unhandled_exception();
  };
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume();
  void get();
};

class executor {
public:
  virtual ~executor() = default;
};
class thread_pool_executor : public executor {};
class background_executor : public executor {};

// Awaiting it moves the coroutine onto the executor.
struct resume_on_awaitable {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() noexcept;
};
resume_on_awaitable resume_on(std::shared_ptr<executor>);
} // namespace concurrencpp
