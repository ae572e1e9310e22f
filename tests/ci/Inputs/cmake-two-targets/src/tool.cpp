#include "task.h"
#include <chrono>
#include <thread>

task convert() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return;
}

int main() { convert(); }
