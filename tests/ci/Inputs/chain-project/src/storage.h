// Helpers in a header: a coroutine reaches blocking file I/O through two
// of them, so the finding's call chain crosses files.
#pragma once
#include <cstdio>
#include <string>

inline std::string read_file(const char *path) {
  std::string text;
  FILE *f = std::fopen(path, "r");
  if (!f)
    return text;
  char chunk[256];
  std::size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    text.append(chunk, got);
  std::fclose(f);
  return text;
}

inline std::string load_config(const char *path) { return read_file(path); }
