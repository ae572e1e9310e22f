//===--- Contexts.cpp - where code runs: event loops, threads, Python -----===//

#include "Contexts.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::taskfit {

bool isCoroutine(const FunctionDecl &FD) {
  return isa_and_nonnull<CoroutineBodyStmt>(FD.getBody());
}

std::string describeFunction(const FunctionDecl &FD) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&FD);
  if (Method && Method->getParent()->isLambda()) {
    // Name a lambda by the function it is written in.
    const DeclContext *DC = Method->getParent()->getDeclContext();
    while (DC && !isa<FunctionDecl>(DC) && !DC->isFileContext())
      DC = DC->getParent();
    if (const auto *Enclosing = dyn_cast_or_null<FunctionDecl>(DC))
      return "lambda in " + describeFunction(*Enclosing);
    return "lambda";
  }
  std::string Name;
  if (Method)
    Name = Method->getParent()->getNameAsString() + "::";
  Name += FD.getNameAsString();
  return "'" + Name + "'";
}

} // namespace clang::tidy::taskfit
