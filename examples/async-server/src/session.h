// One client connection: reads commands line by line and answers them.
#pragma once
#include "config.h"

#include <asio.hpp>
#include <atomic>

struct Stats {
  std::atomic<unsigned long> requests{0};
  std::atomic<unsigned long> bytes_sent{0};
};

asio::awaitable<void> session(asio::ip::tcp::socket socket, const Config &cfg,
                              Stats &stats);
asio::awaitable<void> reload_config(Config &cfg, const std::string &path);
