// Stand-in for muduo's HttpServer.
#pragma once
#include "muduo/net/TcpServer.h"

namespace muduo {
namespace net {
class HttpRequest {
public:
  const std::string &path() const;
};
class HttpResponse {
public:
  void setBody(const std::string &body);
};
class HttpServer {
public:
  typedef std::function<void(const HttpRequest &, HttpResponse *)>
      HttpCallback;
  HttpServer(EventLoop *loop, const InetAddress &listenAddr,
             const std::string &name);
  void setHttpCallback(const HttpCallback &cb);
  void start();
};
} // namespace net
} // namespace muduo
