#include "poller.h"
#include <cstdio>

simple_task<> serve() {
  sleep(1);
  FILE *f = std::fopen("/etc/hostname", "r");
  if (f)
    std::fclose(f);
  co_return;
}
