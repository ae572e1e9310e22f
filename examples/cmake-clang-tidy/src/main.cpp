#include "jobs.h"

#include <cstdio>
#include <thread>

int main() {
  std::thread worker(warm_up_cache);
  std::vector<int> results;
  for (int id = 0; id < 3; ++id)
    run_job(id, results);
  worker.join();
  std::printf("%zu jobs done\n", results.size());
}
