//===--- LoopCost.cpp - loops that keep a thread busy ---------------------===//

#include "LoopCost.h"
#include "Locks.h"
#include "Polling.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <functional>

namespace clang::tidy::taskfit {

namespace {

bool isLoop(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// Children that run as part of \p S: not lambda bodies, not unevaluated
/// operands, not local class or function definitions.
template <typename Fn> void forEachRunChild(const Stmt *S, Fn &&F) {
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      if (Init)
        F(Init);
    return;
  }
  if (isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr,
          ConceptSpecializationExpr>(S))
    return;
  if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S);
      Typeid && !Typeid->isPotentiallyEvaluated())
    return;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    // The user-written parts, not the desugared begin/end variables.
    if (Range->getInit())
      F(Range->getInit());
    F(Range->getRangeInit());
    F(Range->getBody());
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (const Expr *Init = V->getInit())
          F(Init);
    return;
  }
  if (const auto *Coawait = dyn_cast<CoawaitExpr>(S)) {
    F(Coawait->getOperand());
    return;
  }
  for (const Stmt *Child : S->children())
    if (Child)
      F(Child);
}

/// A loop at the top of a subtree (inside no other loop of it), with the
/// cost of the nest it heads.
struct NestInfo {
  const Stmt *Loop;
  /// Levels of the nest it heads, counting only independent ones.
  unsigned Depth;
  /// Iterations of the whole nest, if every level's count is a constant.
  std::optional<uint64_t> Iterations;
  /// The same for the nest inside its body, for when this loop is one
  /// level with the loop around it (it walks that loop's current element).
  unsigned BodyDepth;
  std::optional<uint64_t> BodyIterations;
};

struct Subtree {
  /// The loops at the top of the subtree that can make a heavy nest.
  llvm::SmallVector<NestInfo, 2> Frontier;
  bool Suspends = false;
  /// Contains a call the table or an annotation classifies (blocking or
  /// heavy): the call is reported as what it is, not the loop around it.
  bool ClassifiedWork = false;
};

using VarSet = llvm::SmallPtrSet<const ValueDecl *, 8>;

const ValueDecl *referencedVar(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(Ref->getDecl());
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return dyn_cast<FieldDecl>(Member->getMemberDecl());
  return nullptr;
}

/// Calls \p F on every statement under \p S, \p S included, except bodies
/// of lambdas and local classes, and except the subtree \p Except.
template <typename Fn>
void forEachUnder(const Stmt *S, Fn &&F, const Stmt *Except = nullptr) {
  if (!S || S == Except)
    return;
  F(S);
  forEachRunChild(S,
                  [&](const Stmt *Child) { forEachUnder(Child, F, Except); });
}

/// The variables \p S writes: `x = ...`, `x += ...`, `++x`, `it++` on an
/// iterator, and variables passed by non-const reference
/// (`getline(in, line)`).
void collectWrites(const Stmt *S, VarSet &Out, const Stmt *Except = nullptr) {
  forEachUnder(
      S,
      [&](const Stmt *Node) {
        if (const auto *B = dyn_cast<BinaryOperator>(Node)) {
          if (B->isAssignmentOp())
            if (const ValueDecl *V = referencedVar(B->getLHS()))
              Out.insert(V);
        } else if (const auto *U = dyn_cast<UnaryOperator>(Node)) {
          if (U->isIncrementDecrementOp())
            if (const ValueDecl *V = referencedVar(U->getSubExpr()))
              Out.insert(V);
        } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Node)) {
          if ((Op->isAssignmentOp() || Op->getOperator() == OO_PlusPlus ||
               Op->getOperator() == OO_MinusMinus) &&
              Op->getNumArgs() > 0)
            if (const ValueDecl *V = referencedVar(Op->getArg(0)))
              Out.insert(V);
        } else if (const auto *CE = dyn_cast<CallExpr>(Node)) {
          const FunctionDecl *FD = CE->getDirectCallee();
          if (!FD)
            return;
          for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams();
               ++I) {
            QualType P = FD->getParamDecl(I)->getType();
            if (P->isLValueReferenceType() &&
                !P.getNonReferenceType().isConstQualified())
              if (const ValueDecl *V = referencedVar(CE->getArg(I)))
                Out.insert(V);
          }
        }
      },
      Except);
}

/// The stream objects \p S consumes: non-const member calls that return a
/// value, on objects that are no range (`s.Take()`, `in.get()`,
/// `lexer->next()`).
void collectMutatedObjects(const Stmt *S, VarSet &Out) {
  forEachUnder(S, [&](const Stmt *Node) {
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Node);
    const CXXMethodDecl *M = Call ? Call->getMethodDecl() : nullptr;
    if (!M || M->isConst() || M->isStatic())
      return;
    // A stream is consumed by a call that hands out a value (`s.Take()`);
    // a container or range (it has begin()) is walked, not consumed, and
    // its non-const accessors (`v.begin()`, `v.at(i)`) return references
    // or iterators into it.
    const CXXRecordDecl *Object = M->getParent();
    if (M->getReturnType()->isReferenceType() ||
        M->getReturnType()->isPointerType() ||
        !Object->lookup(&Object->getASTContext().Idents.get("begin")).empty())
      return;
    if (const ValueDecl *V = referencedVar(Call->getImplicitObjectArgument()))
      Out.insert(V);
  });
}

/// The variables \p S reads.
void collectReads(const Stmt *S, VarSet &Out) {
  forEachUnder(S, [&](const Stmt *Node) {
    if (const auto *E = dyn_cast<Expr>(Node))
      if (isa<DeclRefExpr, MemberExpr>(E))
        if (const ValueDecl *V = referencedVar(E))
          Out.insert(V);
  });
}

/// True if \p S leaves the loop whose body it is in: a (co_)return, a goto, a
/// throw, or a break that is not a switch's or a nested loop's.
bool leavesLoop(const Stmt *S, bool InSwitch = false) {
  if (!S || isLoop(S) || isa<LambdaExpr>(S))
    return false;
  if (isa<ReturnStmt, CoreturnStmt, GotoStmt, CXXThrowExpr>(S) ||
      (isa<BreakStmt>(S) && !InSwitch))
    return true;
  InSwitch |= isa<SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *Child) {
    return leavesLoop(Child, InSwitch);
  });
}

/// The conditions of the `if`s in \p S, outside the loops nested in it,
/// that leave the loop \p S is the body of: `if (buf == end) return;`,
/// `if (*p == '\n') break;`.
void collectExitTests(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Out) {
  if (!S || isLoop(S) || isa<LambdaExpr>(S))
    return;
  if (const auto *If = dyn_cast<IfStmt>(S);
      If && (leavesLoop(If->getThen()) || leavesLoop(If->getElse())))
    Out.push_back(If->getCond());
  for (const Stmt *Child : S->children())
    collectExitTests(Child, Out);
}

/// True if \p Cond is missing or always true (`for (;;)`, `while (1)`).
bool runsForever(const Expr *Cond) {
  if (!Cond)
    return true;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(Cond))
    return B->getValue();
  if (const auto *I = dyn_cast<IntegerLiteral>(Cond))
    return I->getValue() != 0;
  return false;
}

/// The parts of a loop that decide how often it runs: the condition and
/// the increment of a for, the condition of a while or do, the range of a
/// range-for; for a loop with no condition of its own (`for (;; ++n)`,
/// `while (true)`), also the tests of the `if`s that leave it, unless
/// \p WithExits is false.
llvm::SmallVector<const Stmt *, 2> controlOf(const Stmt *Loop,
                                             bool WithExits = true) {
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return {Range->getRangeInit()};
  if (!isa<ForStmt, WhileStmt, DoStmt>(Loop))
    return {};
  const Expr *Cond = loopCondition(Loop);
  llvm::SmallVector<const Stmt *, 2> Parts{Cond};
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    Parts.push_back(For->getInc());
  if (WithExits && runsForever(Cond))
    collectExitTests(loopBody(Loop), Parts);
  return Parts;
}

/// True if \p E reads \p Var other than as a bare operand of a comparison:
/// `v[i].size()` and `rows.at(i)` do, `j < i` does not.
bool readsAsElement(const Stmt *E, const ValueDecl *Var) {
  if (!E)
    return false;
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->isComparisonOp()) {
    auto Bare = [&](const Expr *Side) { return referencedVar(Side) == Var; };
    for (const Expr *Side : {B->getLHS(), B->getRHS()})
      if (!Bare(Side) && readsAsElement(Side, Var))
        return true;
    return false;
  }
  if (const auto *Ex = dyn_cast<Expr>(E); Ex && referencedVar(Ex) == Var)
    return true;
  bool Found = false;
  forEachRunChild(E, [&](const Stmt *Child) {
    Found = Found || readsAsElement(Child, Var);
  });
  return Found;
}

/// \p E without parentheses, implicit casts, and one `&` or `*`.
const Expr *stripAddressing(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
    return U->getSubExpr()->IgnoreParenImpCasts();
  return E;
}

/// The record \p T is, points to or refers to; null for other types.
const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// How an assignment moves a cursor V.
enum class Step {
  /// Not a step down (no assignment of V, arithmetic, a copy).
  None,
  /// Into a part of what V refers to: a keyed lookup (`&(*view)[key]`,
  /// `dir->child(name)` returning a pointer or reference) or a field of
  /// another type.
  Part,
  /// Along a link to another object of V's own type (`n = n->next`,
  /// `p = p->parent`).
  Link,
};

/// How \p E, if it is `V = <something of what V refers to>`, moves \p V.
/// Pointer and iterator arithmetic (`p = p + 1`, `p = &p[1]`, `it = it +
/// 1`) and values of V's own class (`rest = rest.substr(1)`) move along a
/// sequence, not down into a part.
Step descentStep(const Expr *E, const ValueDecl *V) {
  auto [LHS, RHS] = assignmentSides(E);
  if (!LHS || !isa<DeclRefExpr>(LHS->IgnoreParenImpCasts()) ||
      referencedVar(LHS) != V)
    return Step::None;
  auto IsV = [&](const Expr *Base) {
    const auto *Ref = dyn_cast<DeclRefExpr>(stripAddressing(Base));
    return Ref && Ref->getDecl() == V;
  };
  const Expr *Part = stripAddressing(RHS);
  if (const auto *Member = dyn_cast<MemberExpr>(Part)) {
    if (!IsV(Member->getBase()))
      return Step::None;
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return Step::None;
    return recordOf(Field->getType()) == Field->getParent() ? Step::Link
                                                            : Step::Part;
  }
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Part)) {
    QualType Result = Call->getCallReturnType(V->getASTContext());
    return IsV(Call->getImplicitObjectArgument()) &&
                   (Result->isReferenceType() || Result->isPointerType())
               ? Step::Part
               : Step::None;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Part))
    return Op->getNumArgs() > 0 && IsV(Op->getArg(0)) &&
                   llvm::is_contained({OO_Subscript, OO_Arrow, OO_Star},
                                      Op->getOperator())
               ? Step::Part
               : Step::None;
  return Step::None;
}

/// True if every way through \p S, a loop's body or a part of it, moves
/// the cursor \p V down (descentStep) or leaves the loop, and nothing after
/// the step moves V back (`n = n->next; if (!n) n = head;` wraps around).
/// \p Links says whether a step was along a link of V's own type.
bool descendsOrLeaves(const Stmt *S, const ValueDecl *V, bool &Links) {
  if (!S)
    return false;
  if (isa<ReturnStmt, CoreturnStmt, BreakStmt, GotoStmt>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (isa<CXXThrowExpr>(E->IgnoreParenImpCasts()))
      return true;
    Step How = descentStep(E, V);
    Links |= How == Step::Link;
    return How != Step::None;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
    const auto *Steps = llvm::find_if(Block->body(), [&](const Stmt *Child) {
      return descendsOrLeaves(Child, V, Links);
    });
    if (Steps == Block->body_end())
      return false;
    VarSet After;
    for (const Stmt *Child :
         llvm::make_range(std::next(Steps), Block->body_end()))
      collectWrites(Child, After);
    return !After.contains(V);
  }
  if (const auto *If = dyn_cast<IfStmt>(S))
    return If->getElse() && descendsOrLeaves(If->getThen(), V, Links) &&
           descendsOrLeaves(If->getElse(), V, Links);
  return false;
}

/// True if \p Inner walks down into \p Outer's current element: a cursor
/// set from that element (`const node *view = *it;`, `for (node *n =
/// b.head; ...)`) moves one step into what it points at on every round, or
/// the round leaves the loop (`n = n->next`; a dotted-name lookup's `view =
/// &(*view)[part]`, else `break`). Each round visits a part of the current
/// element no earlier round did, so the two loops together visit each
/// element's parts at most once: one pass, not a product. A cursor that
/// starts from the same root every round (a naive trie match) or moves by
/// pointer arithmetic (a naive substring search) is no such walk.
bool descendsIntoElement(const Stmt *Outer, const Stmt *Inner) {
  const Stmt *Body = loopBody(Inner);
  if (!Body || continuesLoop(Body))
    return false;
  // What reads as the outer loop's current element: its range-for
  // variable, or `*it` / `v[i]` / `b.head` of its induction variables. The
  // bare position of a walk along links (`for (n = head; n; n = n->next)`)
  // is no element: a walk from it goes on along the same links.
  VarSet Element;
  bool Bare = false;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Outer)) {
    Element.insert(Range->getLoopVariable());
    Bare = true;
  } else if (const auto *For = dyn_cast<ForStmt>(Outer); For && For->getInc()) {
    collectWrites(For->getInc(), Element);
    if (llvm::any_of(Element, [&](const ValueDecl *V) {
          return descentStep(cast<Expr>(For->getInc()), V) != Step::None;
        }))
      return false;
  }
  auto FromElement = [&](const VarDecl *Cursor) {
    const Expr *Init = Cursor->getInit();
    return Init && llvm::any_of(Element, [&](const ValueDecl *E) {
             return readsAsElement(Init, E) &&
                    (Bare || referencedVar(Init) != E);
           });
  };
  // A walk along links of one type enters that chain from the element, by a
  // field of another type (`for (n = b.head; n; n = n->next)`): from the
  // element itself, or from its own link (`for (b = a->next; b; b =
  // b->next)` over a list's nodes), it walks a structure the elements
  // share, each against the rest.
  auto EntersChain = [](const VarDecl *Cursor) {
    const auto *Member =
        dyn_cast<MemberExpr>(stripAddressing(Cursor->getInit()));
    const auto *Field =
        Member ? dyn_cast<FieldDecl>(Member->getMemberDecl()) : nullptr;
    return Field && Field->getParent() != recordOf(Cursor->getType());
  };
  const auto *For = dyn_cast<ForStmt>(Inner);
  VarSet Written;
  collectWrites(Inner, Written);
  for (const ValueDecl *V : Written) {
    const auto *Cursor = dyn_cast<VarDecl>(V);
    if (!Cursor || !Cursor->isLocalVarDecl() || !FromElement(Cursor) ||
        !Outer->getSourceRange().fullyContains(Cursor->getSourceRange()))
      continue;
    Step Inc = For && For->getInc() ? descentStep(cast<Expr>(For->getInc()), V)
                                    : Step::None;
    bool Links = Inc == Step::Link;
    if ((Inc != Step::None || descendsOrLeaves(Body, V, Links)) &&
        (!Links || EntersChain(Cursor)))
      return true;
  }
  return false;
}

/// True if \p Inner, a loop in \p Outer's body, does not multiply
/// \p Outer's work but walks the current element or advances the same
/// cursor, so the two are one pass over the input:
///  - it advances a variable \p Outer's condition or increment reads (a
///    parser's inner loops move the one cursor `p`);
///  - its extent comes from the outer loop's current element: the
///    range-for variable, the outer index as a subscript (`v[i].size()`,
///    not `j < i`), or a variable the outer body sets before it each round
///    (`getline(in, line)`, `auto parts = split(header)`).
bool isDependent(const Stmt *Outer, const Stmt *Inner) {
  VarSet OuterControl;
  for (const Stmt *Part : controlOf(Outer))
    collectReads(Part, OuterControl);
  VarSet InnerWrites;
  collectWrites(Inner, InnerWrites);
  // A flag the inner loops raise (`changed = true` in a relaxation that
  // runs until nothing changes) is no cursor: the rounds still multiply.
  for (const ValueDecl *V : InnerWrites)
    if (OuterControl.contains(V) && !V->getType()->isBooleanType())
      return true;

  VarSet InnerExtent;
  for (const Stmt *Part : controlOf(Inner))
    collectReads(Part, InnerExtent);
  // Both loops test one stream object and the inner one consumes it
  // (`while (s.Peek() is a digit) { ...; while (s.Peek() is a digit)
  // s.Take(); }`): one pass over the stream. An inner loop that only adds
  // to what the outer one drains (`q.push(m)` over every node) controls
  // itself by something else, and stays a level.
  VarSet InnerMutated;
  collectMutatedObjects(Inner, InnerMutated);
  for (const ValueDecl *V : InnerMutated)
    if (OuterControl.contains(V) && InnerExtent.contains(V))
      return true;
  // Variables the outer loop sets each round, outside the inner loop.
  VarSet PerRound;
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Outer))
    PerRound.insert(Range->getLoopVariable());
  collectWrites(loopBody(Outer), PerRound, /*Except=*/Inner);
  forEachUnder(
      loopBody(Outer),
      [&](const Stmt *Node) {
        if (const auto *DS = dyn_cast<DeclStmt>(Node))
          for (const Decl *D : DS->decls())
            if (const auto *V = dyn_cast<VarDecl>(D))
              PerRound.insert(V);
      },
      /*Except=*/Inner);
  // The outer index counts only as an element: `v[i]`, not `j < i`.
  VarSet Induction;
  if (const auto *For = dyn_cast<ForStmt>(Outer))
    collectWrites(For->getInc(), Induction);
  for (const ValueDecl *V : InnerExtent) {
    if (Induction.contains(V)) {
      if (llvm::any_of(controlOf(Inner), [&](const Stmt *Part) {
            return readsAsElement(Part, V);
          }))
        return true;
      continue;
    }
    if (PerRound.contains(V))
      return true;
  }
  return descendsIntoElement(Outer, Inner);
}

/// True if \p E, parens and casts aside, is `(... Var ...) & mask` or
/// `(... Var ...) % size`: a cursor that wraps around a table.
bool wrapsAround(const Expr *E, const ValueDecl *Var) {
  const auto *BO = dyn_cast<BinaryOperator>(E->IgnoreParenImpCasts());
  if (!BO || (BO->getOpcode() != BO_And && BO->getOpcode() != BO_Rem))
    return false;
  bool Reads = false;
  forEachUnder(BO->getLHS(), [&](const Stmt *Node) {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Node))
      Reads |= Ref->getDecl() == Var;
  });
  return Reads;
}

/// True if \p Loop probes an open-addressing table or a ring: it runs until
/// its body leaves it or its cursor comes round, and the variables its
/// condition reads move only by wrapping around (`i = (i + 1) & mask`,
/// `slot = (slot + step) % n`). A probe runs a few times on average whatever
/// the table's size, so it is not a level of a nest.
bool isProbeLoop(const Stmt *Loop) {
  if (!isa<WhileStmt, ForStmt, DoStmt>(Loop))
    return false;
  VarSet Control, Written, Cursors;
  for (const Stmt *Part : controlOf(Loop, /*WithExits=*/false))
    collectReads(Part, Control);
  collectWrites(Loop, Written);
  bool Leaves = false;
  forEachUnder(Loop, [&](const Stmt *Node) {
    if (isa<BreakStmt, ReturnStmt>(Node))
      Leaves = true;
    const auto *BO = dyn_cast<BinaryOperator>(Node);
    if (!BO || !BO->isAssignmentOp())
      return;
    const ValueDecl *Var = referencedVar(BO->getLHS());
    if (Var &&
        (BO->getOpcode() == BO_AndAssign || BO->getOpcode() == BO_RemAssign ||
         (BO->getOpcode() == BO_Assign && wrapsAround(BO->getRHS(), Var))))
      Cursors.insert(Var);
  });
  if (Cursors.empty())
    return false;
  bool ControlledByCursor = false;
  for (const ValueDecl *V : Control) {
    if (Cursors.contains(V))
      ControlledByCursor = true;
    else if (Written.contains(V))
      return false; // A counter bounds it: it runs that many times.
  }
  return Leaves || ControlledByCursor;
}

/// True if \p V is shared with other threads by its type: a C11 `_Atomic`
/// or a `volatile` variable (std::atomic objects are seen through their
/// member calls, polledAtomic).
bool isSharedFlag(const ValueDecl *V) {
  QualType T = V->getType().getNonReferenceType();
  return T->isAtomicType() || T.isVolatileQualified();
}

/// True if evaluating \p E reads state another thread changes: an atomic
/// (`locked_.load()`, `!flag.test_and_set()`, `status == PAUSE` through
/// std::atomic's conversion), a `volatile` or `_Atomic` variable, or a
/// function of this code whose returns read one (`try_lock()` returning
/// `!locked_.exchange(true)`), followed \p Depth calls deep.
bool readsSharedState(const Expr *E, unsigned Depth = 2) {
  if (!E)
    return false;
  if (polledAtomic(E))
    return true;
  bool Reads = false;
  forEachUnder(E, [&](const Stmt *Node) {
    if (Reads)
      return;
    if (const auto *Ref = dyn_cast<Expr>(Node);
        Ref && isa<DeclRefExpr, MemberExpr>(Ref))
      if (const ValueDecl *V = referencedVar(Ref); V && isSharedFlag(V))
        Reads = true;
    const auto *Call = dyn_cast<CallExpr>(Node);
    const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
    const FunctionDecl *Def = nullptr;
    if (!FD || Depth == 0 || !FD->hasBody(Def) || Def->isInStdNamespace())
      return;
    if (const auto *M = dyn_cast<CXXMethodDecl>(Def); M && M->isVirtual())
      return;
    forEachUnder(Def->getBody(), [&](const Stmt *Inner) {
      if (const auto *Return = dyn_cast<ReturnStmt>(Inner))
        Reads = Reads || readsSharedState(Return->getRetValue(), Depth - 1);
    });
  });
  return Reads;
}

/// True if \p Loop waits for another thread rather than works through
/// input: its condition reads shared state (a spin lock's `while
/// (!try_lock())`, `while (locked_.load())`, a compare-exchange retry) and
/// nothing it reads is counted by the loop itself. How often it runs
/// depends on contention, not on the size of anything, so it is not a level
/// of a nest (a loop bounded by a count and a stop flag still is).
bool isSpinLoop(const Stmt *Loop) {
  const Expr *Cond = loopCondition(Loop);
  if (!Cond || !readsSharedState(Cond))
    return false;
  // What the loop counts is written by its body or increment; the
  // condition's own writes (a compare-exchange refreshing its expected
  // value) are part of the wait.
  VarSet Control, Written;
  for (const Stmt *Part : controlOf(Loop, /*WithExits=*/false))
    collectReads(Part, Control);
  collectWrites(loopBody(Loop), Written);
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    collectWrites(For->getInc(), Written);
  return llvm::none_of(Control, [&](const ValueDecl *V) {
    return Written.contains(V) && !isSharedFlag(V);
  });
}

class LoopFinder {
public:
  LoopFinder(WorkClassifier &Classifier, const LoopCostOptions &Options,
             const ASTContext &Ctx, llvm::SmallVectorImpl<HeavyLoop> &Out)
      : Classifier(Classifier), Options(Options), Ctx(Ctx), Out(Out) {}

  Subtree visit(const Stmt *S) {
    // Lazy initialization: what runs once is not this body's per-call work.
    if (const auto *If = dyn_cast<IfStmt>(S); If && isRunOnceGuard(If))
      return visitRunOnce(If);
    Subtree Result;
    if (isa<CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S))
      Result.Suspends = true;
    if (isa<CallExpr, CXXConstructExpr>(S) &&
        Classifier.classify(cast<Expr>(S)))
      Result.ClassifiedWork = true;

    size_t FirstCandidate = Out.size();
    llvm::SmallVector<NestInfo, 2> Inner;
    visitChildren(S, Result, Inner);

    // A loop a macro makes (asio's stackless `reenter`/`yield`, a FOREACH)
    // is plumbing, not a loop the user wrote: it neither counts nor is
    // reported.
    if (!isLoop(S) || S->getBeginLoc().isMacroID()) {
      Result.Frontier = std::move(Inner);
      return Result;
    }
    // Not heavy itself, and no level of a nest around it: whatever heavy
    // loops are inside were recorded.
    if (Result.Suspends || Result.ClassifiedWork)
      return Result;

    NestInfo Nest = nestOf(S, Inner);
    if (isHeavy(Nest)) {
      // The outermost heavy loop stands for the loops inside it.
      Out.truncate(FirstCandidate);
      Out.push_back({S, Nest.Depth, Nest.Iterations, HandlerDepth > 0});
    }
    Result.Frontier.push_back(Nest);
    return Result;
  }

private:
  /// A run-once guard \p If: its then-branch's loops are not recorded (they
  /// run once, not per call), but whether it suspends or does classified
  /// work still counts; its else-branch is visited as usual.
  Subtree visitRunOnce(const IfStmt *If) {
    Subtree Result;
    llvm::SmallVector<HeavyLoop, 1> Ignored;
    LoopFinder Once(Classifier, Options, Ctx, Ignored);
    Subtree Then = Once.visit(If->getThen());
    Result.Suspends = Then.Suspends;
    Result.ClassifiedWork = Then.ClassifiedWork;
    if (If->getElse()) {
      Subtree Else = visit(If->getElse());
      Result.Suspends |= Else.Suspends;
      Result.ClassifiedWork |= Else.ClassifiedWork;
      Result.Frontier = std::move(Else.Frontier);
    }
    return Result;
  }

  /// Visits the children of \p S that run when it does, merging what they
  /// do into \p Result and their frontier loops into \p Inner.
  void visitChildren(const Stmt *S, Subtree &Result,
                     llvm::SmallVectorImpl<NestInfo> &Inner) {
    bool IsHandler = isa<CXXCatchStmt>(S);
    HandlerDepth += IsHandler;
    forEachRunChild(S, [&](const Stmt *Child) {
      Subtree C = visit(Child);
      Result.Suspends |= C.Suspends;
      Result.ClassifiedWork |= C.ClassifiedWork;
      Inner.append(C.Frontier.begin(), C.Frontier.end());
    });
    HandlerDepth -= IsHandler;
  }

  /// The nest that \p Loop heads over the nests \p Inner in its body: the
  /// costliest of them, a level lower where an inner loop walks this loop's
  /// current element, plus this loop as a level unless it is a few constant
  /// iterations, a probe or a spin.
  NestInfo nestOf(const Stmt *Loop, llvm::ArrayRef<NestInfo> Inner) const {
    unsigned BodyDepth = 0;
    std::optional<uint64_t> BodyIterations = 1;
    for (const NestInfo &I : Inner) {
      bool Dependent = isDependent(Loop, I.Loop);
      unsigned D = Dependent ? I.BodyDepth : I.Depth;
      if (D > BodyDepth || (D == BodyDepth && D > 0 && !BodyIterations)) {
        BodyDepth = D;
        BodyIterations = Dependent ? I.BodyIterations : I.Iterations;
      }
    }
    std::optional<uint64_t> Trips = constantTripCount(Loop, Ctx);
    // A level of a few constant iterations (`for (auto c : {"gzip", "br"})`)
    // scales the work by a constant; it counts as a level only if two of
    // its size would make a heavy nest.
    bool Level = (!Trips || *Trips * *Trips >= Options.MinTripCount) &&
                 !isProbeLoop(Loop) && !isSpinLoop(Loop);
    NestInfo Nest{Loop, BodyDepth + Level, std::nullopt, BodyDepth,
                  BodyIterations};
    if (Trips && BodyIterations &&
        (*BodyIterations == 0 || *Trips <= UINT64_MAX / *BodyIterations))
      Nest.Iterations = *Trips * *BodyIterations;
    return Nest;
  }

  /// True if \p Nest is deep enough, or runs its body often enough, to be
  /// reported.
  bool isHeavy(const NestInfo &Nest) const {
    bool DeepEnough =
        Nest.Depth >= std::max(Options.MinNestDepth, 1u) &&
        !(Nest.Iterations && *Nest.Iterations < Options.MinTripCount);
    bool LongEnough =
        Nest.Iterations && *Nest.Iterations >= Options.MinTripCount;
    return DeepEnough || LongEnough;
  }

  WorkClassifier &Classifier;
  const LoopCostOptions &Options;
  const ASTContext &Ctx;
  llvm::SmallVectorImpl<HeavyLoop> &Out;
  unsigned HandlerDepth = 0;
};

std::optional<int64_t> evaluateInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->getType()->isIntegralOrEnumerationType() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt().tryExtValue();
}

const VarDecl *refVar(const Expr *E) {
  if (const auto *Ref =
          dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(Ref->getDecl());
  return nullptr;
}

/// The largest integer among \p Args (through initializer lists and the
/// temporaries that convert them), counting each list's length too; 0 for
/// none. std::nullopt if an argument is not a constant.
std::optional<int64_t> largestConstant(llvm::ArrayRef<const Expr *> Args,
                                       const ASTContext &Ctx) {
  int64_t Largest = 0;
  for (const Expr *Arg : Args) {
    Arg = ignoreTemporaries(Arg)->IgnoreParenImpCasts();
    if (isa<CXXDefaultArgExpr, CXXDefaultInitExpr>(Arg))
      continue;
    llvm::SmallVector<const Expr *, 4> Inner;
    if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Arg))
      Arg = ignoreTemporaries(List->getSubExpr())->IgnoreParenImpCasts();
    if (const auto *List = dyn_cast<InitListExpr>(Arg)) {
      Largest = std::max<int64_t>(Largest, List->getNumInits());
      Inner.append(List->inits().begin(), List->inits().end());
    } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Arg)) {
      Inner.append(Construct->arg_begin(), Construct->arg_end());
    } else if (std::optional<int64_t> Value = evaluateInt(Arg, Ctx)) {
      Largest = std::max(Largest, *Value);
      continue;
    } else if (Arg->isValueDependent() ||
               !Arg->getType()->isRealFloatingType() ||
               !Arg->isEvaluatable(Ctx)) {
      // Only numbers: a string or a pointer says nothing of the size.
      return std::nullopt;
    }
    std::optional<int64_t> InInner = largestConstant(Inner, Ctx);
    if (!InInner)
      return std::nullopt;
    Largest = std::max(Largest, *InInner);
  }
  return Largest;
}

/// True if the function \p V is local to may change how many elements \p V
/// holds: any non-const member call on it but element access and views
/// (`operator[]` but a map's, `at`, `data`, `begin`, `front`, `mutable_*`,
/// `unchecked*`), an assignment, an operator or function taking it by
/// non-const reference (`in >> v`), its address, a reference to it, or a
/// lambda capturing it by reference.
bool mayResize(const VarDecl *V) {
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(V->getDeclContext());
  if (!Fn || !Fn->getBody())
    return true;
  VarSet Written;
  collectWrites(Fn->getBody(), Written);
  if (Written.contains(V))
    return true;
  bool IsMap = className(V->getType()).find("map") != std::string::npos;
  auto IsAccess = [&](const CXXMethodDecl *M) {
    if (M->isConst())
      return true;
    if (M->getOverloadedOperator() == OO_Subscript)
      return !IsMap;
    if (M->getOverloadedOperator() == OO_Call)
      return true;
    if (!M->getIdentifier())
      return false;
    StringRef Name = M->getName();
    return llvm::is_contained({"at", "data", "begin", "end", "rbegin", "rend",
                               "front", "back"},
                              Name) ||
           Name.starts_with("mutable_") || Name.starts_with("unchecked");
  };
  bool Resizes = false;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
    if (!S || Resizes)
      return;
    if (const auto *Call = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *M = Call->getMethodDecl();
      if (M && refVar(Call->getImplicitObjectArgument()) == V && !IsAccess(M))
        Resizes = true;
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      const auto *M = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      if (M && Op->getNumArgs() > 0 && refVar(Op->getArg(0)) == V &&
          !IsAccess(M))
        Resizes = true;
    } else if (const auto *U = dyn_cast<UnaryOperator>(S)) {
      Resizes = U->getOpcode() == UO_AddrOf && refVar(U->getSubExpr()) == V;
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *Other = dyn_cast<VarDecl>(D);
            Other && Other->getType()->isReferenceType() &&
            !Other->getType().getNonReferenceType().isConstQualified() &&
            refVar(Other->getInit()) == V)
          Resizes = true;
    } else if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
      for (const LambdaCapture &C : Lambda->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef &&
            C.getCapturedVar() == V)
          Resizes = true;
      return;
    }
    for (const Stmt *Child : S->children())
      Scan(Child);
  };
  Scan(Fn->getBody());
  return Resizes;
}

/// The most elements the local object \p V can hold, when it is built from
/// constants and nothing resizes it: `std::vector<float> w(4)`,
/// `py::array_t<double> a({3, 3, 3})`, or a view of such an object made
/// with constant arguments (`auto r = a.mutable_unchecked<3>()`). Bounded
/// by the largest constant it was built from, element values included.
std::optional<int64_t> constantExtent(const VarDecl *V, const ASTContext &Ctx,
                                      unsigned Depth = 2) {
  if (!V || !V->isLocalVarDecl() || !V->hasLocalStorage() ||
      V->getType()->isReferenceType() || !V->getInit() ||
      V->getType()->isDependentType())
    return std::nullopt;
  const Expr *Init = ignoreTemporaries(V->getInit())->IgnoreParenImpCasts();
  std::optional<int64_t> Extent;
  if (const auto *View = dyn_cast<CXXMemberCallExpr>(Init)) {
    llvm::SmallVector<const Expr *, 2> Args(View->arguments());
    if (Depth > 0 && largestConstant(Args, Ctx))
      Extent = constantExtent(refVar(View->getImplicitObjectArgument()), Ctx,
                              Depth - 1);
  } else if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
    llvm::SmallVector<const Expr *, 2> Args(Construct->arguments());
    Extent = largestConstant(Args, Ctx);
  } else if (isa<InitListExpr>(Init)) {
    Extent = largestConstant({Init}, Ctx);
  }
  if (!Extent || mayResize(V))
    return std::nullopt;
  return Extent;
}

/// A constant, the smallest constant argument of std::min, or an integer
/// an object of constant extent gives (`v.size()`, `r.shape(0)`): the most
/// a bound can be.
std::optional<int64_t> upperBound(const Expr *E, const ASTContext &Ctx) {
  if (std::optional<int64_t> Value = evaluateInt(E, Ctx))
    return Value;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(
          ignoreTemporaries(E)->IgnoreParenImpCasts());
      Member && Member->getType()->isIntegerType()) {
    llvm::SmallVector<const Expr *, 2> Args(Member->arguments());
    if (largestConstant(Args, Ctx))
      return constantExtent(refVar(Member->getImplicitObjectArgument()), Ctx);
  }
  const auto *Call =
      dyn_cast<CallExpr>(ignoreTemporaries(E)->IgnoreParenImpCasts());
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
      FD->getName() != "min")
    return std::nullopt;
  std::optional<int64_t> Least;
  for (const Expr *Arg : Call->arguments())
    if (std::optional<int64_t> Value = evaluateInt(Arg, Ctx))
      Least = Least ? std::min(*Least, *Value) : *Value;
  return Least;
}

/// A comparison of a loop variable with a bound, written as `Var Op Bound`.
struct VarComparison {
  BinaryOperatorKind Op;
  int64_t Bound;
};

/// The comparison of \p Var with a constant bound in the condition \p Cond,
/// also one of the conjuncts of `i < n && i < K`, or a bound
/// `std::min(n, K)`.
std::optional<VarComparison> comparisonWithBound(const Expr *Cond,
                                                 const VarDecl *Var,
                                                 const ASTContext &Ctx) {
  llvm::SmallVector<const Expr *, 2> Conjuncts{Cond};
  while (!Conjuncts.empty()) {
    const auto *Bin = dyn_cast<BinaryOperator>(
        Conjuncts.pop_back_val()->IgnoreParenImpCasts());
    if (!Bin)
      continue;
    if (Bin->getOpcode() == BO_LAnd) {
      Conjuncts.push_back(Bin->getLHS());
      Conjuncts.push_back(Bin->getRHS());
      continue;
    }
    if (!Bin->isComparisonOp())
      continue;
    std::optional<int64_t> Bound;
    BinaryOperatorKind Op = Bin->getOpcode();
    if (refVar(Bin->getLHS()) == Var) {
      Bound = upperBound(Bin->getRHS(), Ctx);
    } else if (refVar(Bin->getRHS()) == Var) {
      Bound = upperBound(Bin->getLHS(), Ctx);
      Op = BinaryOperator::reverseComparisonOp(Op);
    }
    if (Bound)
      return VarComparison{Op, *Bound};
  }
  return std::nullopt;
}

/// How much the increment \p Inc (`++i`, `i--`, `i += C`, `i -= C`) moves
/// \p Var each iteration; 0 if it is not such a step of \p Var.
int64_t stepOf(const Expr *Inc, const VarDecl *Var, const ASTContext &Ctx) {
  Inc = Inc ? Inc->IgnoreParenImpCasts() : nullptr;
  if (const auto *U = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (refVar(U->getSubExpr()) != Var)
      return 0;
    return U->isIncrementOp() ? 1 : U->isDecrementOp() ? -1 : 0;
  }
  if (const auto *C = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    if (refVar(C->getLHS()) != Var)
      return 0;
    std::optional<int64_t> By = evaluateInt(C->getRHS(), Ctx);
    if (!By)
      return 0;
    return C->getOpcode() == BO_AddAssign   ? *By
           : C->getOpcode() == BO_SubAssign ? -*By
                                            : 0;
  }
  return 0;
}

/// How many steps of \p Step (not 0) take a variable from \p Start while
/// `Var Cmp.Op Cmp.Bound` holds; std::nullopt if the comparison does not
/// end the loop in the direction of the step, or the count overflows.
std::optional<uint64_t> stepsToBound(int64_t Start, VarComparison Cmp,
                                     int64_t Step) {
  // Distance to the bound, in the direction of the step.
  BinaryOperatorKind Op = Cmp.Op;
  __int128 Distance;
  if (Step > 0 && (Op == BO_LT || Op == BO_NE))
    Distance = static_cast<__int128>(Cmp.Bound) - Start;
  else if (Step > 0 && Op == BO_LE)
    Distance = static_cast<__int128>(Cmp.Bound) - Start + 1;
  else if (Step < 0 && (Op == BO_GT || Op == BO_NE))
    Distance = static_cast<__int128>(Start) - Cmp.Bound;
  else if (Step < 0 && Op == BO_GE)
    Distance = static_cast<__int128>(Start) - Cmp.Bound + 1;
  else
    return std::nullopt;
  if (Distance <= 0)
    return 0;
  __int128 Abs = Step > 0 ? Step : -static_cast<__int128>(Step);
  __int128 Trips = (Distance + Abs - 1) / Abs;
  if (Trips > static_cast<__int128>(UINT64_MAX))
    return std::nullopt;
  return static_cast<uint64_t>(Trips);
}

std::optional<uint64_t> forTripCount(const ForStmt *For,
                                     const ASTContext &Ctx) {
  // for (T i = A; i < B; ++i / i++ / i += C)
  const auto *Init = dyn_cast_or_null<DeclStmt>(For->getInit());
  if (!Init || !Init->isSingleDecl())
    return std::nullopt;
  const auto *Var = dyn_cast<VarDecl>(Init->getSingleDecl());
  if (!Var || !Var->getInit())
    return std::nullopt;
  std::optional<int64_t> Start = evaluateInt(Var->getInit(), Ctx);
  if (!Start || !For->getCond())
    return std::nullopt;
  std::optional<VarComparison> Cmp =
      comparisonWithBound(For->getCond(), Var, Ctx);
  if (!Cmp)
    return std::nullopt;
  int64_t Step = stepOf(For->getInc(), Var, Ctx);
  if (Step == 0)
    return std::nullopt;
  return stepsToBound(*Start, *Cmp, Step);
}

std::optional<uint64_t> rangeTripCount(const CXXForRangeStmt *Range,
                                       const ASTContext &Ctx) {
  const Expr *Init = Range->getRangeInit();
  if (!Init)
    return std::nullopt;
  // `for (auto coding : {"gzip", "deflate"})`.
  Init = ignoreTemporaries(Init);
  if (const auto *List = dyn_cast<CXXStdInitializerListExpr>(Init))
    Init = ignoreTemporaries(List->getSubExpr());
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits();
  return constantSize(Init->getType(), Ctx);
}

} // namespace

std::optional<uint64_t> constantSize(QualType T, const ASTContext &Ctx) {
  T = T.getNonReferenceType();
  if (const auto *Array = Ctx.getAsConstantArrayType(T))
    return Array->getSize().getZExtValue();
  // std::array<T, N>
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl())) {
    if (Spec->getName() == "array" && Spec->isInStdNamespace() &&
        Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  }
  return std::nullopt;
}

/// The container an iterator expression points into: `v` of `v.begin()`,
/// `std::begin(v)`, `v.data()`, an array `a` decayed to a pointer.
const Expr *iteratedContainer(const Expr *E) {
  E = ignoreTemporaries(E)->IgnoreParenImpCasts();
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *M = Member->getMethodDecl();
    if (M && M->getIdentifier() &&
        llvm::is_contained({"begin", "cbegin", "end", "cend", "data"},
                           M->getName()))
      return Member->getImplicitObjectArgument();
    return nullptr;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        llvm::is_contained({"begin", "cbegin", "end", "cend", "data"},
                           FD->getName()) &&
        Call->getNumArgs() == 1)
      return Call->getArg(0);
    return nullptr;
  }
  if (isa<DeclRefExpr, MemberExpr>(E) && E->getType()->isArrayType())
    return E;
  return nullptr;
}

std::optional<uint64_t> constantRangeSize(const CallExpr *Call,
                                          const ASTContext &Ctx) {
  // A range algorithm object's call operator takes the object first.
  llvm::ArrayRef<const Expr *> Args(Call->getArgs(), Call->getNumArgs());
  if (isa<CXXOperatorCallExpr>(Call))
    Args = Args.drop_front();
  if (Args.empty())
    return std::nullopt;
  // `first, first + K`: K elements, whatever the container.
  if (Args.size() >= 2) {
    const Expr *Last = ignoreTemporaries(Args[1])->IgnoreParenImpCasts();
    const Expr *Offset = nullptr;
    if (const auto *B = dyn_cast<BinaryOperator>(Last);
        B && B->getOpcode() == BO_Add)
      Offset = B->getRHS();
    else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Last);
             Op && Op->getOperator() == OO_Plus && Op->getNumArgs() == 2)
      Offset = Op->getArg(1);
    Expr::EvalResult R;
    if (Offset && !Offset->isValueDependent() &&
        Offset->EvaluateAsInt(R, Ctx) && !R.Val.getInt().isNegative())
      return R.Val.getInt().getZExtValue();
  }
  // begin(a), end(a) of a fixed-size array, or a range algorithm's range.
  const Expr *Container = iteratedContainer(Args[0]);
  if (!Container)
    Container = Args[0];
  return constantSize(Container->getType(), Ctx);
}

namespace {

/// "cached" for is_cached / has_cached / cached; the flag a call tests.
llvm::StringRef flagStem(llvm::StringRef Name) {
  for (llvm::StringRef Prefix : {"is_", "has_", "is", "has"})
    if (Name.size() > Prefix.size() && Name.starts_with(Prefix))
      return Name.drop_front(Prefix.size());
  return Name;
}

/// The flag a guard condition tests: a variable or member (`done_`,
/// `!table_`), or the name of the call that reads it (`is_cached()`).
struct TestedFlag {
  const ValueDecl *Var = nullptr;
  llvm::StringRef Call;
  bool Negated = false;
};

std::optional<TestedFlag> testedFlag(const Expr *Cond) {
  TestedFlag Flag;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond);
      Not && Not->getOpcode() == UO_LNot) {
    Flag.Negated = true;
    Cond = Not->getSubExpr()->IgnoreParenImpCasts();
  } else if (const auto *Cmp = dyn_cast<BinaryOperator>(Cond);
             Cmp && Cmp->getOpcode() == BO_EQ &&
             isa<CXXNullPtrLiteralExpr, GNUNullExpr>(
                 Cmp->getRHS()->IgnoreParenImpCasts())) {
    Flag.Negated = true;
    Cond = Cmp->getLHS()->IgnoreParenImpCasts();
  }
  if ((Flag.Var = referencedVar(Cond)))
    return Flag;
  if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond))
    if (const CXXMethodDecl *M = Call->getMethodDecl();
        M && M->getIdentifier() && Call->getNumArgs() == 0) {
      // atomic flags: `!loaded_.load()`.
      if (M->getName() == "load")
        Flag.Var = referencedVar(Call->getImplicitObjectArgument());
      else
        Flag.Call = M->getName();
      return Flag;
    }
  return std::nullopt;
}

/// True if \p S sets \p Flag so that the guard fails next time.
bool setsFlag(const Stmt *S, const TestedFlag &Flag) {
  bool Found = false;
  forEachUnder(S, [&](const Stmt *Node) {
    if (Found)
      return;
    if (Flag.Var) {
      const auto *E = dyn_cast<Expr>(Node);
      if (const Expr *Target = E ? assignmentSides(E).first : nullptr)
        Found = referencedVar(Target) == Flag.Var;
      else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(Node))
        Found = Call->getMethodDecl() &&
                Call->getMethodDecl()->getIdentifier() &&
                Call->getMethodDecl()->getName() == "store" &&
                referencedVar(Call->getImplicitObjectArgument()) == Flag.Var;
      return;
    }
    // is_cached() / set_cached(), loaded() / mark_loaded().
    if (const auto *Call = dyn_cast<CallExpr>(Node))
      if (const FunctionDecl *FD = Call->getDirectCallee();
          FD && FD->getIdentifier()) {
        llvm::StringRef Stem = flagStem(Flag.Call);
        llvm::StringRef Name = FD->getName();
        for (llvm::StringRef Prefix : {"set_", "set", "mark_", "mark"})
          if (Name.starts_with(Prefix) &&
              Name.drop_front(Prefix.size()).equals_insensitive(Stem))
            Found = true;
      }
  });
  return Found;
}

} // namespace

bool isRunOnceGuard(const IfStmt *If) {
  if (!If->getCond() || If->getConditionVariable())
    return false;
  std::optional<TestedFlag> Flag = testedFlag(If->getCond());
  return Flag && setsFlag(If->getThen(), *Flag);
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return For->getBody();
  if (const auto *While = dyn_cast<WhileStmt>(Loop))
    return While->getBody();
  if (const auto *Do = dyn_cast<DoStmt>(Loop))
    return Do->getBody();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return Range->getBody();
  return nullptr;
}

const Expr *loopCondition(const Stmt *Loop) {
  if (const auto *For = dyn_cast_or_null<ForStmt>(Loop))
    return For->getCond();
  if (const auto *While = dyn_cast_or_null<WhileStmt>(Loop))
    return While->getCond();
  if (const auto *Do = dyn_cast_or_null<DoStmt>(Loop))
    return Do->getCond();
  return nullptr;
}

std::optional<uint64_t> constantTripCount(const Stmt *Loop,
                                          const ASTContext &Ctx) {
  if (const auto *For = dyn_cast<ForStmt>(Loop))
    return forTripCount(For, Ctx);
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Loop))
    return rangeTripCount(Range, Ctx);
  return std::nullopt;
}

bool continuesLoop(const Stmt *S) {
  if (!S || isLoop(S) || isa<LambdaExpr>(S))
    return false;
  return isa<ContinueStmt>(S) || llvm::any_of(S->children(), continuesLoop);
}

void forEachRunStmt(const Stmt *S, llvm::function_ref<void(const Stmt *)> F) {
  forEachUnder(S, F);
}

bool containsSuspension(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoawaitExpr, CoyieldExpr, DependentCoawaitExpr>(S))
    return true;
  bool Found = false;
  forEachRunChild(S, [&](const Stmt *Child) {
    Found = Found || containsSuspension(Child);
  });
  return Found;
}

void findHeavyLoops(const Stmt *Body, WorkClassifier &Classifier,
                    const LoopCostOptions &Options,
                    llvm::SmallVectorImpl<HeavyLoop> &Out) {
  if (!Body)
    return;
  const ASTContext &Ctx = Classifier.astContext();
  LoopFinder(Classifier, Options, Ctx, Out).visit(Body);
}

} // namespace clang::tidy::taskfit
