// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 -I %inputs

// A lazy coroutine runs where it is started until it first suspends. Given
// to a synchronous wait from main, it starts on main's thread, where no
// event loop runs: what it does before its first co_await blocks nothing
// but main. After the co_await it resumes on the thread that completed the
// operation, and is judged as any coroutine.

#include "coroutine_libs/lazy.h"

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace std::chrono_literals;

// --- started on main's thread: the stretch before the first suspension ----

cppcoro::task<int> download_report() {
  std::ofstream log("report.log");
  std::this_thread::sleep_for(200ms);
  int status = co_await fetch("http://example.com/report");
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'download_report' stalls its event loop
  co_return status;
}

// Never suspends: all of it runs on the starter's thread.
async_simple::coro::Lazy<void> write_config() {
  std::ofstream out("config.ini");
  out << "threads=4\n";
  co_return;
}

// Awaited as the first suspension of a coroutine main starts: it starts on
// main's thread too.
async_simple::coro::Lazy<int> prepare() {
  std::ifstream in("input.txt");
  co_return co_await fetch("http://example.com/prepare");
}

async_simple::coro::Lazy<int> run_all() {
  int prepared = co_await prepare();
  co_return prepared;
}

// A local declared before the first suspension lives past it: its
// destructor (a jthread joining) runs on the thread the coroutine resumed
// on.
cppcoro::task<int> with_worker() {
  std::jthread worker([] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking synchronous wait 'jthread::~jthread' in coroutine 'with_worker' stalls its event loop
  {
    std::jthread scoped([] {});
  }
  co_return co_await fetch("http://example.com/worker");
}

// --- look-alikes: not started on a thread without an event loop ------------

// Also awaited by a coroutine no one starts synchronously.
cppcoro::task<int> load_profile() {
  std::ifstream in("profile.json");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'load_profile' stalls its event loop
  co_return co_await fetch("http://example.com/profile");
}

cppcoro::task<int> serve_profile() {
  co_return co_await load_profile();
}

// Started on an executor: syncAwait(lazy, executor) schedules it there.
async_simple::coro::Lazy<int> on_executor() {
  std::ifstream in("state.bin");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'on_executor' stalls its event loop
  co_return co_await fetch("http://example.com/state");
}

// Blocking in a loop that suspends: every round after the first runs after
// a suspension.
cppcoro::task<int> poll_feed() {
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1s);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep_for' in coroutine 'poll_feed' stalls its event loop
    total += co_await fetch("http://example.com/feed");
  }
  co_return total;
}

// Started synchronously, but from a coroutine, once that one resumed on an
// I/O thread: it starts there (and the wait itself blocks that thread).
cppcoro::task<int> nested_report() {
  std::ofstream log("nested.log");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ofstream' in coroutine 'nested_report' stalls its event loop
  co_return co_await fetch("http://example.com/nested");
}

cppcoro::task<int> waits_inside() {
  int first = co_await fetch("http://example.com/inside");
  int n = cppcoro::sync_wait(nested_report());
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking synchronous wait 'sync_wait' in coroutine 'waits_inside' stalls its event loop
  co_return first + n;
}

// Also named elsewhere (its address kept for later): it may be started
// anywhere.
async_simple::coro::Lazy<int> also_stored() {
  std::ifstream in("stored.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in coroutine 'also_stored' stalls its event loop
  co_return co_await fetch("http://example.com/stored");
}
async_simple::coro::Lazy<int> (*stored_start)() = nullptr;
void keep_for_later() { stored_start = &also_stored; }

int main() {
  async_simple::Executor *executor = nullptr;
  int a = cppcoro::sync_wait(download_report());
  async_simple::coro::syncAwait(write_config());
  int b = async_simple::coro::syncAwait(run_all());
  int c = cppcoro::sync_wait(with_worker());
  int d = cppcoro::sync_wait(load_profile());
  int e = async_simple::coro::syncAwait(on_executor(), executor);
  int f = cppcoro::sync_wait(poll_feed());
  int g = cppcoro::sync_wait(waits_inside());
  int h = async_simple::coro::syncAwait(also_stored());
  return a + b + c + d + e + f + g + h;
}
