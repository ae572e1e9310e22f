// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.DecisionTable: '%inputs/frameworks/rpcfw-table.json', taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 -I %inputs/frameworks

// Web frameworks built on asio run the handlers they are given on their
// event loop threads: Crow's routes (CROW_ROUTE(app, url)(handler),
// route_dynamic, the catch-all route, websocket routes), websocketpp's set_*_handler, and
// Simple-Web-Server's handler members (server.resource[path][method] = h,
// default_resource, on_error, endpoint[path].on_message = h). A user table
// declares a framework the built-in table does not know.
// Inputs/frameworks holds stand-ins with the frameworks' API shapes.

#include "crow.h"
#include "rpcfw.h"
#include "server_http.hpp"
#include "server_ws.hpp"
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

std::string read_file(const std::string &path) {
  std::ifstream in(path); // LINE:read_file
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string escape_html(const std::string &text) {
  std::string out;
  for (char c : text)
    out += c == '<' ? std::string("&lt;") : std::string(1, c);
  return out;
}

// --- Crow -------------------------------------------------------------------
void crow_routes(crow::SimpleApp &app) {
  CROW_ROUTE(app, "/")([] {
    return read_file("www/index.html");
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'crow_routes' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  });
  CROW_ROUTE(app, "/hello")([] { return escape_html("<hello>"); });

  CROW_ROUTE(app, "/upload")
      .methods(crow::HTTPMethod::Post)([](const crow::request &req) {
        FILE *f = fopen("upload.bin", "wb");
        // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'fopen' in completion handler lambda in 'crow_routes' {{.*}}
        fwrite(req.body.data(), 1, req.body.size(), f);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'fwrite' in completion handler lambda in 'crow_routes' {{.*}}
        fclose(f);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'fclose' in completion handler lambda in 'crow_routes' {{.*}}
        return crow::response(201);
      });
  CROW_ROUTE(app, "/echo")
      .methods(crow::HTTPMethod::Post)(
          [](const crow::request &req) { return crow::response(req.body); });

  app.route_dynamic("/slow")([](const crow::request &, crow::response &res) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'crow_routes' {{.*}}
    res.end();
  });
  app.route_dynamic("/fast")([](const crow::request &, crow::response &res) {
    res.write("ok");
    res.end();
  });

  CROW_WEBSOCKET_ROUTE(app, "/ws")
      .onopen([](crow::websocket::connection &conn) {
        conn.send_text(read_file("motd.txt"));
        // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'crow_routes' {{.*}}
      })
      .onmessage([](crow::websocket::connection &conn, const std::string &data,
                    bool) { conn.send_text(escape_html(data)); })
      .onclose([](crow::websocket::connection &, const std::string &reason,
                  std::uint16_t) {
        std::ofstream("closed.log", std::ios::app) << reason;
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking file I/O 'std::ofstream' in completion handler lambda in 'crow_routes' {{.*}}
        // CHECK-MESSAGES: :[[@LINE-2]]:52: warning: blocking file I/O 'operator<<' in completion handler lambda in 'crow_routes' {{.*}}
      });

  // Requests no route matches.
  CROW_CATCHALL_ROUTE(app)([](const crow::request &req, crow::response &res) {
    res.write(read_file("www/404.html"));
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'crow_routes' {{.*}}
    res.end();
  });

  // Not a handler: a lambda the application calls itself before running.
  auto warm_up = [] { return read_file("www/index.html"); };
  warm_up();
}

// --- websocketpp --------------------------------------------------------------
using ws_server = websocketpp::server<websocketpp::config::asio>;
using websocketpp::lib::bind;
using websocketpp::lib::placeholders::_1;
using websocketpp::lib::placeholders::_2;

void on_message(ws_server *s, websocketpp::connection_hdl hdl,
                ws_server::message_ptr msg) {
  s->send(hdl, escape_html(msg->get_payload()), msg->get_opcode());
}

void on_open(ws_server *s, websocketpp::connection_hdl hdl) {
  std::string banner = read_file("banner.txt");
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler 'on_open' {{.*}}
  s->send(hdl, banner, websocketpp::frame::opcode::text);
  ws_server::connection_ptr con = s->get_con_from_hdl(hdl);
  con->set_message_handler([](websocketpp::connection_hdl,
                              ws_server::message_ptr msg) {
    usleep(static_cast<unsigned>(msg->get_payload().size()));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'usleep' in completion handler lambda in 'on_open' {{.*}}
  });
}

bool validate(websocketpp::connection_hdl) { return true; }

void run_websocketpp() {
  ws_server server;
  server.init_asio();
  server.set_message_handler(bind(&on_message, &server, _1, _2));
  server.set_open_handler(bind(&on_open, &server, _1));
  server.set_validate_handler(validate);
  server.set_close_handler([](websocketpp::connection_hdl) {
    system("logger closed");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking process call 'system' in completion handler lambda in 'run_websocketpp' {{.*}}
  });
  server.listen(9002);
  server.start_accept();
  server.run();
}

// --- Simple-Web-Server and Simple-WebSocket-Server ---------------------------
using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;
using WsServer = SimpleWeb::SocketServer<SimpleWeb::WS>;

// A handler that is itself a registered handler: its blocking call is
// reported there, not again where another handler calls it.
void serve_static(std::shared_ptr<HttpServer::Response> response,
                  std::shared_ptr<HttpServer::Request> request) {
  response->write(read_file("www" + request->path));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler 'serve_static' {{.*}}
}

void run_simple_web(HttpServer &server, WsServer &ws) {
  server.config.port = 8080;
  server.resource["^/info$"]["GET"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request> request) {
        response->write(escape_html(request->path));
      };
  server.resource["^/log$"]["POST"] =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request> request) {
        std::ofstream log("post.log", std::ios::app);
        // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking file I/O 'std::ofstream' in completion handler lambda in 'run_simple_web' {{.*}}
        log << request->content.string();
        // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking file I/O 'operator<<' in completion handler lambda in 'run_simple_web' {{.*}}
        response->write("logged");
      };
  server.resource["^/index$"].at("GET") =
      [](std::shared_ptr<HttpServer::Response> response,
         std::shared_ptr<HttpServer::Request> request) {
        // Reported in serve_static, the handler nearest to the work.
        serve_static(response, request);
      };
  server.default_resource["GET"] = serve_static;
  server.on_error = [](std::shared_ptr<HttpServer::Request>,
                       const SimpleWeb::error_code &) {
    sleep(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking sleep 'sleep' in completion handler lambda in 'run_simple_web' {{.*}}
  };

  auto &echo = ws.endpoint["^/echo/?$"];
  echo.on_message = [](std::shared_ptr<WsServer::Connection> connection,
                       std::shared_ptr<WsServer::InMessage> in) {
    connection->send(escape_html(in->string()));
  };
  echo.on_open = [](std::shared_ptr<WsServer::Connection> connection) {
    connection->send(read_file("motd.txt"));
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'run_simple_web' {{.*}}
  };

  // A std::function of the same type that is not one of the server's
  // members: only a callable.
  std::function<void(std::shared_ptr<HttpServer::Response>,
                     std::shared_ptr<HttpServer::Request>)>
      fallback;
  fallback = [](std::shared_ptr<HttpServer::Response>,
                std::shared_ptr<HttpServer::Request>) { sleep(2); };
  (void)fallback;
}

// --- a framework declared by a user table ------------------------------------
void run_rpc(rpcfw::Server &server) {
  server.register_handler("config.get", [](const std::string &key) {
    return read_file("conf.d/" + key);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking file I/O 'std::ifstream' (via 'read_file') in completion handler lambda in 'run_rpc' {{.*}}
  });
  server.register_handler("echo", [](const std::string &request) {
    return escape_html(request);
  });
  // Not declared a context: runs after the loop, on the main thread.
  server.on_shutdown([] { std::ofstream("shutdown.log") << "bye"; });
  server.serve(7000);
}
