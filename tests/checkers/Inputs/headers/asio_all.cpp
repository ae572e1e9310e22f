// Every public header of standalone asio (but SSL, which needs OpenSSL), and a
// little clean code using it: taskfit must not crash here and must report
// nothing inside asio, even with --system-headers.
#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/channel.hpp>
#include <asio/experimental/parallel_group.hpp>
#include <asio/experimental/as_tuple.hpp>

#include <chrono>

using namespace asio::experimental::awaitable_operators;

asio::awaitable<void> echo(asio::ip::tcp::socket socket) {
  char data[512];
  for (;;) {
    auto [ec, n] = co_await socket.async_read_some(
        asio::buffer(data), asio::experimental::as_tuple(asio::use_awaitable));
    if (ec)
      co_return;
    co_await asio::async_write(socket, asio::buffer(data, n), asio::use_awaitable);
  }
}

asio::awaitable<void> timeout(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::use_awaitable);
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, timeout(std::chrono::milliseconds(1)) || timeout(std::chrono::milliseconds(2)),
                 asio::detached);
  io.run();
}
