// Attachments: stored as files, or sent inline with the request.
#include "services/services.h"
#include "storage/storage.h"

#include <string>

namespace services {

std::string attachment(const std::string &path) {
  std::string bytes = storage::read_blob("attachments/" + path);
  return std::to_string(bytes.size()) + " bytes\n" + bytes;
}

std::string inline_attachment(const char *data, std::size_t size) {
  std::string bytes = storage::read_blob(data, size);
  return std::to_string(bytes.size()) + " bytes\n" + bytes;
}

} // namespace services
