// Stand-in for muduo's TcpServer.
#pragma once
#include "muduo/net/EventLoop.h"

namespace muduo {
namespace net {
class InetAddress {
public:
  explicit InetAddress(unsigned short port);
};

class TcpServer {
public:
  typedef std::function<void(EventLoop *)> ThreadInitCallback;
  TcpServer(EventLoop *loop, const InetAddress &listenAddr,
            const std::string &nameArg);
  void setThreadNum(int numThreads);
  void setThreadInitCallback(const ThreadInitCallback &cb);
  void start();
  void setConnectionCallback(const ConnectionCallback &cb);
  void setMessageCallback(const MessageCallback &cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
};
} // namespace net
} // namespace muduo
