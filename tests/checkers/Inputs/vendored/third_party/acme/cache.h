// A vendored library that is not in the built-in table: the user's table
// declares it ({"path": "*/third_party/acme/*"} or {"namespace": "::acme"}),
// so its bodies are not walked and only the table speaks for it.
#pragma once
#include <cstdio>
#include <string>

namespace acme {
inline std::string cached(const std::string &key) {
  // Reads a file the first time only; the library documents it as cheap.
  static std::string Value;
  if (Value.empty())
    if (FILE *F = std::fopen(key.c_str(), "r"))
      std::fclose(F);
  return Value;
}
} // namespace acme
