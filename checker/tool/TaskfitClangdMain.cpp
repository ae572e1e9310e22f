//===--- TaskfitClangdMain.cpp - taskfit-clangd: clangd with taskfit ------===//
//
// clangd 19 with the taskfit module linked in, so any LSP editor shows the
// taskfit findings as you type and offers their fix-its as code actions.
// The stock clangd cannot load clang-tidy plugins; this binary is the way to
// get taskfit into an editor.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace clang {
namespace tidy {
// Referencing the module's anchor keeps its registration in a static link.
extern volatile int TaskfitModuleAnchorSource;
static int LLVM_ATTRIBUTE_UNUSED TaskfitModuleAnchorDestination =
    TaskfitModuleAnchorSource;
} // namespace tidy

namespace clangd {
// Debian ships clangd's libraries without their headers: the entry point,
// as clangd 19 declares it.
int clangdMain(int Argc, char *Argv[]);
} // namespace clangd
} // namespace clang

// clangd 19 runs a clang-tidy check only if its built-in list of measured
// checks (TidyFastChecks.inc) calls it fast, unless the user's .clangd says
// `FastCheckFilter: Loose`: by default every out-of-tree check is silently
// dropped. clangd offers no hook to change that default, so the link wraps
// clangd's lookup (-Wl,--wrap, see tool/CMakeLists.txt): taskfit's checks are
// declared fast (their cost is measured and documented in docs/ide.md), and
// every other check gets clangd's own answer, so FastCheckFilter keeps its
// meaning for them.
// The linker sends clangd's calls to wrapIsFastTidyCheck, and ours to
// realIsFastTidyCheck to the original: --wrap works on mangled names.
std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) asm(
    "__real__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");
std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) asm(
    "__wrap__ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE");

std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with("taskfit-"))
    return true;
  return realIsFastTidyCheck(Check);
}

int main(int Argc, char *Argv[]) {
  // clangd replaces LLVM's version printer with its own, which prints no
  // extra lines; name taskfit first, then let clangd print its version.
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef Arg(Argv[I]);
    if (Arg == "--version" || Arg == "-version") {
      llvm::outs() << "taskfit version " TASKFIT_VERSION
                      " (checks: taskfit-*)\n";
      llvm::outs().flush();
      break;
    }
  }
  return clang::clangd::clangdMain(Argc, Argv);
}
