// Stand-in for trantor's TcpServer and EventLoop.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace trantor {
class MsgBuffer {
public:
  size_t readableBytes() const;
  std::string read(size_t len);
};
class TcpConnection;
using TcpConnectionPtr = std::shared_ptr<TcpConnection>;
using RecvMessageCallback =
    std::function<void(const TcpConnectionPtr &, MsgBuffer *)>;
using ConnectionCallback = std::function<void(const TcpConnectionPtr &)>;
using WriteCompleteCallback = std::function<void(const TcpConnectionPtr &)>;

class TcpConnection {
public:
  void send(const std::string &msg);
  bool connected() const;
};

class EventLoop {
public:
  using Func = std::function<void()>;
  void loop();
  template <typename Functor> void runInLoop(Functor &&f) { f(); }
  void queueInLoop(Func &&f);
  void runAfter(double delay, Func &&cb);
  void runEvery(double interval, Func &&cb);
};

class InetAddress {
public:
  explicit InetAddress(unsigned short port);
};

class TcpServer {
public:
  TcpServer(EventLoop *loop, const InetAddress &address, std::string name);
  void start();
  void setIoLoopNum(size_t num);
  void setRecvMessageCallback(const RecvMessageCallback &cb);
  void setRecvMessageCallback(RecvMessageCallback &&cb);
  void setConnectionCallback(const ConnectionCallback &cb);
  void setConnectionCallback(ConnectionCallback &&cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
};
} // namespace trantor
