// Reads what the replica holds for a key.
#include "services/services.h"
#include "storage/storage.h"

#include <string>

namespace services {

std::string sync_from_replica(int fd, const std::string &key) {
  if (fd < 0)
    return "no replica\n";
  std::string record = storage::fetch_from_replica(fd);
  return key + " = " + record + "\n";
}

} // namespace services
