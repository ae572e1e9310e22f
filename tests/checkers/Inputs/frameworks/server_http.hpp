// A stand-in for Simple-Web-Server's server_http.hpp
// (eidheim/Simple-Web-Server), written for taskfit's tests: the names and
// shapes of the members handlers are assigned to (ServerBase::resource,
// default_resource, on_error, on_upgrade), declarations only. The server
// runs the handlers on its io_service threads.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <system_error>

namespace SimpleWeb {

using error_code = std::error_code;
struct tcp_socket;
using HTTP = tcp_socket;

enum class StatusCode { success_ok = 200, client_error_not_found = 404 };

class regex_orderable {
public:
  regex_orderable(const char *regex);
  regex_orderable(std::string regex);
  bool operator<(const regex_orderable &rhs) const noexcept;

private:
  std::string str;
};

template <class socket_type> class ServerBase {
public:
  class Response {
  public:
    void write(const std::string &content);
    void write(StatusCode status_code, const std::string &content);
  };

  class Content {
  public:
    std::string string();
  };

  class Request {
  public:
    std::string method, path, query_string;
    Content content;
  };

  class Config {
  public:
    unsigned short port = 80;
    std::size_t thread_pool_size = 1;
  };
  Config config;

  std::map<regex_orderable,
           std::map<std::string,
                    std::function<void(std::shared_ptr<Response>,
                                       std::shared_ptr<Request>)>>>
      resource;
  std::map<std::string, std::function<void(std::shared_ptr<Response>,
                                           std::shared_ptr<Request>)>>
      default_resource;
  std::function<void(std::shared_ptr<Request>, const error_code &)> on_error;
  std::function<void(std::unique_ptr<socket_type> &, std::shared_ptr<Request>)>
      on_upgrade;

  void start();
  void stop() noexcept;
};

template <class socket_type> class Server : public ServerBase<socket_type> {};

} // namespace SimpleWeb
