// The disk is shared with the database: large writes back off first.
#include "storage/storage.h"

#include <chrono>
#include <thread>

namespace storage {

void wait_for_disk_quota() {
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

} // namespace storage
