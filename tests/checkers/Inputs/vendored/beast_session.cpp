// A Boost.Beast HTTP session in the callback style, compiled against a
// vendored copy of Boost (-I third_party, not -isystem): Boost's own code must
// be judged by the table, never walked, so its reactor, header-field helpers
// and serializer yield no finding; the user's blocking call does.
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

class session : public std::enable_shared_from_this<session> {
public:
  explicit session(tcp::socket socket) : stream_(std::move(socket)) {}

  void run() { do_read(); }

private:
  void do_read() {
    req_ = {};
    http::async_read(stream_, buffer_, req_,
                     [self = shared_from_this()](beast::error_code ec,
                                                 std::size_t) {
                       if (ec == http::error::end_of_stream)
                         return self->do_close();
                       if (!ec)
                         self->handle_request();
                     });
  }

  void handle_request() {
    auto res = std::make_shared<http::response<http::string_body>>(
        http::status::ok, req_.version());
    res->set(http::field::server, BOOST_BEAST_VERSION_STRING);
    res->set(http::field::content_type, "text/plain");
    res->keep_alive(req_.keep_alive());
    res->body() = load_page(std::string(req_.target()));
    res->prepare_payload();
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec,
                                                       std::size_t) {
                        if (!ec && res->keep_alive())
                          self->do_read();
                        else
                          self->do_close();
                      });
  }

  std::string load_page(const std::string &target) {
    std::ifstream file("www" + target);
    std::stringstream out;
    out << file.rdbuf();
    return out.str();
  }

  void do_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
};

int main() {
  net::io_context io;
  tcp::acceptor acceptor(io, {tcp::v4(), 8080});
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (!ec)
      std::make_shared<session>(std::move(socket))->run();
  });
  io.run();
}
