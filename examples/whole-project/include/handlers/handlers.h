// The handlers: asio coroutines that run on the server's io_context.
#pragma once

#include "model/profile.h"

#include <asio.hpp>
#include <string>
#include <vector>

namespace handlers {

// What every session shares: a thread pool for blocking work, the profile
// directory loaded at start-up and the replica's socket.
struct Context {
  asio::thread_pool &workers;
  std::vector<model::Profile> directory;
  int replica_fd = -1;
};

// Reads request lines and writes replies (src/handlers/session.cpp).
asio::awaitable<void> session(asio::ip::tcp::socket socket, Context &ctx);

// Runs one request line, returns the reply (src/handlers/commands.cpp).
asio::awaitable<std::string> handle_command(std::string line, Context &ctx);

} // namespace handlers
