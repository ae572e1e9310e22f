// Stand-in for muduo's EventLoop and connection types.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace muduo {
class Timestamp {
public:
  static Timestamp now();
};
namespace net {
class Buffer {
public:
  size_t readableBytes() const;
  const char *peek() const;
  std::string retrieveAllAsString();
  void retrieve(size_t len);
  const char *findCRLF() const;
};

class TcpConnection;
typedef std::shared_ptr<TcpConnection> TcpConnectionPtr;
typedef std::function<void()> TimerCallback;
typedef std::function<void(const TcpConnectionPtr &)> ConnectionCallback;
typedef std::function<void(const TcpConnectionPtr &)> CloseCallback;
typedef std::function<void(const TcpConnectionPtr &)> WriteCompleteCallback;
typedef std::function<void(const TcpConnectionPtr &, size_t)>
    HighWaterMarkCallback;
typedef std::function<void(const TcpConnectionPtr &, Buffer *, Timestamp)>
    MessageCallback;

class TimerId {};

class EventLoop {
public:
  typedef std::function<void()> Functor;
  void loop();
  void quit();
  void runInLoop(Functor cb);
  void queueInLoop(Functor cb);
  TimerId runAt(Timestamp time, TimerCallback cb);
  TimerId runAfter(double delay, TimerCallback cb);
  TimerId runEvery(double interval, TimerCallback cb);
};

class TcpConnection {
public:
  bool connected() const;
  EventLoop *getLoop() const;
  void send(const std::string &message);
  void shutdown();
  void setConnectionCallback(const ConnectionCallback &cb);
  void setMessageCallback(const MessageCallback &cb);
  void setWriteCompleteCallback(const WriteCompleteCallback &cb);
  void setHighWaterMarkCallback(const HighWaterMarkCallback &cb,
                                size_t highWaterMark);
  void setCloseCallback(const CloseCallback &cb);
};
} // namespace net
} // namespace muduo
