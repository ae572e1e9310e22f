#include "simple_task.h"
#include "storage.h"

static std::string job_input(int id) { return read_file("/var/jobs/input"); }

simple_task<> run_job(int id) {
  std::string input = job_input(id);
  co_return;
}
