// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 -I %inputs

// Work under `if (wait)` on a bool parameter runs only when the caller
// passes true: a call with a constant false (written, or the default
// argument) does not reach it, also when the parameter is passed on to
// another function. A value the caller computes, a parameter the callee
// changes, and work outside the `if` are still reached.

#include "simple_task.h"

#include <unistd.h>

struct worker_pool {
  void stop(bool wait = false) { stop(wait, 0); }
  void stop(bool wait_threads, int grace) {
    signal_threads();
    if (threads_ > 0 && wait_threads) {
      while (!all_stopped())
        usleep(1); // LINE:wait_loop
    }
  }
  void drain(bool fast) {
    if (!fast)
      sleep(1);
  }
  void restart(bool wait) {
    wait = wait || threads_ > 4;
    if (wait)
      sleep(1);
  }
  void close(bool log) {
    if (log)
      signal_threads();
    sleep(1);
  }
  void signal_threads() {}
  bool all_stopped() const { return stopped_; }
  int threads_ = 0;
  bool stopped_ = false;
};

simple_task<void> shut_down(worker_pool &pool) {
  pool.stop();
  pool.stop(false);
  pool.stop(false, 10);
  pool.drain(true);
  co_return;
}

simple_task<void> shut_down_and_wait(worker_pool &pool) {
  pool.stop(true);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking sleep 'usleep' (via 'worker_pool::stop') in coroutine 'shut_down_and_wait' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  co_return;
}

simple_task<void> shut_down_maybe(worker_pool &pool, bool wait) {
  pool.stop(wait);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking sleep 'usleep' (via 'worker_pool::stop') in coroutine 'shut_down_maybe' {{.*}}
  co_return;
}

simple_task<void> drain_slowly(worker_pool &pool) {
  pool.drain(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking sleep 'sleep' (via 'worker_pool::drain') in coroutine 'drain_slowly' {{.*}}
  co_return;
}

// The parameter is changed before it is tested: what the caller passed
// says nothing.
simple_task<void> restart_quickly(worker_pool &pool) {
  pool.restart(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking sleep 'sleep' (via 'worker_pool::restart') in coroutine 'restart_quickly' {{.*}}
  co_return;
}

// The sleep is outside the `if`.
simple_task<void> close_quietly(worker_pool &pool) {
  pool.close(false);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking sleep 'sleep' (via 'worker_pool::close') in coroutine 'close_quietly' {{.*}}
  co_return;
}
