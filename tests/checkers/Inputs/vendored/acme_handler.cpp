#include <asio.hpp>
#include "acme/cache.h"

void serve(asio::ip::tcp::socket &socket, std::string &out) {
  socket.async_wait(asio::ip::tcp::socket::wait_read,
                    [&](asio::error_code) { out = acme::cached("greeting"); });
}
