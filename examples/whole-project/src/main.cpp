// profile-server: a line-protocol profile service on asio coroutines, split
// the way real services are: handlers/ (coroutines) call services/, which
// call storage/. The blocking and CPU-heavy work sits one or two files away
// from the coroutine that runs it; README.md lists what taskfit should find.
#include "handlers/handlers.h"
#include "services/services.h"

#include <asio.hpp>
#include <cstdio>
#include <cstdlib>
#include <utility>

using asio::ip::tcp;

namespace {

asio::awaitable<void> listen(tcp::acceptor acceptor, handlers::Context &ctx) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(),
                   handlers::session(std::move(socket), ctx), asio::detached);
  }
}

} // namespace

int main(int argc, char **argv) {
  unsigned short port =
      argc > 1 ? static_cast<unsigned short>(std::atoi(argv[1])) : 7070;
  asio::io_context loop;
  asio::thread_pool workers(4);
  handlers::Context ctx{workers, {}, -1};
  // Blocking, but before the loop runs: not in an async context.
  ctx.directory = services::load_directory("profiles/index.txt");

  tcp::acceptor acceptor(loop, {tcp::v4(), port});
  std::printf("profile-server: %zu profiles, port %u\n", ctx.directory.size(),
              static_cast<unsigned>(port));
  asio::co_spawn(loop, listen(std::move(acceptor), ctx), asio::detached);
  loop.run();
  workers.join();
}
