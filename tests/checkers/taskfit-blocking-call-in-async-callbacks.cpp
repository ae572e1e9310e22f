// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags

// Calls through data members: a C parser's table of function pointers and a
// connection's std::function members run the callables the translation unit
// stores there (designated and aggregate initializers, assignments,
// constructor initializers, setters). A call reaches blocking work only if
// every callable stored into that member blocks; a member nothing is stored
// into is not followed.

#include <asio.hpp>

#include <cstddef>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>

using asio::ip::tcp;

// --- a C parser that calls back through a settings table ---------------------
// (the shape of http_parser and llhttp)
extern "C" {
typedef struct mini_parser mini_parser;
typedef int (*mini_cb)(mini_parser *);
typedef int (*mini_data_cb)(mini_parser *, const char *at, size_t length);

struct mini_parser_settings {
  mini_cb on_message_begin;
  mini_data_cb on_url;
  mini_data_cb on_header_field;
  mini_data_cb on_body;
  mini_data_cb on_chunk_header;
  mini_cb on_message_complete;
};

struct mini_parser {
  void *data;
  int state;
};

size_t mini_parser_execute(mini_parser *p, const mini_parser_settings *settings,
                           const char *data, size_t len) {
  size_t i = 0;
  if (settings->on_message_begin)
    settings->on_message_begin(p);
  while (i < len && data[i] != ' ')
    ++i;
  if (settings->on_url)
    settings->on_url(p, data, i); // LINE:exec_on_url
  if (settings->on_message_complete)
    settings->on_message_complete(p);
  return len;
}

size_t mini_parser_headers(mini_parser *p,
                           const mini_parser_settings *settings,
                           const char *data, size_t len) {
  size_t i = 0;
  while (i < len && data[i] != ':')
    ++i;
  if (settings->on_header_field)
    settings->on_header_field(p, data, i);
  return len;
}

// Only the body parser calls these two.
size_t mini_parser_body(mini_parser *p, const mini_parser_settings *settings,
                        const char *data, size_t len) {
  if (settings->on_chunk_header)
    settings->on_chunk_header(p, data, len);
  settings->on_body(p, data, len); // LINE:exec_on_body
  return len;
}
}

// The server's callbacks.
int on_message_begin(mini_parser *p) {
  p->state = 1;
  return 0;
}
int on_url(mini_parser *, const char *at, size_t length) {
  FILE *log = fopen("access.log", "a"); // LINE:on_url_fopen
  fwrite(at, 1, length, log);
  fclose(log);
  return 0;
}
int on_header_field(mini_parser *p, const char *, size_t length) {
  p->state += static_cast<int>(length);
  return 0;
}
int trace_header_field(mini_parser *, const char *at, size_t length) {
  std::ofstream trace("headers.trace", std::ios::app);
  trace.write(at, static_cast<std::streamsize>(length));
  return 0;
}
int spool_body(mini_parser *, const char *at, size_t length) {
  std::ofstream spool("upload.tmp", std::ios::app); // LINE:spool_ofstream
  spool.write(at, static_cast<std::streamsize>(length));
  return 0;
}
int on_message_complete(mini_parser *p) {
  p->state = 0;
  return 0;
}

// Designated initializers: on_url blocks, the others do not.
static const mini_parser_settings request_settings = {
    .on_message_begin = on_message_begin,
    .on_url = on_url,
    .on_header_field = on_header_field,
    .on_message_complete = on_message_complete,
};

// A second table, by assignment: its body callback blocks; its header
// callback blocks too, but on_header_field also holds the one stored
// above, which does not: a call through it may run either.
mini_parser_settings upload_settings() {
  mini_parser_settings s{};
  s.on_header_field = trace_header_field;
  s.on_body = spool_body;
  return s;
}

class http_connection {
public:
  explicit http_connection(tcp::socket socket)
      : socket_(std::move(socket)), settings_(upload_settings()) {
    parser_.data = this;
  }

  void read_request() {
    socket_.async_read_some(
        asio::buffer(buf_), [this](std::error_code ec, std::size_t n) {
          if (ec)
            return;
          mini_parser_execute(&parser_, &request_settings, buf_, n);
          // CHECK-NOTES: :[[@LINE-1]]:11: warning: blocking file I/O 'fopen' (via 'mini_parser_execute') in completion handler lambda in 'http_connection::read_request' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
          // CHECK-NOTES: :[[#exec_on_url]]:5: note: 'mini_parser_execute' calls 'on_url' here
          // CHECK-NOTES: :[[#on_url_fopen]]:15: note: 'on_url' calls blocking file I/O 'fopen' here
          // on_header_field holds a blocking and a non-blocking callback:
          // not reported.
          mini_parser_headers(&parser_, &request_settings, buf_, n);
          read_body();
        });
  }

  void read_body() {
    socket_.async_read_some(
        asio::buffer(buf_), [this](std::error_code ec, std::size_t n) {
          if (!ec)
            mini_parser_body(&parser_, &settings_, buf_, n);
          // CHECK-NOTES: :[[@LINE-1]]:13: warning: blocking file I/O 'std::ofstream' (via 'mini_parser_body') in completion handler lambda in 'http_connection::read_body' {{.*}}
          // CHECK-NOTES: :[[#exec_on_body]]:3: note: 'mini_parser_body' calls 'spool_body' here
          // CHECK-NOTES: :[[#spool_ofstream]]:17: note: 'spool_body' calls blocking file I/O 'std::ofstream' here
        });
  }

private:
  tcp::socket socket_;
  mini_parser parser_{};
  mini_parser_settings settings_;
  char buf_[4096];
};

// --- hooks called straight from the handlers --------------------------------
struct server_hooks {
  void (*on_accept)(int fd);
  void (*on_request)(const char *data, std::size_t len);
  void (*on_close)(int fd);
  void (*on_idle)();
};

void count_accept(int) {}
void log_request(const char *data, std::size_t len) {
  std::ofstream("requests.log", std::ios::app).write(data, len); // LINE:log_request
}
void close_quietly(int fd) { close(fd); }
void close_and_linger(int fd) {
  sleep(1);
  close(fd);
}

void production_hooks(server_hooks &h) {
  h.on_accept = count_accept;
  h.on_request = log_request;
  h.on_close = close_quietly;
}
// A test double stores a blocking close into the same member: a call
// through on_close may run either, so it is not reported.
void test_hooks(server_hooks &h) {
  h.on_accept = &count_accept;
  h.on_request = &log_request;
  h.on_close = &close_and_linger;
}

void serve(tcp::acceptor &acceptor, const server_hooks *hooks) {
  acceptor.async_accept([&acceptor, hooks](std::error_code ec,
                                           tcp::socket socket) {
    if (ec)
      return;
    int fd = socket.native_handle();
    hooks->on_accept(fd);
    static char buf[512];
    socket.async_read_some(asio::buffer(buf), [hooks, fd](std::error_code,
                                                          std::size_t n) {
      hooks->on_request(buf, n);
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: blocking file I/O 'basic_ostream::write' (via 'log_request') in completion handler lambda in lambda in 'serve' {{.*}}
      // CHECK-NOTES: :[[#log_request]]:48: note: 'log_request' calls blocking file I/O 'basic_ostream::write' here
      hooks->on_close(fd);
      // Nothing is ever stored into on_idle: the call is not followed.
      if (hooks->on_idle)
        hooks->on_idle();
    });
    serve(acceptor, hooks);
  });
}

// --- std::function members --------------------------------------------------
std::function<void(const std::string &)> make_text_handler(bool verbose);

class ws_session {
public:
  using message_handler = std::function<void(const std::string &)>;

  // The constructor stores a default message handler that archives every
  // message to a file, and the open handler its caller passes.
  ws_session(tcp::socket socket, std::function<void()> on_open)
      : socket_(std::move(socket)),
        on_message_([](const std::string &m) {
          std::ofstream("messages.log", std::ios::app) << m; // LINE:archive
        }),
        on_open_(std::move(on_open)),
        on_text_([](const std::string &m) { fputs(m.c_str(), fopen("t", "a")); }) {}

  // Setters: the member holds what their callers pass.
  void set_error_handler(std::function<void(int)> h) { on_error_ = std::move(h); }
  void set_text_handler(message_handler h) { on_text_ = h; }
  void use_blocking_ping() {
    on_ping_ = [] { usleep(1000); };
  }
  void use_quiet_ping() {
    on_ping_ = [] {};
  }

  void start() {
    socket_.async_read_some(asio::buffer(buf_), [this](std::error_code ec,
                                                       std::size_t n) {
      if (ec) {
        on_error_(ec.value());
        // CHECK-NOTES: :[[@LINE-1]]:9: warning: blocking file I/O 'fopen' (via lambda in 'wire') in completion handler lambda in 'ws_session::start' {{.*}}
        // CHECK-NOTES: :[[#error_fopen]]:15: note: lambda in 'wire' calls blocking file I/O 'fopen' here
        return;
      }
      if (!opened_) {
        opened_ = true;
        on_open_();
        // CHECK-NOTES: :[[@LINE-1]]:9: warning: blocking sleep 'usleep' (via lambda in 'accept_one') in completion handler lambda in 'ws_session::start' {{.*}}
        // CHECK-NOTES: :[[#open_usleep]]:63: note: lambda in 'accept_one' calls blocking sleep 'usleep' here
      }
      on_message_(std::string(buf_, n));
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: blocking file I/O 'operator<<' (via lambda in 'ws_session::ws_session') in completion handler lambda in 'ws_session::start' {{.*}}
      // CHECK-NOTES: :[[#archive]]:56: note: lambda in 'ws_session::ws_session' calls blocking file I/O 'operator<<' here
      // The constructor's default blocks, but a setter stores a handler
      // made elsewhere: what runs is not known, so not reported.
      on_text_(std::string(buf_, n));
      // Two lambdas, one of which sleeps: not reported.
      on_ping_();
      // Never stored: not followed.
      on_close_();
      start();
    });
  }

private:
  tcp::socket socket_;
  message_handler on_message_;
  std::function<void()> on_open_;
  message_handler on_text_;
  std::function<void(int)> on_error_;
  std::function<void()> on_ping_;
  std::function<void()> on_close_;
  bool opened_ = false;
  char buf_[1024];
};

void wire(ws_session &session, bool verbose) {
  session.set_error_handler([](int code) {
    FILE *f = fopen("errors.log", "a"); // LINE:error_fopen
    fprintf(f, "error %d\n", code);
    fclose(f);
  });
  session.set_text_handler(make_text_handler(verbose));
}

std::shared_ptr<ws_session> accept_one(tcp::socket socket) {
  return std::make_shared<ws_session>(std::move(socket), [] { usleep(100); }); // LINE:open_usleep
}

// --- the same callbacks from a thread: not an event loop --------------------
void parse_in_background(const char *data, std::size_t len) {
  std::thread([data, len] {
    mini_parser p{};
    mini_parser_execute(&p, &request_settings, data, len);
  }).detach();
}
