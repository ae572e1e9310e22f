#include "simple_task.h"
#include "storage.h"
#include <unistd.h>

simple_task<> reload() {
  std::string text = load_config("/etc/app.conf");
  co_return;
}

// A direct call is its own whole path: no code flow.
simple_task<> nap() {
  sleep(1);
  co_return;
}
