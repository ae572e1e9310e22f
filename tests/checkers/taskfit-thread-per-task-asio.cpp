// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags -I %runtime_include

// With asio: a thread per accepted socket is a thread per task; a thread per
// io_context that runs it is one of a pool's loop threads (asio's own
// io_context_pool example), however many contexts there are.

#include <asio.hpp>
// CHECK-FIXES: #include <taskfit/taskfit.hpp>

#include <memory>
#include <thread>
#include <vector>

void session(asio::ip::tcp::socket s) {
  char data[1024];
  asio::error_code ec;
  std::size_t n = s.read_some(asio::buffer(data), ec); // LINE:read_some
  asio::write(s, asio::buffer(data, n), ec);
}

void serve(asio::io_context &ctx, unsigned short port) {
  asio::ip::tcp::acceptor a(ctx, {asio::ip::tcp::v4(), port});
  for (;;)
    std::thread(session, a.accept()).detach();
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per accepted connection in 'serve' creates one thread per connection, with no bound; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  // CHECK-NOTES: :[[#read_some]]:21: note: 'session' calls blocking network I/O 'basic_stream_socket::read_some' here
}

struct context_pool {
  std::vector<std::shared_ptr<asio::io_context>> contexts;

  // Negative: one loop thread per io_context.
  void run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < contexts.size(); ++i)
      threads.emplace_back([this, i] { contexts[i]->run(); });
    for (auto &t : threads)
      t.join();
  }

  // Negative: the same with a range-for and run_one / poll loops.
  void run_each() {
    std::vector<std::thread> threads;
    for (auto &ctx : contexts)
      threads.emplace_back([ctx] {
        while (ctx->run_one() > 0)
          ctx->poll();
      });
    for (auto &t : threads)
      t.join();
  }

  // Positive look-alike: a thread per context that does not run it.
  void restart_all() {
    std::vector<std::thread> threads;
    // CHECK-FIXES: std::vector<std::future<void>> threads;
    for (auto &ctx : contexts)
      threads.emplace_back([ctx] { session(asio::ip::tcp::socket(*ctx)); });
    // CHECK-NOTES: :[[@LINE-1]]:15: warning: std::thread started once per element of 'contexts' in 'context_pool::restart_all' creates one thread per element; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
    // CHECK-NOTES: :[[@LINE-2]]:36: note: lambda in 'context_pool::restart_all' calls 'session' here
    // CHECK-NOTES: :[[#read_some]]:21: note: 'session' calls blocking network I/O 'basic_stream_socket::read_some' here
    // CHECK-FIXES: threads.emplace_back(taskfit::io_pool().submit([ctx] { session(asio::ip::tcp::socket(*ctx)); }));
    for (auto &t : threads)
      t.join();
    // CHECK-FIXES: t.get();
  }
};
