// The C++ counterpart of the source document's threading sample: three "downloads" (a
// 2-second sleep each, standing in for network I/O) run at the same time on
// taskfit::io_pool(), the pool meant for blocking calls, so the whole run takes about
// 2 seconds instead of 6.
//
//   Python:  threads = [threading.Thread(target=download_file, args=(f,)) for f in files]
//            for t in threads: t.start()
//            for t in threads: t.join()
#include <taskfit/thread_pool.hpp>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace {

// What the Python sample's time.sleep(2) stands for: the wait for the network.
constexpr std::chrono::seconds download_time{2};

void download_file(const std::string& file) {
    std::printf("Downloading %s...\n", file.c_str());
    std::this_thread::sleep_for(download_time);
    std::printf("Finished downloading %s\n", file.c_str());
}

}  // namespace

int main() {
    const std::vector<std::string> files{"file1.txt", "file2.txt", "file3.txt"};
    const auto start = std::chrono::steady_clock::now();

    std::vector<std::future<void>> downloads;
    for (const std::string& file : files) downloads.push_back(taskfit::io_pool().submit(download_file, file));
    for (std::future<void>& download : downloads) download.get();

    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    std::printf("All %zu downloads finished in %.1f s\n", files.size(), elapsed.count());
}
