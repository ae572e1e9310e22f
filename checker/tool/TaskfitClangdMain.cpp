//===--- TaskfitClangdMain.cpp - taskfit-clangd: clangd with taskfit ------===//
//
// clangd 19 with the taskfit module linked in, so any LSP editor shows the
// taskfit findings as you type and offers their fix-its as code actions.
// The stock clangd cannot load clang-tidy plugins; this binary is the way to
// get taskfit into an editor. Two link-time wrappers adapt clangd 19 to
// out-of-tree checks: which checks count as fast, and where a finding's
// documentation link points.
//
//===----------------------------------------------------------------------===//

#include "FileUri.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

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
// Only passed through, never looked into: their layout is clangd's.
struct PublishDiagnosticsParams;
struct CodeAction;
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

// clangd links every clang-tidy finding (LSP `codeDescription.href`) to
// clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html, a page that
// does not exist for taskfit's checks. The URL comes from a function that
// clangd calls only inside Diagnostics.cpp (a call --wrap cannot reach), so
// the link is rewritten one step later, where clangd's server turns the
// published diagnostics and the code actions (which repeat them) into JSON:
// those two calls cross object files. Only an href clangd chose to send is
// replaced, so the client's capabilities still decide whether there is one.
namespace {

llvm::cl::opt<std::string> DocsUrl(
    "taskfit-docs-url",
    llvm::cl::desc("Where taskfit's check pages are: a finding of check C "
                   "links to <url>/C.md"),
    llvm::cl::value_desc("url"));

llvm::cl::extrahelp DocsHelp(R"(
taskfit-clangd option (in addition to clangd's):
  --taskfit-docs-url=<url>  Link each taskfit finding to <url>/<check>.md.
                            Default: the pages installed with taskfit
                            (<bindir>/)" TASKFIT_DOCS_FROM_BIN R"(/), else
                            the source tree's docs/checks/, else
                            )" TASKFIT_DOCS_URL R"(docs/checks/
)");

/// Where the argument vector's program lives; set first thing in main.
std::string ExecutablePath;

/// The URL prefix of the check pages: the option, else the pages installed
/// beside this binary, else the source tree it was built from, else the
/// project's web pages (the base SARIF's helpUri uses).
const std::string &docsBase() {
  // Computed on first use, after clangd has parsed the command line; C++
  // makes the initialisation thread-safe (diagnostics come from workers).
  static const std::string Base = [] {
    if (!DocsUrl.empty())
      return llvm::StringRef(DocsUrl).ends_with("/") ? DocsUrl.getValue()
                                                     : DocsUrl + "/";
    llvm::SmallString<256> Installed(
        llvm::sys::path::parent_path(ExecutablePath));
    llvm::sys::path::append(Installed, TASKFIT_DOCS_FROM_BIN);
    llvm::sys::path::remove_dots(Installed, /*remove_dot_dot=*/true);
    for (llvm::StringRef Dir :
         {llvm::StringRef(Installed), llvm::StringRef(TASKFIT_SOURCE_DOCS)})
      if (llvm::sys::fs::is_directory(Dir))
        return clang::tidy::taskfit::fileUri(Dir) + "/";
    return std::string(TASKFIT_DOCS_URL "docs/checks/");
  }();
  return Base;
}

/// Points the href of every taskfit finding in \p Message's "diagnostics" at
/// the check's own page.
void linkTaskfitDocs(llvm::json::Value &Message) {
  llvm::json::Object *Object = Message.getAsObject();
  llvm::json::Array *Diagnostics =
      Object ? Object->getArray("diagnostics") : nullptr;
  if (!Diagnostics)
    return;
  for (llvm::json::Value &D : *Diagnostics) {
    llvm::json::Object *Diag = D.getAsObject();
    if (!Diag)
      continue;
    std::optional<llvm::StringRef> Code = Diag->getString("code");
    llvm::json::Object *Description = Diag->getObject("codeDescription");
    if (Code && Code->starts_with("taskfit-") && Description &&
        Description->get("href"))
      (*Description)["href"] = docsBase() + Code->str() + ".md";
  }
}

} // namespace

llvm::json::Value
realPublishToJSON(const clang::clangd::PublishDiagnosticsParams &) asm(
    "__real__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");
llvm::json::Value
wrapPublishToJSON(const clang::clangd::PublishDiagnosticsParams &) asm(
    "__wrap__ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE");
llvm::json::Value realCodeActionToJSON(const clang::clangd::CodeAction &) asm(
    "__real__ZN5clang6clangd6toJSONERKNS0_10CodeActionE");
llvm::json::Value wrapCodeActionToJSON(const clang::clangd::CodeAction &) asm(
    "__wrap__ZN5clang6clangd6toJSONERKNS0_10CodeActionE");

llvm::json::Value
wrapPublishToJSON(const clang::clangd::PublishDiagnosticsParams &Params) {
  llvm::json::Value Message = realPublishToJSON(Params);
  linkTaskfitDocs(Message);
  return Message;
}

llvm::json::Value
wrapCodeActionToJSON(const clang::clangd::CodeAction &Action) {
  llvm::json::Value Message = realCodeActionToJSON(Action);
  linkTaskfitDocs(Message);
  return Message;
}

int main(int Argc, char *Argv[]) {
  ExecutablePath = llvm::sys::fs::getMainExecutable(
      Argv[0], reinterpret_cast<void *>(&linkTaskfitDocs));
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
