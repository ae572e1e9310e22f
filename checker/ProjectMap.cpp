//===--- ProjectMap.cpp - the map step of whole-project analysis ---------===//

#include "ProjectMap.h"
#include "llvm/ADT/StringSet.h"
#include <mutex>

namespace clang::tidy::taskfit::projectmap {

namespace {
struct State {
  std::mutex Mutex;
  bool On = false;
  project::SummaryFile File;
  llvm::StringSet<> Ended;
};
State &state() {
  static State S;
  return S;
}
} // namespace

void start() {
  std::lock_guard<std::mutex> Lock(state().Mutex);
  state().On = true;
}

bool recording() {
  std::lock_guard<std::mutex> Lock(state().Mutex);
  return state().On;
}

void withUnit(llvm::StringRef MainFile,
              llvm::function_ref<void(project::UnitSummary &)> Fn) {
  State &S = state();
  std::lock_guard<std::mutex> Lock(S.Mutex);
  std::vector<project::UnitSummary> &Units = S.File.Units;
  if (Units.empty() || Units.back().File != MainFile) {
    Units.emplace_back();
    Units.back().File = MainFile.str();
  }
  Fn(Units.back());
}

bool firstEnd(llvm::StringRef MainFile) {
  std::lock_guard<std::mutex> Lock(state().Mutex);
  return state().Ended.insert(MainFile).second;
}

project::SummaryFile take() {
  std::lock_guard<std::mutex> Lock(state().Mutex);
  return std::move(state().File);
}

} // namespace clang::tidy::taskfit::projectmap
