// RUN: %check_taskfit %s taskfit-global-lock-serialization %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20

// A member mutex serializes the tasks when the object is one for all of
// them: a variable the threads capture by reference or through a pointer,
// or a global. An object each task makes for itself is its own.

#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// One class per case: a lock is reported once, at its acquisition.
#define ACCUMULATOR(Name)                                                      \
  struct Name {                                                                \
    std::mutex m;                                                              \
    long total = 0;                                                            \
    void add(const std::vector<int> &xs);                                      \
  };

ACCUMULATOR(SharedByReference)
ACCUMULATOR(SharedByPointer)
ACCUMULATOR(SharedGlobal)
ACCUMULATOR(OwnPerTask)
ACCUMULATOR(GraphNode)
ACCUMULATOR(SharedThroughHelper)

void SharedByReference::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock on member mutex 'm' is held around CPU-heavy loop nest of depth 2 in thread function lambda in 'by_reference': the tasks take turns instead of running in parallel{{.*}} [taskfit-global-lock-serialization]
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}
void SharedByPointer::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock on member mutex 'm' is held around CPU-heavy loop nest of depth 2 in thread function lambda in 'by_pointer'
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}
void SharedGlobal::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock on member mutex 'm' is held around CPU-heavy loop nest of depth 2 in thread function lambda in 'global_object'
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}
void SharedThroughHelper::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lock on member mutex 'm' is held around CPU-heavy loop nest of depth 2 in thread function lambda in 'through_helper'
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}
void GraphNode::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}
void OwnPerTask::add(const std::vector<int> &xs) {
  std::lock_guard<std::mutex> lock(m);
  for (int a : xs)
    for (int b : xs)
      total += a * b;
}

void by_reference(const std::vector<int> &xs) {
  SharedByReference acc;
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&acc, &xs] { acc.add(xs); });
}

void by_pointer(const std::vector<int> &xs) {
  auto acc = std::make_shared<SharedByPointer>();
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([acc, &xs] { acc->add(xs); });
}

SharedGlobal g_totals;
void global_object(const std::vector<int> &xs) {
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&xs] { g_totals.add(xs); });
}

void own_object(const std::vector<int> &xs) {
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&xs] {
      OwnPerTask acc;
      acc.add(xs);
    });
}

// Released on the path that does the work: the lock does not cover it.
std::mutex g_table_mutex;
long g_hits = 0;
void lookup_or_compute(const std::vector<int> &xs, bool cached) {
  std::unique_lock<std::mutex> lock(g_table_mutex);
  ++g_hits;
  if (cached) {
    lock.unlock();
    for (int a : xs)
      for (int b : xs)
        g_hits += a * b;
    return;
  }
}
void early_unlock(const std::vector<int> &xs) {
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&xs] { lookup_or_compute(xs, true); });
}

// A mutex of each node: the tasks link the nodes a search picked, so two
// of them lock the same mutex only when they pick the same node.
struct Graph {
  std::vector<GraphNode *> nodes;
  GraphNode *nearest(int key) { return nodes[std::size_t(key) % nodes.size()]; }
  void link(GraphNode *from, GraphNode *to, const std::vector<int> &xs) {
    from->add(xs);
    to->add(xs);
  }
  void insert(int key, const std::vector<int> &xs) {
    GraphNode *near = nearest(key);
    link(near, nearest(key + 1), xs);
  }
};
void build_graph(Graph &g, const std::vector<int> &keys,
                 const std::vector<int> &xs) {
  std::vector<std::jthread> workers;
  for (int key : keys)
    workers.emplace_back([&g, key, &xs] { g.insert(key, xs); });
}
// A second kind of task linking nodes: still one mutex per node.
void refresh_graph(Graph &g, const std::vector<int> &xs) {
  std::jthread refresher([&g, &xs] { g.insert(0, xs); });
}

// One object handed to a helper's parameter by every task: shared.
SharedThroughHelper g_helped;
void bump(SharedThroughHelper &acc, const std::vector<int> &xs) { acc.add(xs); }
void through_helper(const std::vector<int> &xs) {
  std::vector<std::jthread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&xs] { bump(g_helped, xs); });
}
