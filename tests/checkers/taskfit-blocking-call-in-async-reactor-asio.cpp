// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 %asio_flags

// asio in the reactor style: a socket switched to non-blocking mode, or
// waited on for readiness with async_wait(wait_read), is read with
// read_some() in the handler and never blocks (asio's third_party_lib
// example). A plain socket read synchronously in a handler does block.

#include <asio.hpp>

#include <array>
#include <memory>

using asio::ip::tcp;

// Hands the socket to a library that reads it itself once it is readable.
class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket socket) : socket_(std::move(socket)) {}

  void start() {
    socket_.non_blocking(true);
    wait_readable();
  }

private:
  void wait_readable() {
    socket_.async_wait(tcp::socket::wait_read,
                       [self = shared_from_this()](asio::error_code ec) {
                         if (!ec)
                           self->on_readable();
                       });
  }

  void on_readable() {
    asio::error_code ec;
    std::size_t n = socket_.read_some(asio::buffer(data_), ec);
    if (ec == asio::error::would_block || n > 0)
      wait_readable();
  }

  tcp::socket socket_;
  std::array<char, 1024> data_;
};

// Only waited on for readiness, never switched: the handler still reads
// only what is there.
class watcher {
public:
  explicit watcher(tcp::socket socket) : socket_(std::move(socket)) {}

  void start() {
    socket_.async_wait(tcp::socket::wait_read, [this](asio::error_code) {
      std::size_t n = socket_.available();
      socket_.read_some(asio::buffer(data_, n));
    });
  }

private:
  tcp::socket socket_;
  std::array<char, 1024> data_;
};

// A plain, blocking socket read synchronously from a completion handler.
class blocking_session {
public:
  explicit blocking_session(tcp::socket socket) : socket_(std::move(socket)) {}

  void start(tcp::acceptor &acceptor) {
    acceptor.async_accept([this](asio::error_code ec, tcp::socket peer) {
      if (ec)
        return;
      std::size_t n = socket_.read_some(asio::buffer(data_));
      // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: blocking network I/O 'basic_stream_socket::read_some' in completion handler lambda in 'blocking_session::start' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
      peer.write_some(asio::buffer(data_, n));
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking network I/O 'basic_stream_socket::write_some' in completion handler lambda in 'blocking_session::start'
    });
  }

private:
  tcp::socket socket_;
  std::array<char, 1024> data_;
};

// A synchronous connect waits for the connection even on a socket set to
// non-blocking mode (asio polls until it completes): it is reported.
class connector {
public:
  explicit connector(asio::io_context &io) : socket_(io) {}

  void start(asio::steady_timer &timer, const tcp::endpoint &to) {
    timer.async_wait([this, to](asio::error_code) {
      socket_.open(tcp::v4());
      socket_.non_blocking(true);
      asio::error_code ec;
      socket_.connect(to, ec);
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking network I/O 'basic_socket::connect' in completion handler lambda in 'connector::start'
      if (ec == asio::error::would_block)
        return;
    });
  }

private:
  tcp::socket socket_;
};
