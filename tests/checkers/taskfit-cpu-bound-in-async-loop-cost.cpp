// RUN: %check_taskfit %s taskfit-cpu-bound-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" -- -std=c++20 -I %inputs

// A loop nest is CPU-heavy when its levels multiply: independent trip
// counts that grow with the input. Inner loops that advance the outer
// loop's cursor, or walk the outer loop's current element, are one pass
// over the input however deep they are written.

#include "simple_task.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <istream>
#include <map>
#include <string>
#include <thread>
#include <vector>

std::vector<std::string> split(const std::string &s, char sep);

// --- one pass over the input: no finding ------------------------------------

// A byte parser: the inner loops move the same cursor `p` forward.
simple_task<int> count_strings(const char *data, std::size_t len) {
  int strings = 0;
  const char *end = data + len;
  for (const char *p = data; p != end; ++p) {
    if (*p == '"') {
      ++strings;
      for (++p; p != end && *p != '"'; ++p)
        if (*p == '\\')
          ++p;
    } else if (std::isspace(static_cast<unsigned char>(*p))) {
      while (p + 1 != end && std::isspace(static_cast<unsigned char>(p[1])))
        ++p;
    }
  }
  co_return strings;
}

// A tokenizer over an index.
simple_task<int> count_words(const std::string &s) {
  std::size_t pos = 0;
  int words = 0;
  while (pos < s.size()) {
    while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos])))
      ++pos;
    if (pos < s.size())
      ++words;
    while (pos < s.size() && !std::isspace(static_cast<unsigned char>(s[pos])))
      ++pos;
  }
  co_return words;
}

// A loop with no condition of its own is controlled by the tests that
// leave it: here the cursor the inner loops advance (picohttpparser's
// header loop, its end check in a macro).
#define CHECK_END()                                                            \
  if (p == end)                                                                \
    co_return -2;

simple_task<int> count_headers(const char *p, const char *end) {
  int n = 0;
  for (;; ++n) {
    CHECK_END();
    if (*p == '\n')
      break;
    while (*p != ':') {
      ++p;
      CHECK_END();
    }
    for (;; ++p) {
      CHECK_END();
      if (*p == '\n')
        break;
    }
    ++p;
  }
  co_return n;
}

// Look-alike: a forever loop whose exit tests its own counter; the inner
// loop rescans the whole buffer each round.
simple_task<int> count_rescans(const char *buf, const char *end, int rounds) {
  int seen = 0;
  for (int round = 0;; ++round) {
    if (round == rounds)
      break;
    for (const char *q = buf; q != end; ++q)
      seen += *q == ':';
  }
  // CHECK-MESSAGES: :[[@LINE-6]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'count_rescans'
  co_return seen;
}

// HTTP header lines: the inner loop skips blanks in the line the outer one
// just read.
simple_task<int> parse_headers(std::istream &in,
                               std::multimap<std::string, std::string> &out) {
  std::string line;
  std::getline(in, line);
  std::size_t colon;
  while ((colon = line.find(':')) != std::string::npos) {
    std::size_t value = colon + 1;
    while (value + 1 < line.size() && line[value] == ' ')
      ++value;
    out.emplace(line.substr(0, colon), line.substr(value));
    std::getline(in, line);
  }
  co_return static_cast<int>(out.size());
}

// Header tokens: each header's own comma-separated parts.
simple_task<int> count_tokens(const std::multimap<std::string, std::string> &headers) {
  int tokens = 0;
  for (const auto &header : headers) {
    std::vector<std::string> parts = split(header.second, ',');
    for (const std::string &part : parts)
      tokens += !part.empty();
  }
  co_return tokens;
}

// Rows by index, each row's own cells.
simple_task<long> sum_rows(const std::vector<std::vector<int>> &rows) {
  long sum = 0;
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      sum += rows[i][j];
  co_return sum;
}

// Small constant levels around a pass.
simple_task<long> small_kernel(const int (&m)[4][4]) {
  long sum = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      sum += m[i][j];
  co_return sum;
}

// Rehashing an open-addressing table: one pass over the old slots; the
// probe for a free slot wraps its cursor around the new table and stops at
// the first free one, a few steps on average.
struct slot_table {
  std::vector<long> keys;
  std::vector<bool> used;
};

simple_task<void> rehash(const slot_table &from, slot_table &to) {
  std::size_t mask = to.keys.size() - 1;
  for (std::size_t i = 0; i < from.keys.size(); ++i) {
    if (!from.used[i])
      continue;
    std::size_t slot = std::size_t(from.keys[i]) & mask;
    while (true) {
      if (!to.used[slot]) {
        to.keys[slot] = from.keys[i];
        to.used[slot] = true;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  co_return;
}

// The same probe testing a flag of the slot it marks: the flag it sets is
// no counter of the probe.
struct slot_ref {
  struct {
    unsigned populated;
  } header;
};

simple_task<void> rehash_refs(const std::vector<long> &old,
                              std::vector<slot_ref> &slots, std::size_t mask) {
  for (long key : old) {
    std::size_t at = std::size_t(key) & mask;
    while (true) {
      slot_ref slot = slots[at];
      if (!slot.header.populated) {
        slot.header.populated |= 1u;
        slots[at] = slot;
        break;
      }
      at = (at + 1) & mask;
    }
  }
  co_return;
}

// A ring probed until the cursor comes round (quadratic steps, `%`).
simple_task<int> find_in_ring(const std::vector<std::vector<int>> &rings, int key) {
  int found = 0;
  for (const std::vector<int> &ring : rings) {
    std::size_t start = std::size_t(key) % ring.size(), at = start, step = 1;
    do {
      if (ring[at] == key) {
        ++found;
        break;
      }
      at = (at + step++) % ring.size();
    } while (at != start);
  }
  co_return found;
}

// Walks down into the current element: each round of the inner loop moves a
// cursor set from the outer element one step into it, or leaves.
struct tree_value {
  bool is_object() const;
  bool has(const std::string &key) const;
  const tree_value &operator[](const std::string &key) const;
};
struct list_node {
  list_node *next;
  list_node *child(char c) const;
  int value;
};
struct bucket {
  list_node *head;
};

// A dotted name (`user.address.city`) looked up through a stack of scopes.
simple_task<const tree_value *>
resolve(const std::vector<const tree_value *> &scopes,
        const std::vector<std::string> &parts) {
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    const tree_value *view = *it;
    bool found = true;
    for (auto part = parts.begin(); part != parts.end(); ++part) {
      if (view->is_object() && view->has(*part)) {
        view = &(*view)[*part];
      } else {
        found = false;
        break;
      }
    }
    if (found)
      co_return view;
  }
  co_return nullptr;
}

// The chains of a hash table's buckets.
simple_task<long> sum_chains(const std::vector<bucket> &buckets) {
  long sum = 0;
  for (const bucket &b : buckets)
    for (list_node *n = b.head; n; n = n->next)
      sum += n->value;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    list_node *n = buckets[i].head;
    while (n) {
      sum += n->value;
      n = n->next;
    }
  }
  co_return sum;
}

// A stream parser: both loops test the stream and the inner one consumes it.
struct char_stream {
  const char *at;
  char peek() const { return *at; }
  char take() { return *at++; }
};
simple_task<int> parse_exponent(char_stream &s) {
  int exponent = 0;
  while (s.peek() >= '0' && s.peek() <= '9') {
    exponent = exponent * 10 + (s.take() - '0');
    if (exponent >= 214748364)
      while (s.peek() >= '0' && s.peek() <= '9') // too large: skip the rest
        s.take();
  }
  co_return exponent;
}

// --- waiting for another thread is not a level --------------------------------

// A spin lock: its loops run until another thread lets go, however long
// the input; taking it in a coroutine is not CPU-heavy work.
class spin_lock {
public:
  bool try_lock() { return !locked_.exchange(true, std::memory_order_acquire); }
  void lock() {
    int spins = 1024;
    while (!try_lock()) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (spins-- <= 0) {
          std::this_thread::yield();
          spins = 1024;
        }
      }
    }
  }
  void unlock() { locked_.store(false, std::memory_order_release); }

private:
  std::atomic<bool> locked_{false};
};

struct scoped_spin {
  explicit scoped_spin(spin_lock &l) : lock(l) { lock.lock(); }
  ~scoped_spin() { lock.unlock(); }
  spin_lock &lock;
};

struct waiter {
  waiter *next;
};

// A lock-free stack's compare-exchange retry for each waiter, under a spin
// lock: the retry refreshes its expected value, it counts nothing.
simple_task<void> push_waiters(spin_lock &l, std::atomic<waiter *> &head,
                               const std::vector<waiter *> &ws) {
  scoped_spin guard(l);
  for (waiter *w : ws) {
    w->next = head.load();
    while (!head.compare_exchange_weak(w->next, w))
      ;
  }
  co_return;
}

// A counter bumped once per item by a compare-exchange retry.
simple_task<void> count_items(std::atomic<long> &counter,
                              const std::vector<int> &items) {
  long seen = counter.load();
  for (int item : items) {
    (void)item;
    while (!counter.compare_exchange_weak(seen, seen + 1))
      ;
  }
  co_return;
}

// Spinning on a volatile flag another thread sets.
volatile bool ready_flag;
simple_task<void> spin_until_ready(const std::vector<int> &pending) {
  for (int p : pending)
    while (!ready_flag)
      (void)p;
  co_return;
}

// --- levels that multiply: findings -----------------------------------------

// Look-alike of the probe: the inner loop wraps its cursor around, but a
// counter bounds it: it walks the whole ring once per query.
simple_task<long> ring_sums(const std::vector<int> &ring,
                            const std::vector<std::size_t> &starts) {
  long sum = 0;
  for (std::size_t s : starts) {
    std::size_t at = s;
    for (std::size_t n = 0; n < ring.size(); ++n) {
      sum += ring[at];
      at = (at + 1) % ring.size();
    }
  }
  // CHECK-MESSAGES: :[[@LINE-7]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'ring_sums'
  co_return sum;
}

simple_task<long> pairwise(const std::vector<int> &xs) {
  long sum = 0;
  for (std::size_t i = 0; i < xs.size(); ++i)
    for (std::size_t j = 0; j < xs.size(); ++j)
      sum += xs[i] * xs[j];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'pairwise' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  co_return sum;
}

// Every earlier element against the current one: still quadratic.
simple_task<int> duplicates(const std::vector<std::string> &names) {
  int dups = 0;
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      dups += names[i] == names[j];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'duplicates'
  co_return dups;
}

// Two different inputs against each other.
simple_task<int> join(const std::vector<int> &left, const std::vector<int> &right) {
  int matches = 0;
  for (int l : left)
    for (int r : right)
      matches += l == r;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'join'
  co_return matches;
}

// A parser that rescans the whole buffer for every character: the inner
// loop starts over instead of moving the outer cursor.
simple_task<int> rescan(const std::string &s) {
  int pairs = 0;
  for (std::size_t pos = 0; pos < s.size(); ++pos)
    for (std::size_t k = 0; k < s.size(); ++k)
      pairs += s[pos] == s[k];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'rescan'
  co_return pairs;
}

// Look-alike of a cursor test: a relaxation that runs until nothing
// changes; the flag its inner loop raises is no cursor, the rounds multiply.
simple_task<int> relax_all(std::vector<int> &dist, const std::vector<int> &w) {
  int rounds = 0;
  for (;;) {
    bool changed = false;
    for (std::size_t e = 0; e + 1 < dist.size(); ++e)
      if (dist[e] + w[e] < dist[e + 1]) {
        dist[e + 1] = dist[e] + w[e];
        changed = true;
      }
    ++rounds;
    if (!changed)
      break;
  }
  // CHECK-MESSAGES: :[[@LINE-11]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'relax_all'
  co_return rounds;
}

// Look-alikes of the spin: a stop flag beside a count, or around a nest.
simple_task<long> until_stopped(const std::vector<int> &xs,
                                const std::atomic<bool> &stop) {
  long sum = 0;
  for (std::size_t i = 0; i < xs.size() && !stop.load(); ++i)
    for (int x : xs)
      sum += xs[i] * x;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'until_stopped'
  while (!stop.load())
    for (int x : xs)
      for (int y : xs)
        sum += x * y;
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'until_stopped'
  co_return sum;
}

// Look-alikes of a walk down the current element: a lookup that goes on
// when it cannot descend, a match that starts from the same root every
// round, a cursor moved by pointer arithmetic, a walk of the rest of a list.
simple_task<int> count_paths(const std::vector<const tree_value *> &scopes,
                             const std::vector<std::string> &parts) {
  int steps = 0;
  for (auto it = scopes.rbegin(); it != scopes.rend(); ++it) {
    const tree_value *view = *it;
    for (auto part = parts.begin(); part != parts.end(); ++part) {
      if (view->has(*part))
        view = &(*view)[*part];
      ++steps;
    }
  }
  // CHECK-MESSAGES: :[[@LINE-8]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'count_paths'
  co_return steps;
}

simple_task<int> trie_matches(const list_node *root, const std::string &text) {
  int matched = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const list_node *at = root;
    for (std::size_t j = i; j < text.size(); ++j) {
      at = at->child(text[j]);
      if (!at)
        break;
      ++matched;
    }
  }
  // CHECK-MESSAGES: :[[@LINE-9]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'trie_matches'
  co_return matched;
}

simple_task<int> naive_find(const std::vector<char> &text,
                            const std::vector<char> &pattern) {
  int hits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char *p = &text[i];
    bool same = true;
    for (char c : pattern) {
      if (*p == c) {
        p = p + 1;
      } else {
        same = false;
        break;
      }
    }
    hits += same;
  }
  // CHECK-MESSAGES: :[[@LINE-13]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'naive_find'
  co_return hits;
}

// ... the same over a vector of a list's nodes, or up each node's parents:
// the elements share one structure.
struct tree_node {
  tree_node *parent;
  tree_node *next;
  bool hidden;
};
simple_task<int> equal_neighbours(const std::vector<tree_node *> &nodes) {
  int pairs = 0;
  for (tree_node *a : nodes)
    for (tree_node *b = a->next; b; b = b->next)
      pairs += a->hidden == b->hidden;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'equal_neighbours'
  for (tree_node *a : nodes)
    for (tree_node *p = a->parent; p; p = p->parent)
      pairs += p->hidden;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'equal_neighbours'
  co_return pairs;
}

// ... and a naive search moving an iterator, a scan for the minimum of
// what a queue holds: a container is walked, not consumed, by begin().
simple_task<int> naive_find_iterator(const std::vector<char> &text,
                                     const std::vector<char> &pattern) {
  int hits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto p = text.begin() + i;
    bool same = true;
    for (char c : pattern) {
      if (*p == c) {
        p = p + 1;
      } else {
        same = false;
        break;
      }
    }
    hits += same;
  }
  // CHECK-MESSAGES: :[[@LINE-13]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'naive_find_iterator'
  co_return hits;
}
simple_task<int> drain_smallest(std::vector<int> pending) {
  int sum = 0;
  while (!pending.empty()) {
    auto best = pending.begin();
    for (auto it = pending.begin(); it != pending.end(); ++it)
      if (*it < *best)
        best = it;
    sum += *best;
    pending.erase(best);
  }
  // CHECK-MESSAGES: :[[@LINE-8]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'drain_smallest'
  co_return sum;
}

simple_task<int> equal_pairs(list_node *head) {
  int pairs = 0;
  for (list_node *a = head; a; a = a->next)
    for (list_node *b = a->next; b; b = b->next)
      pairs += a->value == b->value;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'equal_pairs'
  co_return pairs;
}

// Look-alike of the stream: the inner loop adds to the queue the outer one
// drains, but it runs over every node each round.
bool adjacent(int from, int to);
simple_task<int> reachable(const std::vector<int> &nodes) {
  std::vector<int> queue{0};
  int seen = 0;
  while (!queue.empty()) {
    int n = queue.back();
    queue.pop_back();
    for (int m : nodes)
      if (adjacent(n, m))
        queue.push_back(m);
    ++seen;
  }
  // CHECK-MESSAGES: :[[@LINE-8]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'reachable'
  co_return seen;
}

// --- sorts: by what they sort ------------------------------------------------

simple_task<int> median_of_three(std::array<int, 3> samples,
                                 std::vector<int> &all) {
  std::sort(samples.begin(), samples.end());
  int small[8] = {5, 3, 1, 7, 2, 8, 6, 4};
  std::sort(std::begin(small), std::end(small));
  std::sort(all.begin(), all.begin() + 3);
  std::sort(all.begin(), all.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-heavy sort 'sort' in coroutine 'median_of_three'
  co_return samples[1] + small[0];
}

// --- recursion: exponential on a count, linear on a structure ----------------

long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
long countdown(int n) { return n <= 0 ? 0 : 1 + countdown(n - 1); }
struct Node {
  Node *left = nullptr, *right = nullptr;
  int value = 0;
};
int tree_sum(const Node *n) {
  return n ? n->value + tree_sum(n->left) + tree_sum(n->right) : 0;
}

simple_task<long> recurse(int n, const Node *root) {
  long a = fib(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: CPU-heavy tree recursion 'fib' (via 'fib') in coroutine 'recurse' stalls its event loop; offload it to taskfit::cpu_pool() [taskfit-cpu-bound-in-async]
  long b = countdown(n);
  long c = tree_sum(root);
  co_return a + b + c;
}

// --- small constant levels scale the work by a constant ---------------------

simple_task<int> known_codings(const std::vector<std::string> &offered) {
  int known = 0;
  for (const std::string &coding : offered)
    for (const char *supported : {"gzip", "br", "deflate"})
      known += coding == supported;
  co_return known;
}

simple_task<long> capped(const std::vector<int> &xs, std::size_t n) {
  long sum = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 16); ++i)
    for (std::size_t j = 0; j < xs.size() && j < 8; ++j)
      sum += xs[j] * static_cast<long>(i);
  co_return sum;
}

// Levels over local objects built from constants and never resized: their
// extents are known (a 3x3x3 grid, a vector of four weights, a view of it).
struct grid {
  grid(std::initializer_list<long> shape);
  struct view {
    long shape(int dim) const;
    double &operator()(long i, long j, long k);
  };
  view mutable_view();
};

simple_task<void> fill_grid(double start) {
  grid g({3, 3, 3});
  auto r = g.mutable_view();
  for (long i = 0; i < r.shape(0); i++)
    for (long j = 0; j < r.shape(1); j++)
      for (long k = 0; k < r.shape(2); k++)
        r(i, j, k) = start++;
  co_return;
}

simple_task<float> weigh(const std::vector<std::vector<float>> &rows) {
  std::vector<float> weights(4, 0.25f);
  float total = 0;
  for (std::size_t i = 0; i < weights.size(); ++i)
    for (std::size_t j = 0; j < weights.size(); ++j)
      total += weights[i] * weights[j];
  (void)rows;
  co_return total;
}

// Look-alike: an object built empty and then filled by a member call; its
// size says nothing until the call.
struct graph {
  void load(const char *path);
  long num_nodes() const;
  long weight(long u, long v) const;
};

simple_task<long> all_pairs(const char *path) {
  graph g;
  g.load(path);
  long total = 0;
  for (long u = 0; u < g.num_nodes(); ++u)
    for (long v = 0; v < g.num_nodes(); ++v)
      total += g.weight(u, v);
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'all_pairs'
  co_return total;
}

// Look-alikes: sized by the input, grown after it was built, or built from
// a constant large enough to matter.
simple_task<float> weigh_grown(const std::vector<float> &input, std::size_t n) {
  std::vector<float> sized(n), grown(4);
  for (float x : input)
    grown.push_back(x);
  float total = 0;
  for (std::size_t i = 0; i < sized.size(); ++i)
    for (std::size_t j = 0; j < sized.size(); ++j)
      total += sized[i] * sized[j];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'weigh_grown'
  for (std::size_t i = 0; i < grown.size(); ++i)
    for (std::size_t j = 0; j < grown.size(); ++j)
      total += grown[i] * grown[j];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'weigh_grown'
  std::vector<float> big(100000);
  for (std::size_t i = 0; i < big.size(); ++i)
    for (std::size_t j = 0; j < big.size(); ++j)
      total += big[i] * big[j];
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'weigh_grown'
  co_return total;
}

// A constant level large enough to matter still counts.
simple_task<long> blur(const std::vector<int> &row) {
  long sum = 0;
  for (int x : row)
    for (int k = 0; k < 1000; ++k)
      sum += x * k;
  // CHECK-MESSAGES: :[[@LINE-3]]:3: warning: CPU-heavy loop nest of depth 2 with no suspension point in coroutine 'blur'
  co_return sum;
}

// --- work that runs once and is cached -----------------------------------------

class Index {
public:
  bool contains(int key) {
    if (!sorted_) {
      std::sort(keys_.begin(), keys_.end());
      sorted_ = true;
    }
    return std::binary_search(keys_.begin(), keys_.end(), key);
  }
  bool has(int key) {
    if (!is_cached()) {
      std::sort(keys_.begin(), keys_.end());
      set_cached();
    }
    return std::binary_search(keys_.begin(), keys_.end(), key);
  }
  bool find_unguarded(int key) {
    // The flag is tested but never set: this sorts on every call.
    if (!sorted_)
      std::sort(keys_.begin(), keys_.end());
    return std::binary_search(keys_.begin(), keys_.end(), key);
  }
  bool is_cached() const { return cached_; }
  void set_cached() { cached_ = true; }

private:
  std::vector<int> keys_;
  bool sorted_ = false;
  bool cached_ = false;
};

const std::vector<long> &squares_table() {
  static const std::vector<long> table = [] {
    std::vector<long> t;
    for (long i = 0; i < 1000; ++i)
      for (long j = 0; j < 1000; ++j)
        t.push_back(i * j);
    return t;
  }();
  return table;
}

simple_task<bool> lookups(Index &index, int key) {
  bool a = index.contains(key);
  bool b = index.has(key);
  bool c = index.find_unguarded(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: CPU-heavy sort 'sort' (via 'Index::find_unguarded') in coroutine 'lookups'
  long d = squares_table()[7];
  co_return a && b && c && d;
}
