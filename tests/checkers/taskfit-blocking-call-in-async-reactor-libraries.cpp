// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++17 -I %inputs/frameworks

// Reactor libraries run the callbacks they are given on their event-loop
// threads: muduo's, evpp's and trantor's connection and message callbacks,
// EventLoop::runInLoop and its timers, their HTTP servers' handlers, and
// restbed's method handlers and session callbacks (on the io_service threads
// its Service runs). The built-in table names them. Work handed to the
// libraries' thread pools and threads, and callbacks the table does not
// list (a loop thread's init callback, a ready handler), are left alone.
// Inputs/frameworks holds stand-ins with the libraries' API shapes.

#include "evpp/event_loop.h"
#include "evpp/http/http_server.h"
#include "muduo/base/ThreadPool.h"
#include "muduo/net/TcpServer.h"
#include "muduo/net/http/HttpServer.h"
#include "restbed"
#include "trantor/net/TcpServer.h"

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace std::placeholders;

std::string read_file(const std::string &path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- muduo ------------------------------------------------------------------
// examples/filetransfer/download.cc: the whole file read in onConnection.
class FileServer {
public:
  FileServer(muduo::net::EventLoop *loop, const muduo::net::InetAddress &addr)
      : server_(loop, addr, "FileServer") {
    server_.setConnectionCallback(
        std::bind(&FileServer::onConnection, this, _1));
    server_.setMessageCallback(
        std::bind(&FileServer::onMessage, this, _1, _2, _3));
    // Runs once on each loop thread as it starts: not a per-event callback.
    server_.setThreadInitCallback(
        [](muduo::net::EventLoop *) { read_file("thread-init.conf"); });
  }

private:
  void onConnection(const muduo::net::TcpConnectionPtr &conn) {
    if (!conn->connected())
      return;
    FILE *fp = ::fopen("download.bin", "rb");
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking file I/O 'fopen' in completion handler 'FileServer::onConnection' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
    char buf[64 * 1024];
    size_t n = ::fread(buf, 1, sizeof buf, fp);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking file I/O 'fread' in completion handler 'FileServer::onConnection' {{.*}}
    conn->send(std::string(buf, n));
    ::fclose(fp);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'fclose' in completion handler 'FileServer::onConnection' {{.*}}
  }

  // Only buffer operations: silent.
  void onMessage(const muduo::net::TcpConnectionPtr &conn,
                 muduo::net::Buffer *buf, muduo::Timestamp) {
    conn->send(buf->retrieveAllAsString());
  }

  muduo::net::TcpServer server_;
};

// The same read handed to muduo's ThreadPool, the reply sent from the loop.
class PooledFileServer {
public:
  PooledFileServer(muduo::net::EventLoop *loop,
                   const muduo::net::InetAddress &addr)
      : server_(loop, addr, "PooledFileServer") {
    server_.setConnectionCallback(
        [this](const muduo::net::TcpConnectionPtr &conn) {
          pool_.run([conn] {
            std::string body = read_file("download.bin");
            conn->getLoop()->runInLoop([conn, body] { conn->send(body); });
          });
        });
  }

private:
  muduo::net::TcpServer server_;
  muduo::ThreadPool pool_;
};

void muduo_timers(muduo::net::EventLoop &loop) {
  loop.runEvery(1.0, [] {
    ::sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'muduo_timers' {{.*}}
  });
  loop.runAfter(0.5, [] { std::puts("tick"); });
  // A muduo::Thread of its own may block.
  muduo::Thread reader([] { read_file("big.log"); }, "reader");
  reader.start();
}

void muduo_http(muduo::net::EventLoop *loop) {
  muduo::net::HttpServer server(loop, muduo::net::InetAddress(8000), "http");
  server.setHttpCallback([](const muduo::net::HttpRequest &req,
                            muduo::net::HttpResponse *resp) {
    resp->setBody(read_file("www" + req.path()));
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'muduo_http' {{.*}}
  });
  server.start();
}

// --- evpp -------------------------------------------------------------------
void evpp_servers(evpp::EventLoop *loop) {
  evpp::TCPServer server(loop, "0.0.0.0:9099", "TCPEcho", 4);
  server.SetMessageCallback(
      [](const evpp::TCPConnPtr &conn, evpp::Buffer *msg) {
        ::usleep(1000);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking sleep 'usleep' in completion handler lambda in 'evpp_servers' {{.*}}
        conn->Send(msg->NextAllString());
      });
  server.SetConnectionCallback([](const evpp::TCPConnPtr &conn) {
    if (conn->IsConnected())
      conn->Send("hello\n");
  });

  evpp::http::Server http(2);
  http.RegisterHandler("/file", [](evpp::EventLoop *, const evpp::http::ContextPtr &ctx,
                                   const evpp::http::HTTPSendResponseCallback &cb) {
    cb(read_file("www" + ctx->uri()));
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'evpp_servers' {{.*}}
  });
  http.RegisterDefaultHandler([](evpp::EventLoop *, const evpp::http::ContextPtr &ctx,
                                 const evpp::http::HTTPSendResponseCallback &cb) {
    cb(ctx->body());
  });
  loop->RunAfter(100.0, [] {
    std::ofstream out("stats.txt");
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ofstream' in completion handler lambda in 'evpp_servers' {{.*}}
    out << "up\n";
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'operator<<' in completion handler lambda in 'evpp_servers' {{.*}}
  });
}

// --- trantor ----------------------------------------------------------------
void trantor_server(trantor::EventLoop *loop) {
  trantor::TcpServer server(loop, trantor::InetAddress(8888), "test");
  server.setRecvMessageCallback(
      [](const trantor::TcpConnectionPtr &conn, trantor::MsgBuffer *buf) {
        std::string line = buf->read(buf->readableBytes());
        FILE *log = fopen("messages.log", "a");
        // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking file I/O 'fopen' in completion handler lambda in 'trantor_server' {{.*}}
        std::fputs(line.c_str(), log);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'fputs' in completion handler lambda in 'trantor_server' {{.*}}
        std::fclose(log);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'fclose' in completion handler lambda in 'trantor_server' {{.*}}
        conn->send(line);
      });
  server.setConnectionCallback([](const trantor::TcpConnectionPtr &conn) {
    if (conn->connected())
      conn->send("welcome\n");
  });
  loop->runInLoop([] {
    ::sleep(2);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'trantor_server' {{.*}}
  });
  server.start();
}

// --- restbed ----------------------------------------------------------------
// The documentation's SERVING_HTML example reads the page in the handler.
void get_page(const std::shared_ptr<restbed::Session> session) {
  std::ifstream stream("./index.html", std::ifstream::in);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking file I/O 'std::ifstream' in completion handler 'get_page' {{.*}}
  std::string body((std::istreambuf_iterator<char>(stream)),
                   std::istreambuf_iterator<char>());
  session->close(200, body);
}

void post_upload(const std::shared_ptr<restbed::Session> session) {
  session->fetch(1024, [](const std::shared_ptr<restbed::Session> s,
                          const restbed::Bytes &body) {
    FILE *f = fopen("upload.bin", "wb");
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking file I/O 'fopen' in completion handler lambda in 'post_upload' {{.*}}
    fclose(f);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'fclose' in completion handler lambda in 'post_upload' {{.*}}
    s->close(201);
  });
}

void get_status(const std::shared_ptr<restbed::Session> session) {
  session->close(200, "OK");
}

void restbed_service() {
  auto page = std::make_shared<restbed::Resource>();
  page->set_path("/static");
  page->set_method_handler("GET", get_page);
  page->set_method_handler("POST", post_upload);
  auto status = std::make_shared<restbed::Resource>();
  status->set_method_handler("GET", get_status);
  restbed::Service service;
  service.publish(page);
  service.publish(status);
  // Once, when the service is up: not a request handler.
  service.set_ready_handler([](restbed::Service &) { read_file("ready.txt"); });
  service.start();
}

// --- look-alikes ------------------------------------------------------------
// An application's own class with the same method names, in its own
// namespace: not the libraries' event loop.
namespace app {
struct EventLoop {
  void runInLoop(std::function<void()> f) { f(); }
};
} // namespace app

void app_loop(app::EventLoop &loop) {
  loop.runInLoop([] { ::sleep(1); });
}
