//===--- QueueCandidates.cpp - hand-rolled blocking queues ----------------===//

#include "QueueCandidates.h"
#include "UserCodeVisitor.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::taskfit {

namespace {

bool isQueueContainer(QualType T) {
  return llvm::StringSwitch<bool>(className(T))
      .Cases("::std::queue", "::std::deque", "::std::list",
             "::std::priority_queue", true)
      .Default(false);
}

/// std::thread / std::jthread, or a container of them.
/// How many worker threads a member of type \p T holds: one for a
/// std::thread or std::jthread (also through a smart pointer or an
/// optional), several for a container of them.
Workers workersOf(QualType T) {
  auto IsThread = [](QualType E) {
    std::string Name = className(E);
    return Name == "::std::thread" || Name == "::std::jthread";
  };
  if (IsThread(T))
    return Workers::One;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec)
    return Workers::None;
  bool Holder = Spec->isInStdNamespace() && Spec->getIdentifier() &&
                llvm::is_contained({"unique_ptr", "shared_ptr", "optional"},
                                   Spec->getName());
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray())
    if (Arg.getKind() == TemplateArgument::Type && IsThread(Arg.getAsType()))
      return Holder ? Workers::One : Workers::Many;
  return Workers::None;
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
    // A destructor's last push on the way out (a final flush, a stop
    // marker) speaks for the producers only if no other function pushes.
    bool Better = !Out.Producer || (isa<CXXDestructorDecl>(Out.Producer) &&
                                    !isa<CXXDestructorDecl>(Fn));
    if (Better && Use.Push && Use.Notify) {
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

/// True if \p T is a task class: it is run by calling it with no arguments
/// (`void operator()()`), like concurrencpp's type-erased `task`. A
/// comparator's or a reference_wrapper's operator() takes arguments.
bool isCallableClass(QualType T) {
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  DeclarationName Call =
      RD->getASTContext().DeclarationNames.getCXXOperatorName(OO_Call);
  return llvm::any_of(RD->lookup(Call), [](const NamedDecl *D) {
    const auto *M = dyn_cast<CXXMethodDecl>(D);
    return M && M->getNumParams() == 0;
  });
}

/// True if the queue holds items of any type: a class template over its
/// items, or type-erased tasks (std::function, std::packaged_task,
/// coroutine handles, a task class of the code's own that is called): a
/// general-purpose building block, not a queue of one application's
/// messages.
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
                            className(Element)) ||
         isCallableClass(Element);
}

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

/// The queue \p RD's members make, if they make one.
std::optional<HandRolledQueue> classQueue(const CXXRecordDecl *RD) {
  HandRolledQueue Q;
  Q.Class = RD;
  const FieldDecl *Container = nullptr;
  for (const FieldDecl *F : RD->fields()) {
    if (!Container && isQueueContainer(F->getType()))
      Container = F;
    else if (!Q.Mutex && isMutexType(F->getType()))
      Q.Mutex = F;
    else if (!Q.Cv && isConditionVariableType(F->getType()))
      Q.Cv = F;
  }
  if (!Container || !Q.Mutex || !Q.Cv)
    return std::nullopt;
  Q.Container = Container;
  // A class that also owns its worker threads is a thread pool (or, with
  // one, a worker thread with its queue).
  for (const FieldDecl *F : RD->fields())
    Q.Threads = std::max(Q.Threads, workersOf(F->getType()));

  // Member function templates (a generic `enqueue(F &&f)`) count too.
  llvm::SmallVector<const FunctionDecl *, 8> Methods;
  for (const Decl *D : RD->decls()) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (const auto *Method = dyn_cast<CXXMethodDecl>(D))
      Methods.push_back(Method);
  }
  Roles R;
  findRoles(Methods, Container, Q.Cv, R);
  if (!R.Producer || !R.Consumer)
    return std::nullopt;
  Q.Producer = R.Producer;
  Q.Notify = R.ProducerUse.Notify;
  Q.Consumer = R.Consumer;
  Q.Wait = R.ConsumerUse.Wait;
  Q.Closable = R.Closable;
  Q.Generic = isGeneric(RD, Container);
  return Q;
}

/// The queues namespace-scope variables make with the functions that use
/// them: one per container and condition variable that play the parts.
void globalQueues(const QueueCandidates &Found, LockRegionsOf LockRegions,
                  std::vector<HandRolledQueue> &Out) {
  if (!Found.Mutex)
    return;
  for (const VarDecl *Container : Found.Containers)
    for (const VarDecl *Cv : Found.Cvs) {
      Roles R;
      findRoles(Found.Functions, Container, Cv, R);
      if (!R.Producer || !R.Consumer)
        continue;
      HandRolledQueue Q;
      Q.Container = Container;
      Q.Cv = Cv;
      Q.Producer = R.Producer;
      Q.Notify = R.ProducerUse.Notify;
      Q.Consumer = R.Consumer;
      Q.Wait = R.ConsumerUse.Wait;
      Q.Closable = R.Closable;
      // The mutex is the one the consumer locks, if it locks a global.
      Q.Mutex = Found.Mutex;
      if (const FunctionDecl *Def = R.Consumer->getDefinition())
        for (const LockRegion &Lock : LockRegions(*Def))
          if (Lock.Mutex.Scope == MutexScope::Global && Lock.Mutex.Decl) {
            Q.Mutex = Lock.Mutex.Decl;
            break;
          }
      Out.push_back(Q);
    }
}

} // namespace

std::vector<HandRolledQueue> findHandRolledQueues(ASTContext &Ctx,
                                                  LibraryCode &Library,
                                                  LockRegionsOf LockRegions) {
  QueueCandidates Found(Library);
  Found.walk(Ctx);
  std::vector<HandRolledQueue> Out;
  for (const CXXRecordDecl *RD : Found.Records)
    if (std::optional<HandRolledQueue> Q = classQueue(RD))
      Out.push_back(std::move(*Q));
  globalQueues(Found, LockRegions, Out);
  return Out;
}

} // namespace clang::tidy::taskfit
