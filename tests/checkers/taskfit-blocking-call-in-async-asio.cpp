// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit-blocking-call-in-async.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags -I %runtime_include

// asio: awaitable coroutines and completion handlers run on the io_context's
// loop; work posted to an asio::thread_pool does not. Blocking asio calls are
// flagged, their async_ look-alikes are not.

#include <asio.hpp>
// CHECK-FIXES: #include <taskfit/asio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <unistd.h>

using asio::ip::tcp;
using namespace std::chrono_literals;

std::string load_greeting() {
  FILE *f = fopen("greeting.txt", "r"); // LINE:greeting_fopen
  std::string s;
  if (f)
    fclose(f);
  return s;
}

// --- awaitable coroutines, with fix-its -------------------------------------
asio::awaitable<void> session(tcp::socket socket) {
  char data[1024];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  std::this_thread::sleep_for(50ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep_for' in coroutine 'session' stalls its event loop; await a timer instead (taskfit::sleep_for, asio::steady_timer) [taskfit-blocking-call-in-async]
  // CHECK-FIXES: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, 50ms).async_wait(asio::use_awaitable);{{$}}
  sleep(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'sleep' {{.*}}
  // CHECK-FIXES: {{^}}  co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::seconds(1)).async_wait(asio::use_awaitable);{{$}}
  std::string greeting = load_greeting();
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: blocking file I/O 'fopen' (via 'load_greeting') in coroutine 'session' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  // CHECK-NOTES: :[[#greeting_fopen]]:13: note: 'load_greeting' calls blocking file I/O 'fopen' here
  // CHECK-FIXES: {{^}}  std::string greeting = co_await taskfit::asio_offload(taskfit::io_pool(), [&] { return load_greeting(); });{{$}}
  asio::write(socket, asio::buffer(data, n));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking network I/O 'write' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { asio::write(socket, asio::buffer(data, n)); });{{$}}
  socket.write_some(asio::buffer(greeting));
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: blocking network I/O 'basic_stream_socket::write_some' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { socket.write_some(asio::buffer(greeting)); });{{$}}
  // The asynchronous forms are what the loop wants.
  co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  asio::steady_timer timer(co_await asio::this_coro::executor, 10ms);
  co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<void> resolve_and_connect(tcp::socket &socket) {
  tcp::resolver resolver(co_await asio::this_coro::executor);
  auto endpoints = resolver.resolve("example.org", "80");
  // CHECK-NOTES: :[[@LINE-1]]:29: warning: blocking DNS lookup 'basic_resolver::resolve' {{.*}}
  // CHECK-FIXES: {{^}}  auto endpoints = co_await taskfit::asio_offload(taskfit::io_pool(), [&] { return resolver.resolve("example.org", "80"); });{{$}}
  asio::connect(socket, endpoints);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking network I/O 'connect' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { asio::connect(socket, endpoints); });{{$}}
  auto async_endpoints =
      co_await resolver.async_resolve("example.org", "80", asio::use_awaitable);
  co_await asio::async_connect(socket, async_endpoints, asio::use_awaitable);
}

// --- completion handlers: lambdas, functions, function objects ---------------
void on_timer(const std::error_code &) {
  usleep(100);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: blocking sleep 'usleep' in completion handler 'on_timer' {{.*}}
}

struct LogWriter {
  void operator()(std::error_code, std::size_t) const {
    fputs("written\n", fopen("log.txt", "a"));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking file I/O 'fputs' in completion handler 'LogWriter::operator()' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:24: warning: blocking file I/O 'fopen' in completion handler 'LogWriter::operator()' {{.*}}
  }
};

void start(asio::io_context &io, tcp::socket &socket, asio::thread_pool &pool) {
  static char buf[64];
  socket.async_read_some(asio::buffer(buf), [](std::error_code, std::size_t) {
    sleep(1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'start' {{.*}}
  });
  asio::steady_timer timer(io, 1s);
  timer.async_wait(on_timer);
  asio::async_write(socket, asio::buffer(buf), LogWriter{});
  asio::post(io, [] {
    load_greeting();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking file I/O 'fopen' (via 'load_greeting') in completion handler lambda in 'start' {{.*}}
    // CHECK-NOTES: :[[#greeting_fopen]]:13: note: 'load_greeting' calls blocking file I/O 'fopen' here
  });
  auto strand = asio::make_strand(io);
  asio::dispatch(strand, [] {
    system("sync");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking process call 'system' in completion handler lambda in 'start' {{.*}}
  });
  asio::co_spawn(io, session(tcp::socket(io)), [](std::exception_ptr) {
    getchar();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking console input 'getchar' in completion handler lambda in 'start' {{.*}}
  });

  // A thread pool is the right place for blocking work: not flagged.
  asio::post(pool, [] { sleep(1); });
  asio::post(pool.get_executor(), [] { load_greeting(); });
  asio::dispatch(asio::make_strand(pool), [] { system("sync"); });
  // Sending a datagram does not wait for a peer.
  static asio::ip::udp::socket udp(io);
  udp.async_receive(asio::buffer(buf), [](std::error_code, std::size_t n) {
    udp.send_to(asio::buffer(buf, n), asio::ip::udp::endpoint());
  });
  // A lambda that is never handed to the loop is not a handler.
  auto later = [] { sleep(5); };
  (void)later;
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(2);
  tcp::socket socket(io);
  start(io, socket, pool);
  asio::co_spawn(io, session(tcp::socket(io)), asio::detached);
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    co_await resolve_and_connect(socket);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep_for' in coroutine lambda in 'main' {{.*}}
    // CHECK-FIXES: {{^}}    co_await asio::steady_timer(co_await asio::this_coro::executor, std::chrono::milliseconds(1)).async_wait(asio::use_awaitable);{{$}}
  }, asio::detached);
  io.run();
}
