// The shape of doctest's CHECK, vendored on the include path: a failed
// check asks whether a debugger is attached, which reads /proc.
#pragma once
#include <fstream>
#include <string>

namespace doctest {
namespace detail {
inline bool isDebuggerActive() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("TracerPid:", 0) == 0)
      return line.size() > 12;
  return false;
}

struct ResultBuilder {
  bool m_failed = false;
  void setResult(bool ok) { m_failed = !ok; }
  bool log() { return m_failed && isDebuggerActive(); }
};
} // namespace detail
} // namespace doctest

#define CHECK(...)                                                             \
  do {                                                                         \
    doctest::detail::ResultBuilder DOCTEST_RB;                                 \
    DOCTEST_RB.setResult(static_cast<bool>(__VA_ARGS__));                      \
    if (DOCTEST_RB.log())                                                      \
      __builtin_trap();                                                        \
  } while (false)
