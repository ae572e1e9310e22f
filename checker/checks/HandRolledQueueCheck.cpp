//===--- HandRolledQueueCheck.cpp - taskfit-hand-rolled-queue -------------===//

#include "HandRolledQueueCheck.h"
#include "../Options.h"
#include "../analysis/Locks.h"
#include "../analysis/UserCodeVisitor.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"
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

/// What one method does with the queue's members.
struct MethodUse {
  const Expr *Push = nullptr;
  const Expr *Notify = nullptr;
  const Expr *Wait = nullptr;
  const Expr *Take = nullptr;
  /// Wakes every waiter (notify_all): a close or a shutdown.
  bool NotifiesAll = false;
  /// Boolean-like members it writes (a stop flag), and those it reads.
  llvm::SmallPtrSet<const ValueDecl *, 4> FlagsWritten, FlagsRead;
};

/// bool or std::atomic<bool>: what a stop or closed flag is.
bool isFlagType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isBooleanType())
    return true;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    return className(T) == "::std::atomic" &&
           Spec->getTemplateArgs().size() == 1 &&
           Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
           Spec->getTemplateArgs()[0].getAsType()->isBooleanType();
  return false;
}

const ValueDecl *objectDecl(const Expr *E);

class MemberUseVisitor : public RecursiveASTVisitor<MemberUseVisitor> {
public:
  MemberUseVisitor(const ValueDecl *Container, const ValueDecl *Cv,
                   MethodUse &Use)
      : Container(Container), Cv(Cv), Use(Use) {}

  // Wait predicates are lambdas: their reads count for the method.
  bool shouldVisitLambdaBodies() const { return true; }

  bool VisitCallExpr(CallExpr *CE) {
    // A consumer that takes everything at once: std::swap(local, queue_),
    // std::exchange(queue_, {}), `auto all = std::move(queue_)`.
    if (const FunctionDecl *FD = CE->getDirectCallee();
        FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        llvm::is_contained({"swap", "exchange", "move"}, FD->getName()))
      for (const Expr *Arg : CE->arguments())
        if (objectDecl(Arg) == Container && !Use.Take)
          Use.Take = CE;
    std::optional<MemberCall> M = asMemberCall(CE);
    if (!M || !M->Object)
      return true;
    const ValueDecl *Field = objectDecl(M->Object);
    // `local.swap(queue_)`, `local.splice(local.end(), queue_)`.
    if (Field != Container && (M->Name == "swap" || M->Name == "splice"))
      for (const Expr *Arg : CE->arguments())
        if (objectDecl(Arg) == Container && !Use.Take)
          Use.Take = CE;
    if (Field && isFlagType(Field->getType())) {
      // flag.store(true) writes, flag.load() and its conversion read.
      if (M->Name == "store" || M->Name == "exchange")
        Use.FlagsWritten.insert(Field);
      else
        Use.FlagsRead.insert(Field);
    }
    if (Field == Container) {
      bool Push = llvm::StringSwitch<bool>(M->Name)
                      .Cases("push", "push_back", "push_front", "emplace",
                             "emplace_back", "emplace_front", true)
                      .Default(false);
      bool Take = llvm::StringSwitch<bool>(M->Name)
                      .Cases("pop", "pop_front", "pop_back", "front", "back",
                             "top", "swap", "splice", true)
                      .Default(false);
      if (Push && !Use.Push)
        Use.Push = CE;
      if (Take && !Use.Take)
        Use.Take = CE;
    } else if (Field == Cv) {
      if ((M->Name == "notify_one" || M->Name == "notify_all") && !Use.Notify)
        Use.Notify = CE;
      Use.NotifiesAll |= M->Name == "notify_all";
      if (M->Name.starts_with("wait") && !Use.Wait)
        Use.Wait = CE;
    }
    return true;
  }

  // `stop_ = true` writes a flag; any other mention reads it.
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      if (const ValueDecl *Field = objectDecl(B->getLHS());
          Field && isFlagType(Field->getType()))
        Use.FlagsWritten.insert(Field);
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *Op) {
    if (Op->getOperator() == OO_Equal && Op->getNumArgs() == 2)
      if (const ValueDecl *Field = objectDecl(Op->getArg(0));
          Field && isFlagType(Field->getType()))
        Use.FlagsWritten.insert(Field);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (const FieldDecl *Field = thisMember(E);
        Field && isFlagType(Field->getType()))
      Use.FlagsRead.insert(Field);
    return true;
  }

private:
  const ValueDecl *Container;
  const ValueDecl *Cv;
  MethodUse &Use;
};

/// `this->member` or a variable: the object a member call is made on.
const ValueDecl *objectDecl(const Expr *E) {
  if (const FieldDecl *Field = thisMember(E))
    return Field;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The functions that play the producer and the consumer.
struct Roles {
  const FunctionDecl *Producer = nullptr, *Consumer = nullptr;
  MethodUse ProducerUse, ConsumerUse;
  /// A function sets a flag the consumer reads and wakes every waiter: the
  /// queue can be closed (a shutdown that does not leave consumers hanging).
  bool Closable = false;
};

void findRoles(llvm::ArrayRef<const FunctionDecl *> Functions,
               const ValueDecl *Container, const ValueDecl *Cv, Roles &Out) {
  llvm::SmallVector<MethodUse, 8> Uses;
  for (const FunctionDecl *Fn : Functions) {
    const FunctionDecl *Def = nullptr;
    if (!Fn->hasBody(Def))
      continue;
    MethodUse &Use = Uses.emplace_back();
    MemberUseVisitor(Container, Cv, Use)
        .TraverseStmt(const_cast<Stmt *>(Def->getBody()));
    if (!Out.Producer && Use.Push && Use.Notify) {
      Out.Producer = Fn;
      Out.ProducerUse = Use;
    }
    if (!Out.Consumer && Use.Wait && Use.Take) {
      Out.Consumer = Fn;
      Out.ConsumerUse = Use;
    }
  }
  if (!Out.Consumer)
    return;
  for (const MethodUse &Use : Uses)
    if (Use.NotifiesAll)
      for (const ValueDecl *Flag : Use.FlagsWritten)
        if (Out.ConsumerUse.FlagsRead.contains(Flag))
          Out.Closable = true;
}

/// The type of the items a queue container holds.
QualType elementType(QualType Container) {
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          Container->getAsCXXRecordDecl()))
    if (!Spec->getTemplateArgs().asArray().empty() &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
      return Spec->getTemplateArgs()[0].getAsType();
  return QualType();
}

/// True if the queue holds items of any type: a class template over its
/// items, or type-erased tasks (std::function, std::packaged_task,
/// coroutine handles): a general-purpose building block, not a queue of
/// one application's messages.
bool isGeneric(const CXXRecordDecl *RD, const FieldDecl *Container) {
  if (RD->getDescribedClassTemplate() ||
      isa<ClassTemplatePartialSpecializationDecl>(RD))
    return true;
  QualType Element = elementType(Container->getType());
  if (Element.isNull())
    return Container->getType()->isDependentType();
  if (Element->isDependentType() || Element->isFunctionPointerType())
    return true;
  return llvm::is_contained({"::std::function", "::std::move_only_function",
                             "::std::packaged_task", "::std::coroutine_handle",
                             "::boost::function"},
                            className(Element));
}

} // namespace

/// What the translation unit's own code has that a hand-rolled queue is
/// made of: classes, namespace-scope queues, mutexes and condition
/// variables, and the functions that may use them.
class QueueCandidates : public UserCodeVisitor<QueueCandidates> {
public:
  using UserCodeVisitor::UserCodeVisitor;

  bool shouldVisitTemplateInstantiations() const { return false; }
  bool VisitVarDecl(VarDecl *V) {
    if (!V->getDeclContext()->isFileContext() ||
        !V->isThisDeclarationADefinition())
      return true;
    if (isQueueContainer(V->getType()))
      Containers.push_back(V);
    else if (!Mutex && isMutexType(V->getType()))
      Mutex = V;
    else if (isConditionVariableType(V->getType()))
      Cvs.push_back(V);
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody())
      Functions.push_back(FD);
    return true;
  }
  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (RD->isThisDeclarationADefinition() && !RD->isLambda() &&
        !RD->isImplicit())
      Records.push_back(RD);
    return true;
  }

  llvm::SmallVector<const VarDecl *, 2> Containers, Cvs;
  const VarDecl *Mutex = nullptr;
  std::vector<const FunctionDecl *> Functions;
  std::vector<const CXXRecordDecl *> Records;
};

HandRolledQueueCheck::HandRolledQueueCheck(StringRef Name,
                                           ClangTidyContext *Context)
    : TaskfitCheck(Name, Context),
      ReportLibraryTypes(getBoolOption(*this, Options, getID(),
                                       "ReportLibraryTypes", false)) {}

void HandRolledQueueCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  TaskfitCheck::storeOptions(Opts);
  storeBoolOption(Options, Opts, "ReportLibraryTypes", ReportLibraryTypes);
}

void HandRolledQueueCheck::registerMatchers(MatchFinder *Finder) {
  // One walk over the user's code finds the classes and the globals: a
  // matcher on every class would also visit all of the system headers'.
  if (table())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void HandRolledQueueCheck::check(const MatchFinder::MatchResult &Result) {
  TuAnalysis &A = analysis(*Result.Context);
  QueueCandidates Finder(A.library());
  Finder.walk(*Result.Context);
  for (const CXXRecordDecl *RD : Finder.Records)
    checkClass(RD);
  checkGlobals(Finder, A);
}

void HandRolledQueueCheck::checkClass(const CXXRecordDecl *RD) {
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

  // Member function templates (a generic `enqueue(F &&f)`) count too.
  llvm::SmallVector<const FunctionDecl *, 8> Methods;
  for (const Decl *D : RD->decls()) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *Method = dyn_cast<CXXMethodDecl>(D))
      Methods.push_back(Method);
  }
  Roles R;
  findRoles(Methods, Container, Cv, R);
  if (!R.Producer || !R.Consumer)
    return;
  // A library's own building block: a complete (closable), general-purpose
  // queue or pool type in a header. The project ships it; recommending
  // taskfit::channel<T> to it helps nobody.
  const SourceManager &SM = RD->getASTContext().getSourceManager();
  if (!ReportLibraryTypes &&
      !SM.isInMainFile(SM.getExpansionLoc(RD->getLocation())) && R.Closable &&
      isGeneric(RD, Container))
    return;
  if (!firstReportAt(RD->getLocation()))
    return;
  const Advice &Advice = findingAdvice(OwnsThreads ? "hand-rolled-queue@pool"
                                                   : "hand-rolled-queue@queue");
  diag(RD->getLocation(),
       "class '%0' hand-rolls a %select{blocking queue|thread pool}2 from a "
       "'%1', a mutex and a condition variable; %3")
      << RD->getName() << className(Container->getType()).substr(2)
      << OwnsThreads << sayAdvice(Advice);
  noteParts(RD->getLocation(), Container, Mutex, Cv, R.Producer,
            R.ProducerUse.Notify, R.Consumer, R.ConsumerUse.Wait, Advice);
}

void HandRolledQueueCheck::checkGlobals(const QueueCandidates &Finder,
                                        TuAnalysis &A) {
  if (!Finder.Mutex)
    return;
  for (const VarDecl *Container : Finder.Containers)
    for (const VarDecl *Cv : Finder.Cvs) {
      Roles R;
      findRoles(Finder.Functions, Container, Cv, R);
      SourceLocation Loc = Container->getLocation();
      if (!R.Producer || !R.Consumer || !firstReportAt(Loc))
        continue;
      const Advice &Advice = findingAdvice("hand-rolled-queue@queue");
      diag(Loc,
           "global '%0' with a mutex and a condition variable hand-rolls a "
           "blocking queue from a '%1'; %2")
          << Container->getName() << className(Container->getType()).substr(2)
          << sayAdvice(Advice);
      // The mutex is the one the consumer locks, if it locks a global.
      const ValueDecl *Mutex = Finder.Mutex;
      if (const FunctionDecl *Def = R.Consumer->getDefinition())
        for (const LockRegion &Lock : A.lockRegions(*Def))
          if (Lock.Mutex.Scope == MutexScope::Global && Lock.Mutex.Decl) {
            Mutex = Lock.Mutex.Decl;
            break;
          }
      noteParts(Loc, Container, Mutex, Cv, R.Producer, R.ProducerUse.Notify,
                R.Consumer, R.ConsumerUse.Wait, Advice);
    }
}

void HandRolledQueueCheck::noteParts(
    SourceLocation Loc, const ValueDecl *Container, const ValueDecl *Mutex,
    const ValueDecl *Cv, const FunctionDecl *Producer, const Expr *Notify,
    const FunctionDecl *Consumer, const Expr *Wait, const Advice &Advice) {
  diag(Container->getLocation(), "items are kept in '%0'", DiagnosticIDs::Note)
      << Container->getName();
  diag(Mutex->getLocation(), "'%0' guards them", DiagnosticIDs::Note)
      << Mutex->getName();
  diag(Cv->getLocation(), "'%0' wakes the consumers", DiagnosticIDs::Note)
      << Cv->getName();
  diag(Notify->getExprLoc(), "%0 adds an item and notifies here",
       DiagnosticIDs::Note)
      << describeFunction(*Producer);
  diag(Wait->getExprLoc(), "%0 waits for an item here", DiagnosticIDs::Note)
      << describeFunction(*Consumer);
  noteRow(Loc, Advice);
}

} // namespace clang::tidy::taskfit
