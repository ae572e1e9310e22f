#include "simple_task.h"
#include <unistd.h>

simple_task<> greet() {
  /* “naïve” */ sleep(1);
  co_return;
}

simple_task<> quiet() {
  sleep(2); // NOLINT(taskfit-blocking-call-in-async)
  co_return;
}

int *none() { return 0; }
