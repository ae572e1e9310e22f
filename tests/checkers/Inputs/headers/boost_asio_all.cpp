// Boost.Asio and Boost.Beast, with clean coroutine code: no crash, no finding
// inside Boost, even with --system-headers.
#include <utility> // Boost 1.74 awaitable.hpp uses std::exchange without it.
#include <boost/asio.hpp>
#include <boost/beast.hpp>

namespace net = boost::asio;
namespace http = boost::beast::http;

net::awaitable<void> serve(net::ip::tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  co_await http::async_read(socket, buffer, req, net::use_awaitable);
  http::response<http::string_body> res{http::status::ok, req.version()};
  res.body() = "ok";
  res.prepare_payload();
  co_await http::async_write(socket, res, net::use_awaitable);
}

int main() {
  net::io_context io;
  net::ip::tcp::acceptor acceptor(io, {net::ip::tcp::v4(), 0});
  acceptor.async_accept([&](boost::system::error_code ec, net::ip::tcp::socket s) {
    if (!ec)
      net::co_spawn(io, serve(std::move(s)), net::detached);
  });
  io.run();
}
