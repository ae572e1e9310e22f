// RUN: %check_taskfit %s taskfit-thread-per-task %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %inputs/frameworks

// A handler the table says runs once per request, message or connection
// ("per": Crow's routes, websocketpp's and Simple-Web-Server's handlers,
// reactor libraries' connection and message callbacks)
// that starts a thread on every run starts a thread per request. Handlers
// that start no thread, start it once, or hand the work to a pool are left
// alone.
// Inputs/frameworks holds stand-ins with the frameworks' API shapes.

#include "crow.h"
#include "server_http.hpp"
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>
#include "muduo/base/ThreadPool.h"
#include "muduo/net/TcpServer.h"
#include "restbed"

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;
using ws_server = websocketpp::server<websocketpp::config::asio>;

void slow_work(std::shared_ptr<HttpServer::Response> response) {
  std::this_thread::sleep_for(std::chrono::seconds(5)); // LINE:sleep
  response->write("Work done");
}

void start_background(std::shared_ptr<HttpServer::Response> response) {
  std::thread(slow_work, response).detach(); // LINE:helper
}

void run_simple_web(HttpServer &server) {
  // Simple-Web-Server's own example: heavy work in a separate thread.
  server.resource["^/work$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request> /*request*/) {
        std::thread work_thread([response] {
          std::this_thread::sleep_for(std::chrono::seconds(5));
          response->write("Work done");
        });
        // CHECK-NOTES: :[[@LINE-4]]:21: warning: std::thread started once per request in completion handler lambda in 'run_simple_web' creates one thread per request, with no bound; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
        // CHECK-NOTES: :[[@LINE-4]]:{{[0-9]+}}: note: lambda in lambda in 'run_simple_web' calls blocking sleep 'sleep_for' here
        work_thread.detach();
      };
  server.resource["^/later$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request>) {
        start_background(response);
        // CHECK-NOTES: :[[@LINE-1]]:9: warning: std::thread started once per request in completion handler lambda in 'run_simple_web' (via 'start_background') creates one thread per request, with no bound; its work blocks: submit it to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
        // CHECK-NOTES: :[[#helper]]:3: note: 'start_background' starts a std::thread here
        // CHECK-NOTES: :[[#sleep]]:3: note: 'slow_work' calls blocking sleep 'sleep_for' here
      };
  // Look-alikes: no thread, a pool's future, a thread started once.
  server.resource["^/info$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request>) { response->write("info"); };
  server.resource["^/deferred$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request>) {
        auto f = std::async(std::launch::deferred, [] { return 1; });
        response->write(std::to_string(f.get()));
      };
  server.resource["^/once$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request>) {
        static std::thread flusher;
        if (!flusher.joinable())
          flusher = std::thread([] {});
        response->write("ok");
      };
}

void run_crow(crow::SimpleApp &app) {
  CROW_ROUTE(app, "/report")([] {
    std::thread([] { std::this_thread::sleep_for(std::chrono::seconds(1)); })
        .detach();
    // CHECK-NOTES: :[[@LINE-2]]:5: warning: std::thread started once per request in completion handler lambda in 'run_crow'
    // CHECK-NOTES: :[[@LINE-3]]:{{[0-9]+}}: note: lambda in lambda in 'run_crow' calls blocking sleep 'sleep_for' here
    return "queued";
  });
}

void run_websocketpp(ws_server &server) {
  server.set_message_handler([](websocketpp::connection_hdl,
                                ws_server::message_ptr) {
    std::thread([] {}).detach();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: std::thread started once per message in completion handler lambda in 'run_websocketpp' creates one thread per message, with no bound; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
  });
}

// muduo: a thread per connection from the connection callback; the same
// work handed to muduo's ThreadPool is bounded.
class ChatServer {
public:
  ChatServer(muduo::net::EventLoop *loop, const muduo::net::InetAddress &addr)
      : server_(loop, addr, "ChatServer") {
    server_.setConnectionCallback(
        [](const muduo::net::TcpConnectionPtr &conn) {
          std::thread([conn] { conn->send("hello"); }).detach();
          // CHECK-NOTES: :[[@LINE-1]]:11: warning: std::thread started once per connection in completion handler lambda in 'ChatServer::ChatServer' creates one thread per connection, with no bound; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
        });
    server_.setMessageCallback([this](const muduo::net::TcpConnectionPtr &conn,
                                      muduo::net::Buffer *buf,
                                      muduo::Timestamp) {
      std::string msg = buf->retrieveAllAsString();
      pool_.run([conn, msg] { conn->send(msg); });
    });
  }

private:
  muduo::net::TcpServer server_;
  muduo::ThreadPool pool_;
};

// restbed: a thread per request from a method handler.
void restbed_report(const std::shared_ptr<restbed::Session> session) {
  std::thread([session] { session->close(200, "done"); }).detach();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: std::thread started once per request in completion handler 'restbed_report' creates one thread per request, with no bound; submit the work to taskfit::io_pool(), which bounds and reuses its threads [taskfit-thread-per-task]
}

void run_restbed(restbed::Resource &resource) {
  resource.set_method_handler("GET", restbed_report);
}
