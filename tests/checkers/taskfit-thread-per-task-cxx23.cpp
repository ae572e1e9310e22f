// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++23

// An `if consteval` has no condition: the search for an accept loop's cap
// on open connections passes over it.

#include <sys/socket.h>
#include <thread>
#include <unistd.h>

void handle(int fd) {
  char buf[16];
  recv(fd, buf, sizeof buf, 0);
  close(fd);
}

void run(int listener) {
  for (;;) {
    int fd = accept(listener, nullptr, nullptr);
    if !consteval {
      if (fd < 0)
        continue;
    }
    std::thread(handle, fd).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: std::thread started once per accepted connection in 'run' creates one thread per connection, with no bound; {{.*}}
  }
}
