// A home-grown RPC framework of the kind taskfit's built-in table cannot
// know: Server::register_handler runs its handler on the server's event
// loop (rpcfw-table.json says so); Server::on_shutdown runs its callback on
// the main thread after the loop has stopped.
#pragma once
#include <functional>
#include <string>

namespace rpcfw {
class Server {
public:
  using handler = std::function<std::string(const std::string &request)>;
  void register_handler(std::string method, handler h);
  void on_shutdown(std::function<void()> callback);
  void serve(unsigned short port);
};
} // namespace rpcfw
