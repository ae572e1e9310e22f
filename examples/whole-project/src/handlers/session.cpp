// One client connection: read a line, run it, write the reply.
#include "handlers/handlers.h"

#include <string>
#include <utility>

using asio::ip::tcp;

namespace handlers {

asio::awaitable<void> session(tcp::socket socket, Context &ctx) {
  asio::streambuf buffer;
  for (;;) {
    std::size_t n = co_await asio::async_read_until(socket, buffer, '\n',
                                                    asio::use_awaitable);
    std::string line(asio::buffers_begin(buffer.data()),
                     asio::buffers_begin(buffer.data()) + n - 1);
    buffer.consume(n);
    if (line == "QUIT")
      co_return;
    // handle_command is a coroutine of its own (commands.cpp): the work it
    // does is reported in its body, not at this call.
    std::string reply = co_await handle_command(std::move(line), ctx);
    co_await asio::async_write(socket, asio::buffer(reply),
                               asio::use_awaitable);
  }
}

} // namespace handlers
