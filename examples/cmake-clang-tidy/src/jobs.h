#pragma once
#include "task.h"
#include <vector>

// Runs one job on the event loop: must only await, never block.
task run_job(int id, std::vector<int> &results);

// Runs on a worker thread: blocking is fine here.
void warm_up_cache();
