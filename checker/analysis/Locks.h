//===--- Locks.h - mutexes, the locks on them and what they guard ---------===//
//
// Recognizes the synchronization vocabulary (mutexes, lock guards, condition
// variables), finds where a function takes a mutex and which statements run
// while it is held, and says how widely a mutex is shared: one object for
// the whole program (a global, a static), one per object (a member), or one
// per call (a local). Member accesses are seen through dependent (template)
// member expressions too, so class templates are analyzed as written.
//
//===----------------------------------------------------------------------===//

#ifndef TASKFIT_CHECKER_ANALYSIS_LOCKS_H
#define TASKFIT_CHECKER_ANALYSIS_LOCKS_H

#include "CallSummaries.h"
#include "Contexts.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::taskfit {

/// The qualified name of the class (or class template) \p T names, without
/// template arguments: "::std::queue" for std::queue<int> and for a
/// dependent std::queue<T>. Empty if \p T names no class.
std::string className(QualType T);

/// std::mutex and its timed / recursive / shared siblings, boost's, and
/// pthread_mutex_t.
bool isMutexType(QualType T);
/// std::condition_variable(_any), boost's, pthread_cond_t.
bool isConditionVariableType(QualType T);
/// std::lock_guard, std::unique_lock, std::scoped_lock, std::shared_lock
/// and Boost's; \p Shared says whether it is a reader lock.
bool isLockGuardType(QualType T, bool *Shared = nullptr);

/// How far a mutex object is shared.
enum class MutexScope {
  /// One object for the whole program: a global, a static local, a static
  /// data member (or a member of such an object).
  Global,
  /// A member of the object `this` points to.
  ThisMember,
  /// A local variable of an enclosing function, captured by a lambda.
  Captured,
  /// Reached through a parameter of the function that locks it.
  Parameter,
  /// A local of the locking function itself: a new mutex per call.
  Local,
  Unknown,
};

/// What a mutex expression denotes.
struct MutexRef {
  const Expr *Expression = nullptr;
  /// The mutex's own declaration (a VarDecl or FieldDecl): the identity
  /// of the mutex within its scope.
  const ValueDecl *Decl = nullptr;
  /// The variable the access starts from (the mutex itself, or the object
  /// whose member it is); null for `this`.
  const VarDecl *Root = nullptr;
  MutexScope Scope = MutexScope::Unknown;
};

/// Resolves \p E (a mutex lvalue, or its address for pthread calls) as
/// used inside \p Fn.
MutexRef resolveMutex(const Expr *E, const FunctionDecl &Fn);

/// One acquisition of a mutex and the statements that run while it is held.
struct LockRegion {
  /// The lock guard's declaration, or the `m.lock()` /
  /// `pthread_mutex_lock(&m)` statement.
  const Stmt *Acquire = nullptr;
  /// The lock guard variable (null for an explicit lock() call).
  const VarDecl *Guard = nullptr;
  MutexRef Mutex;
  /// A shared (reader) lock: readers do not exclude each other.
  bool SharedOwnership = false;
  /// The statements after the acquisition, up to the matching unlock or
  /// the end of the enclosing block.
  llvm::SmallVector<const Stmt *, 4> Guarded;
};

/// The lock regions in \p Fn's body (lambdas and local classes excluded:
/// they are bodies of their own). Locks constructed deferred
/// (std::defer_lock, std::try_to_lock) guard nothing here.
void findLockRegions(const FunctionDecl &Fn,
                     llvm::SmallVectorImpl<LockRegion> &Out);

/// A member call `obj.name(...)`, also in a template where obj's type is
/// dependent: the object expression (implicit `this` accesses included) and
/// the member's name.
struct MemberCall {
  const Expr *Object = nullptr;
  llvm::StringRef Name;
};
std::optional<MemberCall> asMemberCall(const Expr *Call);

/// The data member \p E names when it is `this->member` (written or
/// implicit), through parentheses and implicit casts; null otherwise.
const FieldDecl *thisMember(const Expr *E);

/// A function a task runs: the task's body, or one it calls (directly or
/// through other calls).
struct TaskFunction {
  const FunctionDecl *Fn = nullptr;
  /// The call that reaches Fn, in the function at index Caller of the list
  /// (null and -1 for the task's body).
  const Expr *Call = nullptr;
  int Caller = -1;
  /// `this` in Fn is the task's own object: Fn is the body, or reached
  /// through calls on `this` only.
  bool SameThis = true;
  /// Otherwise, the variable `this` in Fn stands for, when the task called
  /// a member on one (`counter.add()`, `stats->merge()`), and whether it
  /// was reached through a pointer (several tasks' copies of a pointer
  /// share the object it points to).
  const VarDecl *ThisObject = nullptr;
  bool ThisThroughPointer = false;
};

/// The functions running \p C's task reaches through calls the summaries
/// follow, breadth first (so each with its shortest chain), at most
/// \p MaxDepth calls deep.
void collectTaskFunctions(const RunContext &C, CallSummaries &Summaries,
                          llvm::SmallVectorImpl<TaskFunction> &Out,
                          unsigned MaxDepth = 4);

/// How many of the tasks a context starts may use one object at once.
enum class LockSharing {
  /// It is not one object for them: a local, a member of an object each
  /// task gets its own of, an unknown.
  NotShared,
  /// One task uses it.
  OneTask,
  /// Several tasks use the same object: the task is started in a loop with
  /// the object the same in every iteration, or from several calls with one
  /// object for all.
  SeveralTasks,
};

/// How many of the tasks \p C starts may use one object \p M through \p F.
LockSharing tasksSharing(const RunContext &C, const TaskFunction &F,
                         const MutexRef &M, ASTContext &Ctx);

} // namespace clang::tidy::taskfit

#endif // TASKFIT_CHECKER_ANALYSIS_LOCKS_H
