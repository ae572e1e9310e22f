// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %runtime_include

// The taskfit runtime's own blocking calls, made from a coroutine: the
// blocking forms of channel and pool, sync_wait, and a jthread that joins in
// its destructor. Their awaitable forms are what a coroutine should use.

#include <taskfit/taskfit.hpp>

#include <thread>

taskfit::task<int> produce() { co_return 7; }

taskfit::task<int> consumer(taskfit::channel<int> &ch) {
  int total = 0;
  auto v = ch.pop();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: blocking synchronous wait 'channel::pop' in coroutine 'consumer' stalls its event loop; offload the wait to taskfit::io_pool() or await an async result instead [taskfit-blocking-call-in-async]
  // CHECK-FIXES: {{^}}  auto v = co_await taskfit::offload(taskfit::io_pool(), [&] { return ch.pop(); });{{$}}
  ch.push(1);
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: blocking synchronous wait 'channel::push' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::offload(taskfit::io_pool(), [&] { ch.push(1); });{{$}}
  int nested = taskfit::sync_wait(produce());
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: blocking synchronous wait 'sync_wait' {{.*}}
  // CHECK-FIXES: {{^}}  int nested = co_await taskfit::offload(taskfit::io_pool(), [&] { return taskfit::sync_wait(produce()); });{{$}}
  std::jthread worker([] {});
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: blocking synchronous wait 'jthread::~jthread' in coroutine 'consumer' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:16: note: no automatic fix: the destructor runs where the object's scope ends; end its work explicitly (join, close) and offload that

  // The awaitable forms and the non-blocking ones are fine.
  auto w = co_await ch.async_pop();
  co_await ch.async_push(2);
  auto maybe = ch.try_pop();
  auto polled = ch.pop_for(std::chrono::seconds(0));
  int awaited = co_await produce();
  int offloaded = co_await taskfit::offload(taskfit::io_pool(), [&] { return ch.pop().value_or(0); });
  total += v.value_or(0) + w.value_or(0) + maybe.value_or(0) + polled.value_or(0) + nested +
           awaited + offloaded;
  co_return total;
}
