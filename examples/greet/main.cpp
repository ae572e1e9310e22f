// The C++ counterpart of the source document's ThreadPoolExecutor sample: greet every
// name on taskfit::io_pool() and print the greetings in the order of the names.
//
//   Python:  with ThreadPoolExecutor() as executor:
//                results = executor.map(greet, names)
//            for result in results: print(result)
#include <taskfit/thread_pool.hpp>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

std::string greet(const std::string& name) { return "Hello, " + name + "!"; }

}  // namespace

int main() try {
    const std::vector<std::string> names{"Alice", "Bob", "Charlie"};
    for (const std::string& greeting : taskfit::io_pool().map(greet, names)) std::cout << greeting << '\n';
} catch (const std::exception& e) {
    std::cerr << "greet: " << e.what() << '\n';
    return 1;
}
