// Upload accounting: past the budget, wait for the disk.
#include "services/services.h"
#include "storage/storage.h"

#include <cstddef>

namespace services {

namespace {

constexpr std::size_t kBudget = std::size_t{64} << 20;
std::size_t bytes_this_minute = 0;

} // namespace

void charge_upload(std::size_t bytes) {
  bytes_this_minute += bytes;
  if (bytes_this_minute > kBudget) {
    storage::wait_for_disk_quota();
    bytes_this_minute = 0;
  }
}

} // namespace services
