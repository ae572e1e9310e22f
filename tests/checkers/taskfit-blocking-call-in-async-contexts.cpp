// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.DecisionTable: '%inputs/event-loop-table.json', taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20

// Async contexts a user declares: context APIs in the decision table, and
// source annotations on functions and on callback parameters.

#include <functional>
#include <unistd.h>

namespace evl {
struct Loop {
  void on_readable(int fd, std::function<void(int)> callback);
  void defer(std::function<void()> callback);
  // Not a context API: runs the callback on a helper thread.
  void in_background(std::function<void()> callback);
};
struct Worker {
  void run(std::function<void()> job);
};
} // namespace evl

// A callback registration function annotated on its parameter.
void every(int ms, [[clang::annotate("taskfit::async")]] std::function<void()> tick);

// A function that runs on the loop by design.
[[clang::annotate("taskfit::async")]] void on_signal(int sig) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in async function 'on_signal' stalls its event loop; await a timer instead (taskfit::sleep_for, asio::steady_timer) [taskfit-blocking-call-in-async]
}

void handle(int fd) {
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'read' in completion handler 'handle' {{.*}}
}

void wire(evl::Loop &loop, evl::Worker &worker) {
  loop.on_readable(0, handle);
  loop.defer([] {
    usleep(10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'usleep' in completion handler lambda in 'wire' {{.*}}
  });
  every(100, [] {
    sleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'wire' {{.*}}
  });
  // Not the loop: nothing to report.
  loop.in_background([] { sleep(3); });
  worker.run([] { sleep(4); });
}

// Ordinary functions are not contexts.
void plain() { sleep(5); }
