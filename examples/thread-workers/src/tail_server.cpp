// Serving the newest lines to clients: `nc host port` prints them.
#include "logcrunch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace logcrunch {

namespace {

void send_tail(int client, const std::vector<LogFile> &files) {
  for (const LogFile &f : files) {
    std::size_t from = f.lines.size() > 10 ? f.lines.size() - 10 : 0;
    for (std::size_t i = from; i < f.lines.size(); ++i) {
      std::string line = f.path + ": " + f.lines[i] + "\n";
      if (send(client, line.data(), line.size(), MSG_NOSIGNAL) < 0) {
        close(client);
        return;
      }
    }
  }
  close(client);
}

} // namespace

void serve_tail(unsigned short port, const std::vector<LogFile> &files) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0)
    return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0 ||
      listen(listener, 64) < 0) {
    close(listener);
    return;
  }
  // A thread per connection: a thousand idle clients are a thousand threads.
  for (;;) {
    int client = accept(listener, nullptr, nullptr);
    if (client < 0)
      break;
    std::thread(send_tail, client, std::cref(files)).detach();
  }
  close(listener);
}

} // namespace logcrunch
