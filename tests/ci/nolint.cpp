// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- -- -std=c++20 -I %inputs

// clang-tidy's suppression comments work for taskfit's checks, through the
// plugin and taskfit-tidy alike: NOLINT, NOLINT(check), NOLINTNEXTLINE and a
// begin/end block; a suppression naming another check suppresses nothing.

#include "simple_task.h"
#include <unistd.h>

simple_task<> suppressed() {
  sleep(1); // NOLINT
  sleep(2); // NOLINT(taskfit-blocking-call-in-async)
  sleep(3); // NOLINT(taskfit-*)
  // NOLINTNEXTLINE(taskfit-blocking-call-in-async)
  sleep(4);
  // NOLINTBEGIN(taskfit-blocking-call-in-async)
  sleep(5);
  usleep(6);
  // NOLINTEND(taskfit-blocking-call-in-async)
  co_return;
}

simple_task<> not_suppressed() {
  sleep(7); // NOLINT(bugprone-use-after-move)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in coroutine 'not_suppressed' {{.*}} [taskfit-blocking-call-in-async]
  // NOLINTNEXTLINE(modernize-*)
  sleep(8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in coroutine 'not_suppressed' {{.*}} [taskfit-blocking-call-in-async]
  // NOLINTBEGIN
  usleep(9);
  // NOLINTEND
  co_return;
}
