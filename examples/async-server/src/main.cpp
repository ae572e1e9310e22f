// async-server: a line-protocol file server (GET, RESOLVE, SLOW, PING, QUIT).
#include "config.h"
#include "session.h"

#include <asio.hpp>
#include <cstdio>
#include <string>

using asio::ip::tcp;

namespace {

asio::awaitable<void> listen(tcp::acceptor acceptor, const Config &cfg,
                             Stats &stats) {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
    asio::co_spawn(acceptor.get_executor(),
                   session(std::move(socket), cfg, stats), asio::detached);
  }
}

} // namespace

int main(int argc, char **argv) {
  Config cfg;
  std::string config_path = argc > 1 ? argv[1] : "server.conf";
  asio::io_context loop;
  asio::co_spawn(loop, reload_config(cfg, config_path), asio::detached);
  loop.run();
  loop.restart();

  Stats stats;
  tcp::acceptor acceptor(loop, {tcp::v4(), cfg.port});
  std::printf("serving %s on port %u\n", cfg.root.c_str(), cfg.port);
  asio::co_spawn(loop, listen(std::move(acceptor), cfg, stats), asio::detached);
  loop.run();
}
