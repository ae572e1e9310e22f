// A stand-in for Crow (CrowCpp/Crow), written for taskfit's tests: the
// names and shapes of the API that registers handlers (crow::Crow,
// TaggedRule, DynamicRule, CatchallRule, WebSocketRule, CROW_ROUTE,
// CROW_CATCHALL_ROUTE, CROW_WEBSOCKET_ROUTE),
// declarations and empty bodies only. Crow runs the handlers on its
// io_context threads.
#pragma once
#include <cstdint>
#include <string>
#include <type_traits>

namespace crow {

enum class HTTPMethod { Delete, Get, Head, Post, Put };

struct request {
  HTTPMethod method;
  std::string url;
  std::string body;
};

struct response {
  response();
  explicit response(int code);
  response(std::string body);
  response(int code, std::string body);
  void write(const std::string &body_part);
  void end();
  int code = 200;
  std::string body;
};

namespace websocket {
class connection {
public:
  virtual ~connection();
  virtual void send_text(std::string msg) = 0;
  virtual void send_binary(std::string msg) = 0;
  virtual void close(std::string const &msg = "quit") = 0;
};
} // namespace websocket

namespace black_magic {
constexpr std::uint64_t get_parameter_tag(const char *) { return 0; }
} // namespace black_magic

class BaseRule {
public:
  explicit BaseRule(std::string rule);
  virtual ~BaseRule();
};

template <typename App> class WebSocketRule : public BaseRule {
public:
  using self_t = WebSocketRule;
  template <typename Func> self_t &onopen(Func f) { return *this; }
  template <typename Func> self_t &onmessage(Func f) { return *this; }
  template <typename Func> self_t &onclose(Func f) { return *this; }
  template <typename Func> self_t &onerror(Func f) { return *this; }
  template <typename Func> self_t &onaccept(Func f) { return *this; }
};

template <typename T> struct RuleParameterTraits {
  T &methods(HTTPMethod method);
  T &name(std::string name);
  template <typename App> WebSocketRule<App> &websocket(App *app);
};

class DynamicRule : public BaseRule, public RuleParameterTraits<DynamicRule> {
public:
  using BaseRule::BaseRule;
  template <typename Func> void operator()(Func f) {}
};

template <typename... Args>
class TaggedRule : public BaseRule,
                   public RuleParameterTraits<TaggedRule<Args...>> {
public:
  using BaseRule::BaseRule;
  template <typename Func> void operator()(Func &&f) {}
};

// The handler of requests no route matches.
class CatchallRule {
public:
  template <typename Func> void operator()(Func &&f) {}
};

template <typename... Middlewares> class Crow {
public:
  DynamicRule &route_dynamic(const std::string &rule);
  CatchallRule &catchall_route();
  template <std::uint64_t Tag> TaggedRule<> &route(const std::string &rule);
  Crow &port(std::uint16_t port);
  Crow &multithreaded();
  void run();
};
using SimpleApp = Crow<>;

} // namespace crow

#define CROW_ROUTE(app, url)                                                   \
  app.template route<crow::black_magic::get_parameter_tag(url)>(url)
#define CROW_CATCHALL_ROUTE(app) app.catchall_route()
#define CROW_WEBSOCKET_ROUTE(app, url)                                         \
  app.template route<crow::black_magic::get_parameter_tag(url)>(url)          \
      .template websocket<std::remove_reference<decltype(app)>::type>(&app)
