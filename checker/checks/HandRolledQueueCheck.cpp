//===--- HandRolledQueueCheck.cpp - taskfit-hand-rolled-queue -------------===//

#include "HandRolledQueueCheck.h"
#include "../analysis/Locks.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang::ast_matchers;

namespace clang::tidy::taskfit {

namespace {

bool isQueueContainer(QualType T) {
  return llvm::StringSwitch<bool>(className(T))
      .Cases("::std::queue", "::std::deque", "::std::list",
             "::std::priority_queue", true)
      .Default(false);
}

/// std::thread / std::jthread, or a container of them.
bool ownsThreads(QualType T) {
  std::string Name = className(T);
  if (Name == "::std::thread" || Name == "::std::jthread")
    return true;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
      if (Arg.getKind() == TemplateArgument::Type) {
        std::string Element = className(Arg.getAsType());
        if (Element == "::std::thread" || Element == "::std::jthread")
          return true;
      }
  return false;
}

bool isInTaskfitNamespace(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
        NS && NS->getName() == "taskfit")
      return true;
  return false;
}

/// What one method does with the queue's members.
struct MethodUse {
  const Expr *Push = nullptr;
  const Expr *Notify = nullptr;
  const Expr *Wait = nullptr;
  const Expr *Take = nullptr;
};

class MemberUseVisitor : public RecursiveASTVisitor<MemberUseVisitor> {
public:
  MemberUseVisitor(const FieldDecl *Container, const FieldDecl *Cv,
                   MethodUse &Use)
      : Container(Container), Cv(Cv), Use(Use) {}

  // Wait predicates are lambdas: their reads count for the method.
  bool shouldVisitLambdaBodies() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    std::optional<MemberCall> M = asMemberCall(CE);
    if (!M || !M->Object)
      return true;
    const FieldDecl *Field = thisMember(M->Object);
    if (Field == Container) {
      bool Push = llvm::StringSwitch<bool>(M->Name)
                      .Cases("push", "push_back", "push_front", "emplace",
                             "emplace_back", "emplace_front", true)
                      .Default(false);
      bool Take = llvm::StringSwitch<bool>(M->Name)
                      .Cases("pop", "pop_front", "pop_back", "front", "back",
                             "top", true)
                      .Default(false);
      if (Push && !Use.Push)
        Use.Push = CE;
      if (Take && !Use.Take)
        Use.Take = CE;
    } else if (Field == Cv) {
      if ((M->Name == "notify_one" || M->Name == "notify_all") && !Use.Notify)
        Use.Notify = CE;
      if (M->Name.starts_with("wait") && !Use.Wait)
        Use.Wait = CE;
    }
    return true;
  }

private:
  const FieldDecl *Container;
  const FieldDecl *Cv;
  MethodUse &Use;
};

} // namespace

void HandRolledQueueCheck::registerMatchers(MatchFinder *Finder) {
  if (table())
    Finder->addMatcher(cxxRecordDecl(isDefinition(),
                                     unless(isExpansionInSystemHeader()),
                                     unless(isImplicit()),
                                     unless(ast_matchers::isTemplateInstantiation()))
                           .bind("class"),
                       this);
}

void HandRolledQueueCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *RD = Result.Nodes.getNodeAs<CXXRecordDecl>("class");
  if (RD->isLambda() || isInTaskfitNamespace(RD))
    return;
  const FieldDecl *Container = nullptr, *Mutex = nullptr, *Cv = nullptr;
  for (const FieldDecl *F : RD->fields()) {
    if (!Container && isQueueContainer(F->getType()))
      Container = F;
    else if (!Mutex && isMutexType(F->getType()))
      Mutex = F;
    else if (!Cv && isConditionVariableType(F->getType()))
      Cv = F;
  }
  if (!Container || !Mutex || !Cv)
    return;
  // A class that also owns its worker threads is a thread pool.
  bool OwnsThreads = llvm::any_of(RD->fields(), [](const FieldDecl *F) {
    return ownsThreads(F->getType());
  });

  // A producer: pushes and notifies; a consumer: waits and takes an item.
  const CXXMethodDecl *Producer = nullptr, *Consumer = nullptr;
  MethodUse ProducerUse, ConsumerUse;
  // Member function templates (a generic `enqueue(F &&f)`) count too.
  llvm::SmallVector<const CXXMethodDecl *, 8> Methods;
  for (const Decl *D : RD->decls()) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *Method = dyn_cast<CXXMethodDecl>(D))
      Methods.push_back(Method);
  }
  for (const CXXMethodDecl *Method : Methods) {
    const FunctionDecl *Def = nullptr;
    if (!Method->hasBody(Def))
      continue;
    MethodUse Use;
    MemberUseVisitor(Container, Cv, Use)
        .TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    if (!Producer && Use.Push && Use.Notify) {
      Producer = Method;
      ProducerUse = Use;
    }
    if (!Consumer && Use.Wait && Use.Take) {
      Consumer = Method;
      ConsumerUse = Use;
    }
  }
  if (!Producer || !Consumer || !firstReportAt(RD->getLocation()))
    return;

  std::string ContainerName = className(Container->getType()).substr(2);
  diag(RD->getLocation(),
       "class '%0' hand-rolls a %select{blocking queue|thread pool}2 from a "
       "'%1', a mutex and a condition variable; use %select{"
       "taskfit::channel<T>, which also closes, bounds and wakes waiters "
       "correctly|taskfit::io_pool() or taskfit::cpu_pool() (a "
       "taskfit::thread_pool), or a taskfit::channel<T> for the queue alone}2")
      << RD->getName() << ContainerName << OwnsThreads;
  diag(Container->getLocation(), "items are kept in '%0'", DiagnosticIDs::Note)
      << Container->getName();
  diag(Mutex->getLocation(), "'%0' guards them", DiagnosticIDs::Note)
      << Mutex->getName();
  diag(Cv->getLocation(), "'%0' wakes the consumers", DiagnosticIDs::Note)
      << Cv->getName();
  diag(ProducerUse.Notify->getExprLoc(), "%0 adds an item and notifies here",
       DiagnosticIDs::Note)
      << describeFunction(*Producer);
  diag(ConsumerUse.Wait->getExprLoc(), "%0 waits for an item here",
       DiagnosticIDs::Note)
      << describeFunction(*Consumer);
  Advice Row;
  Row.Row = "queue";
  noteRow(RD->getLocation(), Row);
}

} // namespace clang::tidy::taskfit
