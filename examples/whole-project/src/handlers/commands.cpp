// The request verbs. Each calls into services/ or storage/, in other files.
#include "handlers/handlers.h"
#include "services/services.h"
#include "storage/storage.h"

#include <string>
#include <thread>
#include <vector>

namespace handlers {

namespace {

// "VERB argument" -> "argument"
std::string argument_of(const std::string &line) {
  std::size_t space = line.find(' ');
  return space == std::string::npos ? std::string() : line.substr(space + 1);
}

} // namespace

asio::awaitable<std::string> handle_command(std::string line, Context &ctx) {
  std::string verb = line.substr(0, line.find(' '));
  std::string arg = argument_of(line);

  // Work that blocks or computes, two or three files away: reported here.
  if (verb == "PROFILE")
    co_return services::profile_summary(arg);
  if (verb == "HISTORY") {
    std::vector<std::string> events = storage::read_history(arg);
    co_return services::format_lines(events);
  }
  if (verb == "TOP")
    co_return services::top_users(ctx.directory, 10);
  if (verb == "PAIRS")
    co_return services::closest_pairs(ctx.directory);
  if (verb == "UPLOAD") {
    services::charge_upload(arg.size());
    co_return "stored\n";
  }
  if (verb == "REPLICA")
    co_return services::sync_from_replica(ctx.replica_fd, arg);
  if (verb == "FILE")
    co_return services::attachment(arg);

  // Look-alikes: cheap work in other files, or blocking work handed to
  // other threads. Not reported.
  if (verb == "INLINE")
    co_return services::inline_attachment(arg.data(), arg.size());
  if (verb == "CACHED")
    co_return services::cached_summary(arg);
  if (verb == "HELLO")
    co_return services::greeting(arg);
  if (verb == "AUDIT") {
    asio::post(ctx.workers, [entry = arg] { storage::append_audit(entry); });
    co_return "queued\n";
  }
  if (verb == "EXPORT") {
    std::thread([directory = ctx.directory, path = arg] {
      services::export_report(directory, path);
    }).detach();
    co_return "exporting\n";
  }
  co_return "unknown command\n";
}

} // namespace handlers
