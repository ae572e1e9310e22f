// RUN: %check_taskfit %s taskfit-blocking-call-in-async %t -- \
// RUN:   --config="{CheckOptions: {taskfit.ShowTableRow: false}}" \
// RUN:   -- -std=c++20 %asio_flags

// Virtual calls from completion handlers. On a concrete class that nothing in
// the translation unit derives from, the call runs that class's final
// overrider. On an interface, or a class with subclasses, it runs the
// overriders of the classes of that family the translation unit creates,
// and reaches blocking work only if every one of them does (in whatever
// way: file I/O in one, network I/O in another). With no created class the
// call is not followed.

#include <asio.hpp>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

using asio::ip::tcp;

// --- a concrete class with no subclass -----------------------------------------
class access_log {
public:
  virtual ~access_log() = default;
  virtual void record(const std::string &line) {
    std::ofstream("access.log", std::ios::app) << line; // LINE:access_record
  }
};

// Its look-alike: concrete, no subclass, and the override does not block.
class counting_log {
public:
  virtual ~counting_log() = default;
  virtual void record(const std::string &line) { bytes_ += line.size(); }

private:
  std::size_t bytes_ = 0;
};

// --- an interface whose created implementations all block ----------------------
class blob_store {
public:
  virtual ~blob_store() = default;
  virtual void put(const std::string &key, const std::string &value) = 0;
  virtual std::string get(const std::string &key) = 0;
};

class disk_store : public blob_store {
public:
  void put(const std::string &key, const std::string &value) override {
    FILE *f = fopen(key.c_str(), "w"); // LINE:disk_put
    fputs(value.c_str(), f);
    fclose(f);
  }
  std::string get(const std::string &key) override {
    std::ifstream in(key); // LINE:disk_get
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
};

// final: nothing can derive from it.
class synced_disk_store final : public disk_store {
public:
  void put(const std::string &key, const std::string &value) override {
    disk_store::put(key, value);
    sync(); // LINE:synced_sync
  }
};

// In memory: neither put nor get blocks.
class memory_store : public blob_store {
public:
  void put(const std::string &key, const std::string &value) override {
    last_key_ = key;
    last_value_ = value;
  }
  std::string get(const std::string &key) override {
    return key == last_key_ ? last_value_ : std::string();
  }

private:
  std::string last_key_, last_value_;
};

// --- an interface no implementation of which is created ------------------------
class metrics_sink {
public:
  virtual ~metrics_sink() = default;
  virtual void flush() = 0;
};
class file_metrics_sink : public metrics_sink {
public:
  void flush() override { std::ofstream("metrics.txt") << "ok"; }
};

// --- an interface with one blocking implementation, created ---------------------
class authenticator {
public:
  virtual ~authenticator() = default;
  virtual bool check(const std::string &token) = 0;
};
class pam_authenticator final : public authenticator {
public:
  bool check(const std::string &token) override {
    return system(("pam-check " + token).c_str()) == 0; // LINE:pam_system
  }
};

// --- an interface whose created implementations block in different ways ---------
class audit_sink {
public:
  virtual ~audit_sink() = default;
  virtual void emit(const std::string &event) = 0;
};
class file_audit_sink : public audit_sink {
public:
  void emit(const std::string &event) override {
    FILE *f = fopen("audit.log", "a"); // LINE:audit_fopen
    fputs(event.c_str(), f);
    fclose(f);
  }
};
class remote_audit_sink : public audit_sink {
public:
  explicit remote_audit_sink(tcp::socket &socket) : socket_(socket) {}
  void emit(const std::string &event) override { forward(event); }

private:
  void forward(const std::string &event) {
    asio::write(socket_, asio::buffer(event));
  }
  tcp::socket &socket_;
};

class server {
public:
  server(tcp::socket socket, std::unique_ptr<blob_store> store,
         authenticator &auth, metrics_sink &metrics)
      : socket_(std::move(socket)), store_(std::move(store)), auth_(auth),
        metrics_(metrics) {}

  void start() {
    socket_.async_read_some(asio::buffer(buf_), [this](std::error_code ec,
                                                       std::size_t n) {
      if (ec)
        return;
      std::string request(buf_, n);
      log_->record(request);
      // CHECK-NOTES: :[[@LINE-1]]:13: warning: blocking file I/O 'operator<<' (via 'access_log::record') in completion handler lambda in 'server::start' stalls its event loop; offload it to taskfit::io_pool() [taskfit-blocking-call-in-async]
      // CHECK-NOTES: :[[#access_record]]:48: note: 'access_log::record' calls blocking file I/O 'operator<<' here
      if (!auth_.check(request))
        // CHECK-NOTES: :[[@LINE-1]]:18: warning: blocking process call 'system' (via 'pam_authenticator::check') in completion handler lambda in 'server::start' {{.*}}
        // CHECK-NOTES: :[[#pam_system]]:12: note: 'pam_authenticator::check' calls blocking process call 'system' here
        return;
      // The look-alike concrete class: its override does not block.
      counter_->record(request);
      // Every created store (disk, synced disk, memory) puts, but the
      // memory store does not block: not reported.
      store_->put("last", request);
      // The disk stores get from disk (the synced one through its base),
      // the memory store does not: not reported.
      std::string previous = store_->get("last");
      // The file sink does file I/O, the remote one network I/O: either
      // way the loop stalls. The chain shown is the shorter one.
      audit_->emit(request);
      // CHECK-NOTES: :[[@LINE-1]]:15: warning: blocking file I/O 'fopen' (via 'file_audit_sink::emit') in completion handler lambda in 'server::start' {{.*}}
      // CHECK-NOTES: :[[#audit_fopen]]:15: note: 'file_audit_sink::emit' calls blocking file I/O 'fopen' here
      // No metrics sink is ever created: not followed.
      metrics_.flush();
      start();
    });
  }

private:
  tcp::socket socket_;
  std::unique_ptr<blob_store> store_;
  authenticator &auth_;
  metrics_sink &metrics_;
  std::unique_ptr<audit_sink> audit_;
  std::shared_ptr<access_log> log_ = std::make_shared<access_log>();
  std::unique_ptr<counting_log> counter_ = std::make_unique<counting_log>();
  char buf_[1024];
};

// A handler that only ever sees disk stores: through a disk_store pointer,
// the created classes of that family are disk_store and synced_disk_store,
// and both block.
void archive(asio::io_context &io, disk_store *disk, synced_disk_store &synced) {
  asio::post(io, [disk, &synced] {
    disk->put("archive", "data");
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: blocking file I/O 'fopen' (via 'disk_store::put') in completion handler lambda in 'archive' {{.*}}
    // CHECK-NOTES: :[[#disk_put]]:15: note: 'disk_store::put' calls blocking file I/O 'fopen' here
    // A final class: its own override.
    synced.put("archive", "data");
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: blocking file I/O 'sync' (via 'synced_disk_store::put') in completion handler lambda in 'archive' {{.*}}
    // CHECK-NOTES: :[[#synced_sync]]:5: note: 'synced_disk_store::put' calls blocking file I/O 'sync' here
  });
}

int main() {
  asio::io_context io;
  pam_authenticator auth;
  file_metrics_sink *unused = nullptr;
  (void)unused;
  std::vector<std::unique_ptr<blob_store>> stores;
  stores.push_back(std::make_unique<disk_store>());
  stores.push_back(std::make_unique<synced_disk_store>());
  auto server_store = std::make_unique<memory_store>();
  synced_disk_store synced;
  tcp::socket audit_socket(io);
  std::unique_ptr<audit_sink> sinks[] = {
      std::make_unique<file_audit_sink>(),
      std::make_unique<remote_audit_sink>(audit_socket)};
  archive(io, static_cast<disk_store *>(stores.front().get()), synced);
  io.run();
  (void)server_store;
  (void)auth;
}
