#include "simple_task.h"
#include <unistd.h>

namespace billing {
int charge_card(int cents);
}

simple_task<int> checkout(int cents) {
  int receipt = billing::charge_card(cents);
  co_return receipt;
}

simple_task<> nap() {
  sleep(1);
  co_return;
}
