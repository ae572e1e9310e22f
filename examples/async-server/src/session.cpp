#include "session.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <netdb.h>
#include <sstream>
#include <string>
#include <thread>

using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n'))
    s.pop_back();
  return s;
}

} // namespace

asio::awaitable<void> session(tcp::socket socket, const Config &cfg,
                              Stats &stats) {
  asio::streambuf buffer;
  for (;;) {
    // Fine: an asynchronous read suspends the coroutine, not the loop.
    std::size_t n = co_await asio::async_read_until(socket, buffer, '\n',
                                                    asio::use_awaitable);
    std::string line(asio::buffers_begin(buffer.data()),
                     asio::buffers_begin(buffer.data()) + n);
    buffer.consume(n);
    line = trim(line);
    ++stats.requests;

    std::string reply;
    if (line.rfind("GET ", 0) == 0) {
      // Blocking file I/O on the event loop: every other client waits.
      std::ifstream file(cfg.root + "/" + line.substr(4), std::ios::binary);
      std::ostringstream body;
      body << file.rdbuf();
      reply = body.str();
    } else if (line.rfind("RESOLVE ", 0) == 0) {
      // A DNS lookup can take seconds.
      addrinfo *result = nullptr;
      int rc = getaddrinfo(line.substr(8).c_str(), nullptr, nullptr, &result);
      reply = rc == 0 ? "ok\n" : std::string(gai_strerror(rc)) + "\n";
      if (result)
        freeaddrinfo(result);
    } else if (line == "SLOW") {
      // Simulated latency that stalls the whole server, not one client.
      std::this_thread::sleep_for(std::chrono::milliseconds(cfg.slow_ms));
      reply = "done\n";
    } else if (line == "PING") {
      // Fine: a timer suspends the coroutine.
      asio::steady_timer timer(socket.get_executor(), 10ms);
      co_await timer.async_wait(asio::use_awaitable);
      reply = "PONG\n";
    } else if (line == "QUIT") {
      co_return;
    } else {
      reply = "unknown command\n";
    }

    if (reply.size() > 4096) {
      // A blocking write of a large reply holds the loop until the peer reads.
      asio::write(socket, asio::buffer(reply));
    } else {
      co_await asio::async_write(socket, asio::buffer(reply),
                                 asio::use_awaitable);
    }
    stats.bytes_sent += reply.size();
  }
}

asio::awaitable<void> reload_config(Config &cfg, const std::string &path) {
  FILE *f = std::fopen(path.c_str(), "r");
  if (!f)
    co_return;
  std::string text;
  char chunk[512];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    text.append(chunk, got);
  std::fclose(f);
  cfg = parse_config(text);
  std::fprintf(stderr, "config reloaded from %s\n", path.c_str());
}
