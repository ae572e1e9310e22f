// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags
// Standalone asio and Boost.Asio do not compile in one translation unit:
// the Beast part is its own run.
// RUN: %check_taskfit --check-suffix=BEAST %s taskfit-blocking-call-in-async %t-beast -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %boost_asio_flags -DTEST_BEAST

// Handlers made by binders: std::bind, std::mem_fn, a strand's wrap,
// Beast's bind_front_handler denote what they bind, member functions bound
// to `this` or `shared_from_this()` included. asio::bind_executor(ex, h)
// runs h where ex runs: a strand or io_context is the loop, an
// asio::thread_pool is a pool (no event loop to stall).

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>

#ifndef TEST_BEAST
#include <asio.hpp>

using asio::ip::tcp;
using namespace std::placeholders;

// --- std::bind and member pointers -------------------------------------------
class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket socket)
      : socket_(std::move(socket)), strand_(socket_.get_executor()) {}

  void start() {
    socket_.async_read_some(asio::buffer(buf_),
                            std::bind(&session::on_read, shared_from_this(),
                                      _1, _2));
    // The same shape, bound to a member that does not block.
    socket_.async_read_some(asio::buffer(buf_),
                            std::bind(&session::on_peek, this, _1, _2));
  }

private:
  void on_read(std::error_code ec, std::size_t n) {
    if (ec)
      return;
    FILE *f = fopen("requests.log", "a");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking file I/O 'fopen' in completion handler 'session::on_read' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
    fwrite(buf_, 1, n, f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'fwrite' in completion handler 'session::on_read' {{.*}}
    fclose(f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'fclose' in completion handler 'session::on_read' {{.*}}
    asio::async_write(socket_, asio::buffer(buf_, n),
                      asio::bind_executor(strand_, std::bind(&session::on_write,
                                                             this, _1, _2)));
  }

  void on_peek(std::error_code, std::size_t n) { peeked_ += n; }

  // Bound to a strand: the strand runs on the io_context's loop.
  void on_write(std::error_code, std::size_t) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler 'session::on_write' {{.*}}
  }

  tcp::socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  char buf_[1024];
  std::size_t peeked_ = 0;
};

// --- std::mem_fn, strand wrap, bind_executor ---------------------------------
struct job {
  void run() {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep_for' in completion handler 'job::run' {{.*}}
  }
  void tick() { ++ticks; }
  int ticks = 0;
};

void compress_file(const std::string &path) {
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in completion handler 'compress_file' {{.*}}
}
void note_progress(const std::string &) {}

void archive_on_pool(const std::string &path) {
  std::ofstream out(path + ".gz");
}
void report_on_pool(std::error_code, std::size_t) { sleep(2); }

void schedule(asio::io_context &io, asio::thread_pool &pool, tcp::socket &s,
              job &j) {
  asio::post(io, std::bind(std::mem_fn(&job::run), &j));
  asio::post(io, std::bind(std::mem_fn(&job::tick), &j));

  asio::io_context::strand strand(io);
  asio::post(io, strand.wrap(std::bind(compress_file, "today.log")));
  asio::post(io, strand.wrap(std::bind(note_progress, "today.log")));

  // A handler bound to the pool's executor runs on the pool: blocking work
  // is in its place there.
  asio::post(io, asio::bind_executor(pool, std::bind(archive_on_pool,
                                                     "today.log")));
  static char buf[64];
  s.async_read_some(asio::buffer(buf),
                    asio::bind_executor(pool.get_executor(), report_on_pool));
  s.async_read_some(asio::buffer(buf),
                    asio::bind_executor(pool.get_executor(),
                                        [](std::error_code, std::size_t) {
                                          std::ofstream("pool.log") << "ok";
                                        }));
  // Bound to a strand of the io_context: the loop.
  auto loop_strand = asio::make_strand(io);
  s.async_read_some(asio::buffer(buf),
                    asio::bind_executor(loop_strand, [](std::error_code,
                                                        std::size_t) {
                      usleep(100);
                      // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking sleep 'usleep' in completion handler lambda in 'schedule' {{.*}}
                    }));
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(2);
  tcp::socket s(io);
  job j;
  std::make_shared<session>(tcp::socket(io))->start();
  schedule(io, pool, s, j);
  io.run();
}

#else
// --- Boost.Beast: bind_front_handler ------------------------------------------
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

class http_session : public std::enable_shared_from_this<http_session> {
public:
  explicit http_session(net::ip::tcp::socket socket)
      : stream_(std::move(socket)) {}

  void do_read() {
    http::async_read(stream_, buffer_, req_,
                     beast::bind_front_handler(&http_session::on_read,
                                               shared_from_this()));
  }

private:
  void on_read(beast::error_code ec, std::size_t) {
    if (ec)
      return;
    res_.body() = load_page(std::string(req_.target()));
    // CHECK-MESSAGES-BEAST: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ifstream' (via 'http_session::load_page') in completion handler 'http_session::on_read' {{.*}}
    res_.prepare_payload();
    http::async_write(stream_, res_,
                      beast::bind_front_handler(&http_session::on_write,
                                                shared_from_this()));
  }

  // Not blocking: only asynchronous operations and buffer work.
  void on_write(beast::error_code ec, std::size_t) {
    if (!ec)
      do_read();
  }

  std::string load_page(const std::string &target) {
    std::ifstream file("www" + target);
    std::stringstream out;
    out << file.rdbuf();
    return out.str();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
};

int main() {
  net::io_context io;
  std::make_shared<http_session>(net::ip::tcp::socket(io))->do_read();
  io.run();
}
#endif
