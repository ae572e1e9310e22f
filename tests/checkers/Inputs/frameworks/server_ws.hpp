// A stand-in for Simple-WebSocket-Server's server_ws.hpp
// (eidheim/Simple-WebSocket-Server), written for taskfit's tests: the
// names and shapes of the endpoint members handlers are assigned to
// (SocketServerBase::Endpoint::on_open, on_message, ...), declarations
// only. The server runs the handlers on its io_service threads.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>

#include "server_http.hpp"

namespace SimpleWeb {

using WS = tcp_socket;

template <class socket_type> class SocketServerBase {
public:
  class InMessage {
  public:
    std::string string() const;
  };

  class Connection {
  public:
    void send(const std::string &out_message);
    void send_close(int status, const std::string &reason = "");
  };

  class Endpoint {
  public:
    std::function<void(std::shared_ptr<Connection>)> on_open;
    std::function<void(std::shared_ptr<Connection>, std::shared_ptr<InMessage>)>
        on_message;
    std::function<void(std::shared_ptr<Connection>, int, const std::string &)>
        on_close;
    std::function<void(std::shared_ptr<Connection>, const error_code &)>
        on_error;
    std::function<void(std::shared_ptr<Connection>)> on_ping;
    std::function<void(std::shared_ptr<Connection>)> on_pong;
  };

  std::map<regex_orderable, Endpoint> endpoint;

  void start();
  void stop() noexcept;
};

template <class socket_type>
class SocketServer : public SocketServerBase<socket_type> {};

} // namespace SimpleWeb
