// audit.log: one line per administrative action.
#include "storage/storage.h"

#include <cstdio>
#include <string>

namespace storage {

void append_audit(const std::string &entry) {
  std::FILE *f = std::fopen("audit.log", "a");
  if (!f)
    return;
  std::fputs(entry.c_str(), f);
  std::fputc('\n', f);
  std::fclose(f);
}

} // namespace storage
