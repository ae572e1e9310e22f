// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags
// RUN: %check_taskfit --check-suffix=BOOST %s taskfit-blocking-call-in-async %t-boost -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %boost_asio_flags -DTEST_BOOST

// Coroutines without C++20 coroutines. asio::spawn runs a function taking a
// yield_context as a stackful coroutine on the executor it is given: an
// io_context or a strand of one is the event loop, a thread_pool is not. A
// stackless asio::coroutine that passes itself (*this) as the completion
// handler of its own operations runs its operator() on the loop each time
// one completes.

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <string>
#include <unistd.h>
#include <utility>

#ifndef TEST_BOOST
#include <asio.hpp>
#include <asio/spawn.hpp>

using asio::ip::tcp;

std::string read_motd() {
  std::ifstream in("/etc/motd"); // LINE:motd
  std::string line;
  std::getline(in, line);
  return line;
}

// --- asio::spawn -------------------------------------------------------------
void do_echo(tcp::socket socket, asio::yield_context yield) {
  char data[128];
  for (;;) {
    std::size_t n = socket.async_read_some(asio::buffer(data), yield);
    socket.write_some(asio::buffer(data, n));
    asio::async_write(socket, asio::buffer(data, n), yield);
  }
}

void listen(asio::io_context &io, asio::thread_pool &pool) {
  asio::spawn(io, [&io](asio::yield_context yield) {
    tcp::acceptor acceptor(io, {tcp::v4(), 7000});
    for (;;) {
      tcp::socket socket(io);
      acceptor.async_accept(socket, yield);
      std::string motd = read_motd();
      // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: blocking file I/O 'std::ifstream' (via 'read_motd') in completion handler lambda in 'listen' {{.*}}
      asio::async_write(socket, asio::buffer(motd), yield);
      asio::spawn(acceptor.get_executor(),
                  [s = std::move(socket)](asio::yield_context y) mutable {
                    do_echo(std::move(s), y);
                    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking network I/O 'basic_stream_socket::write_some' (via 'do_echo') in completion handler lambda in lambda in 'listen' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
                  });
    }
  });

  // A strand of the io_context: the same loop.
  asio::spawn(asio::make_strand(io), [](asio::yield_context yield) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'listen' {{.*}}
  });

  // Waiting on a timer through the yield context suspends the coroutine,
  // not the loop.
  asio::spawn(io, [&io](asio::yield_context yield) {
    asio::steady_timer timer(io, std::chrono::seconds(1));
    timer.async_wait(yield);
  });

  // On a thread pool, blocking work is in its place.
  asio::spawn(pool, [](asio::yield_context) {
    std::string motd = read_motd();
    sleep(1);
  });
  asio::spawn(pool.get_executor(), [](asio::yield_context) { usleep(10); });
}

// --- a stackless coroutine: the class is its own completion handler ---------
#include <asio/yield.hpp>

class echo_op : asio::coroutine {
public:
  explicit echo_op(tcp::socket &socket) : socket_(&socket) {}

  void operator()(std::error_code ec = {}, std::size_t n = 0) {
    if (ec)
      return;
    reenter (this) {
      for (;;) {
        yield socket_->async_read_some(asio::buffer(buf_), *this);
        log_chunk(n);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'fopen' (via 'echo_op::log_chunk') in completion handler 'echo_op::operator()' {{.*}}
        yield asio::async_write(*socket_, asio::buffer(buf_, n),
                                std::move(*this));
      }
    }
  }

private:
  static void log_chunk(std::size_t n) {
    FILE *f = fopen("chunks.log", "a");
    fprintf(f, "%zu\n", n);
    fclose(f);
  }

  tcp::socket *socket_;
  char buf_[256];
};

// The same shape, never handed to an operation: not a handler.
class count_op : asio::coroutine {
public:
  void operator()(std::size_t n = 0) {
    reenter (this) {
      for (;;) {
        yield total_ += n;
        fopen("counts.log", "a");
      }
    }
  }

private:
  std::size_t total_ = 0;
};

#include <asio/unyield.hpp>

int main() {
  asio::io_context io;
  asio::thread_pool pool(2);
  listen(io, pool);
  tcp::socket socket(io);
  echo_op{socket}();
  count_op{}(1);
  io.run();
}

#else
// --- boost::asio::spawn --------------------------------------------------------
#include <boost/asio.hpp>
#include <boost/asio/spawn.hpp>

namespace net = boost::asio;

void resolve_all(net::io_context &io, net::thread_pool &pool) {
  net::spawn(io, [&io](net::yield_context yield) {
    net::ip::tcp::resolver resolver(io);
    auto results = resolver.resolve("example.org", "80");
    // CHECK-MESSAGES-BOOST: :[[@LINE-1]]:29: warning: blocking DNS lookup 'basic_resolver::resolve' in completion handler lambda in 'resolve_all' {{.*}}
    auto async_results = resolver.async_resolve("example.org", "80", yield);
    (void)results;
    (void)async_results;
  });
  net::spawn(pool, [&io](net::yield_context) {
    net::ip::tcp::resolver resolver(io);
    auto results = resolver.resolve("example.org", "80");
    (void)results;
  });
}

int main() {
  net::io_context io;
  net::thread_pool pool(1);
  resolve_all(io, pool);
  io.run();
}
#endif
