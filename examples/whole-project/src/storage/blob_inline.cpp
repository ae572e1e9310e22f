// read_blob(data, size): an attachment sent inline with the request. Same
// name as the file overload in blob_file.cpp, but it only copies memory.
#include "storage/storage.h"

#include <string>

namespace storage {

std::string read_blob(const char *data, std::size_t size) {
  return std::string(data, size);
}

} // namespace storage
