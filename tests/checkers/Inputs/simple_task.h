// A minimal eager coroutine type for tests that do not need the taskfit
// runtime: what matters to the checks is that a body is a coroutine.
#pragma once
#include <coroutine>

template <typename T = void> struct simple_task {
  struct promise_type {
    simple_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
  };
};

template <> struct simple_task<void> {
  struct promise_type {
    simple_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

// An awaitable that never suspends, to give coroutines something to await.
struct ready_awaitable {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
};
