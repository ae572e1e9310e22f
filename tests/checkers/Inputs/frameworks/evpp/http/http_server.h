// Stand-in for evpp's HTTP server.
#pragma once
#include "evpp/event_loop.h"
#include <vector>

namespace evpp {
namespace http {
class Context {
public:
  const std::string &uri() const;
  std::string body() const;
};
typedef std::shared_ptr<Context> ContextPtr;
typedef std::function<void(const std::string &)> HTTPSendResponseCallback;
typedef std::function<void(EventLoop *, const ContextPtr &,
                           const HTTPSendResponseCallback &)>
    HTTPRequestCallback;

class Server {
public:
  explicit Server(unsigned thread_num = 0);
  bool Init(int listen_port);
  bool Start();
  void RegisterHandler(const std::string &uri, HTTPRequestCallback callback);
  void RegisterDefaultHandler(HTTPRequestCallback callback);
};
} // namespace http
} // namespace evpp
