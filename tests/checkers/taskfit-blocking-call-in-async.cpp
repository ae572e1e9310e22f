// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- -- -std=c++20 -I %inputs

#include "simple_task.h"

#include <cassert>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <semaphore>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;

// The six calls of the issue, in a coroutine: six findings.
simple_task<int> load(std::future<int> f, int fd) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'load' stalls its event loop; await a timer instead (taskfit::sleep_for, asio::steady_timer) [taskfit-blocking-call-in-async]
  FILE *fp = fopen("config.ini", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking file I/O 'fopen' in coroutine 'load' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  char buf[64];
  recv(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'recv' in coroutine 'load' {{.*}}
  addrinfo *res = nullptr;
  getaddrinfo("example.org", "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking DNS lookup 'getaddrinfo' in coroutine 'load' {{.*}}
  system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking process call 'system' in coroutine 'load' {{.*}}
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking synchronous wait 'future::get' in coroutine 'load' stalls its event loop; offload the wait to taskfit::io_pool() or await an async result instead [taskfit-blocking-call-in-async]
  fclose(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'fclose' {{.*}}
  co_return v;
}

// The same calls in a plain function: nothing to report.
int load_sync(std::future<int> f, int fd) {
  std::this_thread::sleep_for(10ms);
  FILE *fp = fopen("config.ini", "r");
  char buf[64];
  recv(fd, buf, sizeof buf, 0);
  addrinfo *res = nullptr;
  getaddrinfo("example.org", "80", nullptr, &res);
  system("ls");
  fclose(fp);
  return f.get();
}

// Sleep family and the other blocking kinds.
simple_task<> kinds(int fd, pid_t child, std::shared_future<int> sf,
                    std::thread &t, std::condition_variable &cv,
                    std::mutex &m, std::counting_semaphore<4> &sem,
                    std::latch &done) {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in coroutine 'kinds' {{.*}}
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'usleep' {{.*}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_until' {{.*}}
  char buf[16];
  read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'read' {{.*}}
  write(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'write' {{.*}}
  accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'accept' {{.*}}
  waitpid(child, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking process call 'waitpid' {{.*}}
  popen("date", "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking process call 'popen' {{.*}}
  gethostbyname("example.org");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking DNS lookup 'gethostbyname' {{.*}}
  sf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking synchronous wait 'shared_future::get' {{.*}}
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking synchronous wait '__basic_future::wait' {{.*}}
  sf.wait_for(5s);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking synchronous wait '__basic_future::wait_for' {{.*}}
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking synchronous wait 'thread::join' {{.*}}
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking synchronous wait 'condition_variable::wait' {{.*}}
  sem.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking synchronous wait 'counting_semaphore::acquire' {{.*}}
  done.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking synchronous wait 'latch::wait' {{.*}}
  int c = getchar();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking console input 'getchar' {{.*}}
  scanf("%d", &c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking console input 'scanf' {{.*}}
  co_return;
}

// Look-alikes that do not block.
simple_task<> lookalikes(std::future<int> &f, std::counting_semaphore<4> &sem,
                         std::mutex &m) {
  // Polling a future with a zero timeout does not wait.
  if (f.wait_for(0s) == std::future_status::ready) {
  }
  if (f.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
  }
  if (f.wait_for(std::chrono::milliseconds::zero()) == std::future_status::ready) {
  }
  sem.try_acquire();
  // A short critical section is not a blocking wait.
  std::lock_guard<std::mutex> lock(m);
  // Logging to the console is not file I/O.
  fprintf(stderr, "loading\n");
  fputs("loading\n", stdout);
  std::printf("%d\n", 1);
  // In-memory streams do no I/O.
  std::istringstream in("1 2 3");
  int n = 0;
  in >> n;
  std::string line;
  std::getline(in, line);
  std::ostringstream out;
  out << n;
  // A default-constructed file stream opens nothing.
  std::ifstream unopened;
  // Writing to std::cout is not console *input*.
  std::cout << "ready\n";
  co_return;
}

// Flags and timeouts that make a call return at once.
simple_task<> nonblocking_forms(int fd, pollfd *fds) {
  int status = 0;
  while (waitpid(-1, &status, WNOHANG) > 0) {
  }
  char buf[16];
  recv(fd, buf, sizeof buf, MSG_DONTWAIT);
  send(fd, buf, sizeof buf, MSG_DONTWAIT | MSG_NOSIGNAL);
  poll(fds, 1, 0);
  waitpid(-1, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking process call 'waitpid' {{.*}}
  poll(fds, 1, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'poll' {{.*}}
  co_return;
}

// Streams and console input.
simple_task<> streams() {
  std::ifstream in("data.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' {{.*}}
  std::string line;
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'getline' {{.*}}
  int n;
  in >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking file I/O 'operator>>' {{.*}}
  in.read(line.data(), 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking file I/O 'basic_istream::read' {{.*}}
  std::ofstream out("out.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ofstream' {{.*}}
  out << line;
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking file I/O 'operator<<' {{.*}}
  std::getline(std::cin, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking console input 'getline' {{.*}}
  std::cin >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking console input 'operator>>' {{.*}}
  fputs(line.c_str(), fopen("log.txt", "a"));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking file I/O 'fputs' {{.*}}
  // CHECK-MESSAGES: :[[@LINE-2]]:23: warning: blocking file I/O 'fopen' {{.*}}
  co_return;
}

// Lambdas and members are coroutines too; a lambda's body is its own
// context: one that is not a coroutine is not reported where it is written.
struct Session {
  simple_task<> run(int fd) {
    char c;
    recv(fd, &c, 1, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking network I/O 'recv' in coroutine 'Session::run' {{.*}}
    co_return;
  }
  static simple_task<> tick() {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in coroutine 'Session::tick' {{.*}}
    co_return;
  }
};

void start() {
  auto coro = []() -> simple_task<> {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in coroutine lambda in 'start' {{.*}}
    co_return;
  };
  coro();
  auto plain = [] { sleep(1); };
  plain();
}

simple_task<> hands_off(std::thread &worker) {
  // Work handed to another thread is not run on the loop.
  worker = std::thread([] {
    std::this_thread::sleep_for(1s);
    FILE *fp = fopen("big.bin", "r");
    fclose(fp);
  });
  auto fut = std::async(std::launch::async, [] { return system("make"); });
  co_await ready_awaitable{};
  co_return;
}

// Templates: reported once, at the pattern's call.
template <typename Fut> simple_task<> await_in_template(Fut f) {
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' in coroutine 'await_in_template' {{.*}}
  f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking synchronous wait 'future::get' in coroutine 'await_in_template' {{.*}}
  co_return;
}
void use_template() {
  await_in_template(std::future<int>{});
  await_in_template(std::future<long>{});
}

// Unevaluated operands never run.
simple_task<> unevaluated() {
  static_assert(sizeof(sleep(1)) == sizeof(unsigned));
  using R = decltype(fopen("x", "r"));
  bool nothrow = noexcept(system("x"));
  (void)nothrow;
  co_await ready_awaitable{};
}

// NOLINT silences a finding.
simple_task<> quiet() {
  sleep(1); // NOLINT(taskfit-blocking-call-in-async)
  // NOLINTNEXTLINE(taskfit-blocking-call-in-async)
  usleep(1);
  co_return;
}

// Checks inside assert() are compiled away in release builds (NDEBUG): not
// work the coroutine does. The same call outside the assertion is.
simple_task<> verify_download(const char *path) {
  co_await ready_awaitable{};
  assert(std::filesystem::file_size(path) == 10);
  auto size = std::filesystem::file_size(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking file I/O 'file_size' in coroutine 'verify_download' stalls its event loop{{.*}}
  assert(size == 10);
  (void)size;
}
