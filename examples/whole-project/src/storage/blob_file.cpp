// read_blob(path): an attachment stored as a file.
#include "storage/storage.h"

#include <cstdio>
#include <string>

namespace storage {

std::string read_blob(const std::string &path) {
  std::string bytes;
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return bytes;
  char chunk[8192];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.append(chunk, got);
  std::fclose(f);
  return bytes;
}

} // namespace storage
