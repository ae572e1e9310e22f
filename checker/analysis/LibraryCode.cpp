//===--- LibraryCode.cpp - the code taskfit judges by the table alone -----===//

#include "LibraryCode.h"

#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::taskfit {

std::string outermostNamespace(const Decl *D) {
  const NamespaceDecl *Outer = nullptr;
  const DeclContext *Start =
      isa<NamespaceDecl>(D) ? cast<NamespaceDecl>(D) : D->getDeclContext();
  for (const DeclContext *DC = Start; DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && !NS->isInline() && !NS->isAnonymousNamespace())
      Outer = NS;
  return Outer ? "::" + Outer->getName().str() : std::string();
}

bool LibraryCode::isLibraryFile(FileID File) {
  auto [It, New] = Files.try_emplace(File, false);
  if (!New)
    return It->second;
  if (SM.isInSystemHeader(SM.getLocForStartOfFile(File))) {
    It->second = true;
    return true;
  }
  if (Table.libraryPaths().empty())
    return false;
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return false;
  // Patterns are written against whole paths ("*/third_party/*"): match
  // the absolute path, symlinks kept, as well as the name as included.
  llvm::SmallString<256> Absolute(Entry->getName());
  llvm::sys::fs::make_absolute(Absolute);
  llvm::sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  bool Library =
      Table.isLibraryPath(Absolute) || Table.isLibraryPath(Entry->getName());
  It->second = Library;
  return Library;
}

bool LibraryCode::contains(SourceLocation Loc) {
  if (Loc.isInvalid())
    return false;
  Loc = SM.getExpansionLoc(Loc);
  return isLibraryFile(SM.getFileID(Loc));
}

bool LibraryCode::contains(const Decl *D) {
  if (!D)
    return false;
  if (contains(D->getLocation()))
    return true;
  std::string Namespace = outermostNamespace(D);
  return !Namespace.empty() && Table.isLibraryNamespace(Namespace);
}

} // namespace clang::tidy::taskfit
