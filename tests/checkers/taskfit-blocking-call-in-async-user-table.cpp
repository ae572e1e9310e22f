// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.DecisionTable: '%inputs/user-table.json'}}" \
// RUN:   -- -std=c++20 -I %inputs

// User tables and source annotations extend the built-in table.

#include "simple_task.h"
#include <unistd.h>

namespace corp {
struct Stub {
  int call_sync(int request);
  ready_awaitable call_async(int request);
};
} // namespace corp

[[clang::annotate("taskfit::blocking:database")]] int query(const char *sql);
[[clang::annotate("taskfit::blocking")]] void legacy_flush();
[[clang::annotate("taskfit::nonblocking")]] unsigned sleep_quietly(unsigned s);
unsigned sleep_quietly(unsigned s);
// An annotation on a later declaration counts as well.
int fetch_all();
[[clang::annotate("taskfit::blocking:network")]] int fetch_all();

simple_task<int> handler(corp::Stub &stub, int fd) {
  int r = stub.call_sync(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking RPC 'Stub::call_sync' in coroutine 'handler' stalls its event loop; call the async stub instead [taskfit-blocking-call-in-async]
  co_await stub.call_async(2);
  query("select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking database call 'query' in coroutine 'handler' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  legacy_flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call 'legacy_flush' in coroutine 'handler' {{.*}}
  fetch_all();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'fetch_all' in coroutine 'handler' {{.*}}
  // The user table says ::write is fine here (a non-blocking descriptor).
  char c = 0;
  write(fd, &c, 1);
  // Built-in entries still apply.
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'read' in coroutine 'handler' {{.*}}
  sleep_quietly(1);
  co_return r;
}
