#include <asio.hpp>
#include <doctest/doctest.h>
#include <fstream>

asio::awaitable<void> echo_once(asio::ip::tcp::socket &socket) {
  char data[16];
  std::size_t n = co_await socket.async_read_some(asio::buffer(data),
                                                  asio::use_awaitable);
  CHECK(n == 16);
  std::ofstream log("echo.log");
}
