// Included by both translation units: its finding must be reported once.
#pragma once
#include "simple_task.h"
#include <unistd.h>

inline simple_task<> poll_device() {
  usleep(100);
  co_return;
}
