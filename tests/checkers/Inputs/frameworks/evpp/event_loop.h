// Stand-in for evpp's EventLoop and TCP types.
#pragma once
#include <functional>
#include <memory>
#include <string>

namespace evpp {
class Buffer {
public:
  std::string NextAllString();
  size_t length() const;
};
class TCPConn;
typedef std::shared_ptr<TCPConn> TCPConnPtr;
typedef std::function<void(const TCPConnPtr &)> ConnectionCallback;
typedef std::function<void(const TCPConnPtr &, Buffer *)> MessageCallback;
class InvokeTimer;
typedef std::shared_ptr<InvokeTimer> InvokeTimerPtr;

class EventLoop {
public:
  typedef std::function<void()> Functor;
  void Run();
  void Stop();
  InvokeTimerPtr RunAfter(double delay_ms, const Functor &f);
  InvokeTimerPtr RunEvery(double interval_ms, const Functor &f);
  void RunInLoop(const Functor &handler);
  void QueueInLoop(const Functor &handler);
};

class TCPConn {
public:
  void Send(const std::string &d);
  bool IsConnected() const;
  EventLoop *loop() const;
  void SetMessageCallback(MessageCallback cb);
  void SetConnectionCallback(ConnectionCallback cb);
};

class TCPServer {
public:
  TCPServer(EventLoop *loop, const std::string &listen_addr,
            const std::string &name, unsigned thread_num);
  bool Init();
  bool Start();
  void SetConnectionCallback(const ConnectionCallback &cb);
  void SetMessageCallback(MessageCallback cb);
};
} // namespace evpp
