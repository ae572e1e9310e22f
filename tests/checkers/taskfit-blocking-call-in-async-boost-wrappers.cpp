// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %boost_asio_flags -I %runtime_include

// Blocking wrappers of the libraries the table knows: Beast's files and
// synchronous HTTP, WebSocket, TCP and TLS streams; asio's socket iostream;
// Boost.Process; Boost.Filesystem and std::filesystem's directory
// iterators; Boost.Thread's joins, condition variables and futures. Each
// next to its asynchronous (or non-waiting) look-alike, which is not
// reported.

#include <utility> // Boost 1.74 awaitable.hpp uses std::exchange without it.
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
// CHECK-FIXES: #include <taskfit/boost_asio.hpp>
#include <boost/filesystem.hpp>
#include <boost/filesystem/fstream.hpp>
#include <boost/filesystem/string_file.hpp>
#include <boost/process.hpp>
#include <boost/thread.hpp>
#include <boost/thread/future.hpp>

#include <chrono>
#include <filesystem>
#include <string>

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace bfs = boost::filesystem;
namespace bp = boost::process;
using tcp = net::ip::tcp;

// --- Beast: files and file bodies --------------------------------------------
net::awaitable<void> send_file(beast::tcp_stream &stream, std::string path) {
  beast::error_code ec;
  http::file_body::value_type body;
  body.open(path.c_str(), beast::file_mode::scan, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking file I/O 'value_type::open' in coroutine 'send_file' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { body.open(path.c_str(), beast::file_mode::scan, ec); });{{$}}
  http::response<http::file_body> res{http::status::ok, 11};
  res.body() = std::move(body);
  res.prepare_payload();
  co_await http::async_write(stream, res, net::use_awaitable);

  beast::file log;
  log.open("access.log", beast::file_mode::append, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking file I/O 'file_posix::open' in coroutine 'send_file' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { log.open("access.log", beast::file_mode::append, ec); });{{$}}
  log.write(path.data(), path.size(), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking file I/O 'file_posix::write' in coroutine 'send_file' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { log.write(path.data(), path.size(), ec); });{{$}}
  beast::file_stdio copy;
  char buf[64];
  copy.read(buf, sizeof buf, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking file I/O 'file_stdio::read' in coroutine 'send_file' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { copy.read(buf, sizeof buf, ec); });{{$}}
  // Stat-like: not reported.
  auto size = log.size(ec);
  (void)size;
}

// --- Beast: synchronous HTTP, WebSocket, TCP and TLS ---------------------------
net::awaitable<void> http_session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(stream, buffer, req);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'read' in coroutine 'http_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { http::read(stream, buffer, req); });{{$}}
  co_await http::async_read(stream, buffer, req, net::use_awaitable);

  http::request_parser<http::empty_body> parser;
  http::read_header(stream, buffer, parser);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'read_header' in coroutine 'http_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { http::read_header(stream, buffer, parser); });{{$}}
  co_await http::async_read_header(stream, buffer, parser, net::use_awaitable);

  http::response<http::string_body> res{http::status::ok, req.version()};
  http::write(stream, res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'write' in coroutine 'http_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { http::write(stream, res); });{{$}}
  co_await http::async_write(stream, res, net::use_awaitable);

  http::response_serializer<http::string_body> sr{res};
  http::write_header(stream, sr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'write_header' in coroutine 'http_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { http::write_header(stream, sr); });{{$}}
  co_await http::async_write_header(stream, sr, net::use_awaitable);

  char raw[16];
  stream.read_some(net::buffer(raw));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking network I/O 'basic_stream::read_some' in coroutine 'http_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { stream.read_some(net::buffer(raw)); });{{$}}
  co_await stream.async_read_some(net::buffer(raw), net::use_awaitable);
}

// The reactor style: a single read on a socket the caller expects to
// report would_block returns at once; a composed HTTP read cannot stop
// halfway through a message, so it still blocks.
net::awaitable<std::size_t> try_read(beast::tcp_stream &stream,
                                     beast::flat_buffer &buffer,
                                     http::request<http::string_body> &req) {
  boost::system::error_code ec;
  char raw[16];
  std::size_t n = stream.read_some(net::buffer(raw), ec);
  if (ec == net::error::would_block)
    co_return 0;
  http::read(stream, buffer, req, ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'read' in coroutine 'try_read' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { http::read(stream, buffer, req, ec); });{{$}}
  co_return n;
}

net::awaitable<void> connect_to(beast::tcp_stream &stream,
                                tcp::resolver::results_type endpoints) {
  stream.connect(endpoints);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking network I/O 'basic_stream::connect' in coroutine 'connect_to' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { stream.connect(endpoints); });{{$}}
  co_await stream.async_connect(endpoints, net::use_awaitable);
}

net::awaitable<void> ws_session(websocket::stream<beast::tcp_stream> &ws) {
  ws.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking network I/O 'stream::accept' in coroutine 'ws_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ws.accept(); });{{$}}
  co_await ws.async_accept(net::use_awaitable);
  beast::flat_buffer buffer;
  ws.read(buffer);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking network I/O 'stream::read' in coroutine 'ws_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ws.read(buffer); });{{$}}
  co_await ws.async_read(buffer, net::use_awaitable);
  ws.write(buffer.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking network I/O 'stream::write' in coroutine 'ws_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ws.write(buffer.data()); });{{$}}
  co_await ws.async_write(buffer.data(), net::use_awaitable);
  ws.ping({});
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking network I/O 'stream::ping' in coroutine 'ws_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ws.ping({}); });{{$}}
  co_await ws.async_ping({}, net::use_awaitable);
  ws.close(websocket::close_code::normal);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking network I/O 'stream::close' in coroutine 'ws_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { ws.close(websocket::close_code::normal); });{{$}}
  co_await ws.async_close(websocket::close_code::normal, net::use_awaitable);
  // Setting an option waits for nothing.
  ws.text(true);
}

net::awaitable<void> tls_session(beast::ssl_stream<beast::tcp_stream> &tls) {
  tls.handshake(ssl::stream_base::server);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking network I/O 'ssl_stream::handshake' in coroutine 'tls_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { tls.handshake(ssl::stream_base::server); });{{$}}
  co_await tls.async_handshake(ssl::stream_base::server, net::use_awaitable);
  char raw[16];
  tls.write_some(net::buffer(raw));
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking network I/O 'ssl_stream::write_some' in coroutine 'tls_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { tls.write_some(net::buffer(raw)); });{{$}}
  co_await tls.async_write_some(net::buffer(raw), net::use_awaitable);
  tls.shutdown();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking network I/O 'ssl_stream::shutdown' in coroutine 'tls_session' {{.*}}
  // CHECK-FIXES: {{^}}  co_await taskfit::asio_offload(taskfit::io_pool(), [&] { tls.shutdown(); });{{$}}
  co_await tls.async_shutdown(net::use_awaitable);
}

// --- asio's socket iostream --------------------------------------------------
void fetch_on_timer(net::steady_timer &timer) {
  timer.async_wait([](boost::system::error_code) {
    tcp::iostream s("example.org", "http");
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking network I/O 'tcp::iostream' in completion handler lambda in 'fetch_on_timer' {{.*}}
    s << "GET / HTTP/1.0\r\n\r\n";
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking network I/O 'operator<<' in completion handler lambda in 'fetch_on_timer' {{.*}}
    std::string status;
    std::getline(s, status);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking network I/O 'getline' in completion handler lambda in 'fetch_on_timer' {{.*}}
    // An unconnected iostream waits for nothing.
    tcp::iostream later;
    (void)later;
  });
}

// --- Boost.Process -----------------------------------------------------------
void run_tools(net::io_context &io, net::steady_timer &timer) {
  timer.async_wait([&io](boost::system::error_code) {
    bp::system("gzip access.log");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking process call 'system' in completion handler lambda in 'run_tools' {{.*}}
    bp::ipstream out;
    bp::child c("ls", bp::std_out > out);
    std::string line;
    std::getline(out, line);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking process call 'getline' in completion handler lambda in 'run_tools' {{.*}}
    c.wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking process call 'child::wait' in completion handler lambda in 'run_tools' {{.*}}
    // Polling whether it still runs, or a zero timeout, does not wait.
    if (c.running())
      c.wait_for(std::chrono::seconds(0));
    c.wait_for(std::chrono::seconds(5));
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking process call 'child::wait_for' in completion handler lambda in 'run_tools' {{.*}}
    // Its asynchronous twin reports on the loop.
    bp::async_system(io, [](boost::system::error_code, int) {}, "sync");
  });
}

// --- Boost.Filesystem and directory iterators ---------------------------------
void rotate_logs(net::steady_timer &timer) {
  timer.async_wait([](boost::system::error_code) {
    bfs::path dir("logs");
    bfs::create_directories(dir / "old");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'create_directories' in completion handler lambda in 'rotate_logs' {{.*}}
    bfs::copy_file(dir / "app.log", dir / "old" / "app.log");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'copy_file' in completion handler lambda in 'rotate_logs' {{.*}}
    bfs::remove_all(dir / "older");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'remove_all' in completion handler lambda in 'rotate_logs' {{.*}}
    bfs::ofstream marker(dir / "rotated");
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: blocking file I/O 'bfs::ofstream' in completion handler lambda in 'rotate_logs' {{.*}}
    std::string text;
    bfs::load_string_file(dir / "app.log", text);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking file I/O 'load_string_file' in completion handler lambda in 'rotate_logs' {{.*}}
    for (const auto &entry : bfs::directory_iterator(dir))
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: blocking file I/O 'bfs::directory_iterator' in completion handler lambda in 'rotate_logs' {{.*}}
      (void)entry;
    for (const auto &entry : std::filesystem::recursive_directory_iterator("logs"))
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: blocking file I/O 'std::filesystem::recursive_directory_iterator' in completion handler lambda in 'rotate_logs' {{.*}}
      (void)entry;
    // Path arithmetic and stat-like queries: not reported.
    bfs::path next = dir / "app.1.log";
    bool there = bfs::exists(next) && bfs::is_regular_file(next);
    (void)there;
    bfs::directory_iterator end;
    (void)end;
  });
}

// --- Boost.Thread --------------------------------------------------------------
void wait_for_workers(net::io_context &io, boost::thread &worker,
                      boost::mutex &m, boost::condition_variable &cv,
                      boost::unique_future<int> &result) {
  net::post(io, [&] {
    worker.join();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking synchronous wait 'thread::join' in completion handler lambda in 'wait_for_workers' {{.*}}
    // Not waiting: a zero timeout.
    worker.try_join_for(boost::chrono::milliseconds(0));
    boost::unique_lock<boost::mutex> lock(m);
    cv.wait(lock);
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking synchronous wait 'condition_variable::wait' in completion handler lambda in 'wait_for_workers' {{.*}}
    cv.notify_one();
    int value = result.get();
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: blocking synchronous wait 'unique_future::get' in completion handler lambda in 'wait_for_workers' {{.*}}
    result.wait();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking synchronous wait 'basic_future::wait' in completion handler lambda in 'wait_for_workers' {{.*}}
    bool ready = result.is_ready();
    (void)value;
    (void)ready;
  });
}

int main() {
  net::io_context io;
  net::co_spawn(io, http_session(beast::tcp_stream(io)), net::detached);
  io.run();
}
