// File access of the 'samples' extension.
#include "pyext/pyext.h"

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace pyext {

// One number a line.
std::vector<double> load_samples(const std::string &path) {
  std::ifstream in(path);
  std::vector<double> xs;
  double x;
  while (in >> x)
    xs.push_back(x);
  return xs;
}

// Adler-32 of a file's bytes.
std::uint32_t file_checksum(const std::string &path) {
  std::uint32_t a = 1, b = 0;
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f)
    return 0;
  int c;
  while ((c = std::fgetc(f)) != EOF) {
    a = (a + static_cast<std::uint32_t>(c)) % 65521;
    b = (b + a) % 65521;
  }
  std::fclose(f);
  return (b << 16) | a;
}

} // namespace pyext
