// Server configuration: read once at start-up, and on SIGHUP-style reloads.
#pragma once
#include <string>

struct Config {
  std::string root = ".";
  unsigned short port = 7878;
  unsigned slow_ms = 0;
};

// Parses "key = value" lines; unknown keys are ignored.
Config parse_config(const std::string &text);
