// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 -I %inputs

// The reactor style: I/O on a descriptor made non-blocking, or made once
// readiness was awaited with EAGAIN handled, returns at once and does not
// block the loop. The same calls on a blocking descriptor do.

#include "simple_task.h"

#include <cerrno>
#include <cstddef>
#include <fcntl.h>
#include <span>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

// An awaitable that resumes once the descriptor is ready.
ready_awaitable wait_readable(int fd);

// --- blocking descriptors: findings ----------------------------------------

simple_task<int> echo_blocking(int fd) {
  char buf[512];
  long n = recv(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking network I/O 'recv' in coroutine 'echo_blocking' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
  send(fd, buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking network I/O 'send' in coroutine 'echo_blocking'
  co_return 0;
}

// A socket created without SOCK_NONBLOCK, next to another one made
// non-blocking: the evidence belongs to the other one.
simple_task<int> fetch_blocking() {
  int nb = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  char buf[64];
  long n = read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking file I/O 'read' in coroutine 'fetch_blocking'
  close(nb);
  co_return static_cast<int>(n);
}

// --- non-blocking by creation or configuration: no finding -----------------

simple_task<int> fetch_nonblocking() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  char buf[64];
  long n = read(fd, buf, sizeof buf);
  co_return static_cast<int>(n);
}

void set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL, 0);
  flags |= O_NONBLOCK;
  fcntl(fd, F_SETFL, flags);
}

// A connection whose descriptor the constructor makes non-blocking; a
// member coroutine reads it.
class connection {
public:
  explicit connection(int listener) : fd_(accept(listener, nullptr, nullptr)) {
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL, 0) | O_NONBLOCK);
  }
  simple_task<int> read_some(std::span<char> buf) {
    long n = ::recv(fd_, buf.data(), buf.size(), 0);
    co_return static_cast<int>(n);
  }

private:
  int fd_;
};

// accept4 with SOCK_NONBLOCK, and a helper that sets O_NONBLOCK, make the
// accepted sockets non-blocking; the listening socket itself is not, so the
// accepts wait for a connection.
simple_task<int> serve(int listener) {
  int client = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: blocking network I/O 'accept4' in coroutine 'serve'
  int other = accept(listener, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking network I/O 'accept' in coroutine 'serve'
  set_nonblocking(other);
  char buf[256];
  long a = recv(client, buf, sizeof buf, 0);
  long b = recv(other, buf, sizeof buf, 0);
  int on = 1;
  int third = accept(listener, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking network I/O 'accept' in coroutine 'serve'
  ioctl(third, FIONBIO, &on);
  long c = send(third, buf, 1, 0);
  co_return static_cast<int>(a + b + c);
}

// A library's own "non-blocking" creation flag, as coroutine libraries
// spell it.
namespace net {
enum class blocking_t { yes, no };
struct options {
  int type;
  blocking_t blocking;
};
struct socket {
  int fd = -1;
  int native_handle() const { return fd; }
  bool blocking(blocking_t) { return true; }
};
socket make_socket(options opts);
} // namespace net

class tcp_client {
public:
  tcp_client() : m_socket(net::make_socket(net::options{SOCK_STREAM, net::blocking_t::no})) {}
  simple_task<long> write_some(std::span<const char> data) {
    co_return ::send(m_socket.native_handle(), data.data(), data.size(), 0);
  }

private:
  net::socket m_socket;
};

class blocking_client {
public:
  blocking_client() : m_socket(net::make_socket(net::options{SOCK_STREAM, net::blocking_t::yes})) {
    m_other.blocking(net::blocking_t::no);
  }
  simple_task<long> write_some(std::span<const char> data) {
    co_return ::send(m_socket.native_handle(), data.data(), data.size(), 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking network I/O 'send' in coroutine 'blocking_client::write_some'
  }
  simple_task<long> read_other(std::span<char> data) {
    co_return ::recv(m_other.native_handle(), data.data(), data.size(), 0);
  }

private:
  net::socket m_socket;
  net::socket m_other;
};

// --- readiness awaited, would-block handled: no finding --------------------

// A helper that reports EAGAIN instead of waiting: it is written for
// non-blocking descriptors.
long try_recv(int fd, char *buf, std::size_t len) {
  long n = recv(fd, buf, len, 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
    return 0;
  return n;
}

simple_task<long> reader(int fd) {
  char buf[128];
  co_return try_recv(fd, buf, sizeof buf);
}

// The coroutine awaits readiness, then reads through a helper that knows
// nothing of EAGAIN: the reads after (and before) the poll are non-blocking.
struct io_status {
  int code;
  bool try_again() const { return code == EAGAIN; }
};
io_status raw_recv(int fd, std::span<char> buf) {
  long n = ::recv(fd, buf.data(), buf.size(), 0);
  return {n < 0 ? errno : 0};
}

simple_task<io_status> read_when_ready(int fd, std::span<char> buf) {
  co_await wait_readable(fd);
  co_return raw_recv(fd, buf);
}

simple_task<io_status> read_fast_path(int fd, std::span<char> buf) {
  io_status status = raw_recv(fd, buf);
  if (status.try_again())
    co_return status;
  co_return status;
}

// The same helper from a coroutine that neither polls nor handles EAGAIN:
// a blocking read as far as anyone can tell.
simple_task<io_status> read_blindly(int fd, std::span<char> buf) {
  co_return raw_recv(fd, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking network I/O 'recv' (via 'raw_recv') in coroutine 'read_blindly'
}

// Registered with epoll: the descriptor is reactor-managed.
struct peer {
  int fd;
};
void watch(int ep, peer &p) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  epoll_ctl(ep, EPOLL_CTL_ADD, p.fd, &ev);
}
simple_task<long> drain(peer &p) {
  char buf[64];
  co_return recv(p.fd, buf, sizeof buf, 0);
}

// A self-pipe whose constructor makes both ends non-blocking through a
// loop over the descriptor array, written through a getter that returns
// one element (libcoro's wake-up pipe): a scheduler's wake-up write does
// not block.
class wake_pipe {
public:
  wake_pipe() {
    (void)::pipe(m_fds);
    for (int &fd : m_fds) {
      int flags = fcntl(fd, F_GETFL);
      flags |= O_NONBLOCK;
      fcntl(fd, F_SETFL, flags);
    }
  }
  int write_fd() const { return m_fds[1]; }
  long wake() {
    const char one = 1;
    return ::write(write_fd(), &one, 1);
  }

private:
  int m_fds[2] = {-1, -1};
};
simple_task<long> schedule(wake_pipe &p) { co_return p.wake(); }

// Look-alike: the same pipe left blocking.
class plain_pipe {
public:
  plain_pipe() { (void)::pipe(m_fds); }
  int write_fd() const { return m_fds[1]; }
  long wake() {
    const char one = 1;
    return ::write(write_fd(), &one, 1);
  }

private:
  int m_fds[2] = {-1, -1};
};
simple_task<long> schedule_blocking(plain_pipe &p) { co_return p.wake(); }
// CHECK-MESSAGES: :[[@LINE-1]]:66: warning: blocking file I/O 'write' (via 'plain_pipe::wake') in coroutine 'schedule_blocking'

// An event loop's wake-up descriptor made by a factory of the code that
// asks for non-blocking mode (muduo's and trantor's createEventfd): the
// wake-up write returns at once.
static int create_eventfd() {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0)
    _exit(1);
  return fd;
}
class event_loop {
public:
  event_loop() : wakeup_fd_(create_eventfd()) {}
  void wakeup() {
    unsigned long one = 1;
    (void)::write(wakeup_fd_, &one, sizeof one);
  }

private:
  int wakeup_fd_;
};
simple_task<void> queue_in_loop(event_loop &loop) {
  loop.wakeup();
  co_return;
}

// Look-alike: a factory that leaves the descriptor blocking, and one that
// returns a non-blocking descriptor on one path only.
static int create_blocking_eventfd() { return ::eventfd(0, EFD_CLOEXEC); }
static int create_eventfd_maybe(bool fast) {
  if (fast)
    return ::eventfd(0, EFD_NONBLOCK);
  return ::eventfd(0, 0);
}
class blocking_loop {
public:
  blocking_loop() : wakeup_fd_(create_blocking_eventfd()) {}
  void wakeup() {
    unsigned long one = 1;
    (void)::write(wakeup_fd_, &one, sizeof one);
  }

private:
  int wakeup_fd_;
};
simple_task<void> queue_in_blocking_loop(blocking_loop &loop) {
  loop.wakeup();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking file I/O 'write' (via 'blocking_loop::wakeup') in coroutine 'queue_in_blocking_loop'
  co_return;
}
class maybe_loop {
public:
  explicit maybe_loop(bool fast) : wakeup_fd_(create_eventfd_maybe(fast)) {}
  void wakeup() {
    unsigned long one = 1;
    (void)::write(wakeup_fd_, &one, sizeof one);
  }

private:
  int wakeup_fd_;
};
simple_task<void> queue_in_maybe_loop(maybe_loop &loop) {
  loop.wakeup();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: blocking file I/O 'write' (via 'maybe_loop::wakeup') in coroutine 'queue_in_maybe_loop'
  co_return;
}

// The would-block test lives in a predicate of the code (trantor's
// isEAGAIN()): the write that calls it is reactor-style. A predicate that
// tests something else says nothing.
static bool buffer_full() {
  return errno == EWOULDBLOCK || errno == EAGAIN;
}
static bool peer_gone() { return errno == EPIPE; }
long write_raw(int fd, const void *data, std::size_t n) {
  long wrote = ::write(fd, data, n);
  if (wrote < 0 && !buffer_full())
    return -1;
  return wrote < 0 ? 0 : wrote;
}
long write_plain(int fd, const void *data, std::size_t n) {
  long wrote = ::write(fd, data, n);
  if (wrote < 0 && peer_gone())
    return -1;
  return wrote;
}
simple_task<long> send_in_loop(int fd, const char *data, std::size_t n) {
  co_return write_raw(fd, data, n);
}
simple_task<long> send_plainly(int fd, const char *data, std::size_t n) {
  co_return write_plain(fd, data, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking file I/O 'write' (via 'write_plain') in coroutine 'send_plainly'
}

// sendfile() to a socket in the reactor style (its would-block result
// handled) returns at once; to a descriptor in blocking mode it waits.
long send_file_chunk(int sock, int file, std::size_t n) {
  long sent = ::sendfile(sock, file, nullptr, n);
  if (sent < 0 && errno != EAGAIN)
    return -1;
  return sent < 0 ? 0 : sent;
}
simple_task<long> serve_file(int sock, int file) {
  co_return send_file_chunk(sock, file, 65536);
}
simple_task<long> copy_file(int out, int file) {
  co_return ::sendfile(out, file, nullptr, 65536);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking file I/O 'sendfile' in coroutine 'copy_file'
}
