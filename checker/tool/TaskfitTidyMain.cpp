//===--- TaskfitTidyMain.cpp - taskfit-tidy: clang-tidy with taskfit ------===//
//
// A complete clang-tidy (every standard module) with the taskfit module
// linked in, for CI and CMAKE_CXX_CLANG_TIDY. TidyDriver adds --sarif and
// CI exit codes around clang-tidy's main.
//
//===----------------------------------------------------------------------===//

#include "TidyDriver.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy {
extern volatile int TaskfitModuleAnchorSource;
static int LLVM_ATTRIBUTE_UNUSED TaskfitModuleAnchorDestination =
    TaskfitModuleAnchorSource;
} // namespace clang::tidy

int main(int Argc, const char **Argv) {
  llvm::cl::AddExtraVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "taskfit version " TASKFIT_VERSION " (checks: taskfit-*)\n";
  });
  return clang::tidy::taskfit::taskfitTidyMain(Argc, Argv);
}
