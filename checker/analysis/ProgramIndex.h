//===--- ProgramIndex.h - what a call may run, from the whole TU ----------===//
//
// Some calls name no function: a call through a data member holding a
// function pointer or a std::function (a parser's table of callbacks, an
// `on_message_` member), or a virtual call. What they may run is decided by
// the rest of the translation unit: the callables stored into that member
// anywhere in the user's code, and the classes that derive from the
// object's type and are created (constructed, `new`-ed, made with
// make_unique / make_shared). This index gathers those facts in one walk
// over the user's code, on first use.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_PROGRAMINDEX_H
#define TASKFIT_CHECKER_ANALYSIS_PROGRAMINDEX_H

#include "LibraryCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::taskfit {

class ProgramIndex {
public:
  ProgramIndex(ASTContext &Ctx, LibraryCode &Library)
      : Ctx(Ctx), Library(Library) {}

  /// The functions (lambdas' call operators included) the user's code
  /// stores into \p Field: assignments, constructor initializers, aggregate
  /// and designated initializers, the default member initializer, and
  /// through a setter's or constructor's parameter what its callers pass.
  /// Empty if nothing is stored, or if a stored value is not known (a
  /// factory's result): then a call through the member is not followed.
  llvm::ArrayRef<const FunctionDecl *> storedIn(const FieldDecl *Field);

  /// The functions a virtual call of \p Method on an object whose static
  /// type is \p Static may run:
  ///  - \p Static's final overrider, if no class of the translation unit
  ///    derives from \p Static and it is not abstract;
  ///  - otherwise the overriders in the classes deriving from \p Static (or
  ///    \p Static itself) that the translation unit creates.
  /// Empty when neither is known (the call is not followed).
  llvm::SmallVector<const FunctionDecl *, 2>
  overriders(const CXXMethodDecl *Method, const CXXRecordDecl *Static);

private:
  void collect();
  bool derivesFrom(const CXXRecordDecl *RD, const CXXRecordDecl *Base);

  ASTContext &Ctx;
  LibraryCode &Library;
  bool Collected = false;
  llvm::DenseMap<const FieldDecl *, llvm::SmallVector<const FunctionDecl *, 2>>
      Stores;
  /// Members some store of which holds callables not known.
  llvm::DenseSet<const FieldDecl *> Unknown;
  /// Class definitions of the user's code (template specializations
  /// included), and those it creates, by canonical declaration.
  llvm::SmallVector<const CXXRecordDecl *, 16> Classes;
  llvm::DenseSet<const CXXRecordDecl *> Created;
  llvm::DenseSet<const CXXRecordDecl *> HasDerived;
};

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_PROGRAMINDEX_H
