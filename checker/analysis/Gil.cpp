//===--- Gil.cpp - where Python's GIL is held, and what needs it ----------===//

#include "Gil.h"
#include "RunHereVisitor.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::taskfit {

namespace {

/// Following the GIL question deeper than this (into library templates)
/// only costs time; the answer is then "no touch".
constexpr unsigned MaxDepth = 24;

enum class GuardKind { None, Release, Acquire };

GuardKind guardKind(const CXXRecordDecl *RD) {
  if (!RD)
    return GuardKind::None;
  return llvm::StringSwitch<GuardKind>(tableName(RD))
      .Cases("::pybind11::gil_scoped_release", "::nanobind::gil_scoped_release",
             GuardKind::Release)
      .Cases("::pybind11::gil_scoped_acquire", "::nanobind::gil_scoped_acquire",
             GuardKind::Acquire)
      .Default(GuardKind::None);
}

/// CPython functions documented as callable without the GIL: the GIL and
/// thread-state functions themselves, raw memory, the thread API.
bool isGilFreeCPythonFunction(llvm::StringRef Name) {
  return Name.starts_with("PyGILState_") || Name.starts_with("PyThread_") ||
         Name.starts_with("PyMem_Raw") ||
         llvm::is_contained({"PyEval_SaveThread", "PyEval_RestoreThread",
                             "Py_IsInitialized", "Py_IsFinalizing",
                             "_Py_IsFinalizing", "PyEval_ThreadsInitialized"},
                            Name);
}

/// pybind11's and nanobind's Python object classes: handle and its bases
/// and subclasses (object, list, str, array, accessors...).
bool isPythonObjectClass(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  std::string Name = tableName(RD);
  if (Name == "::pybind11::handle" ||
      Name == "::pybind11::detail::object_api" ||
      Name == "::pybind11::detail::accessor" || Name == "::nanobind::handle" ||
      Name == "::nanobind::detail::api" ||
      Name == "::nanobind::detail::accessor")
    return true;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (isPythonObjectClass(Base.getType()->getAsCXXRecordDecl(), Depth + 1))
      return true;
  return false;
}

const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (FD && FD->hasBody(Def))
    return Def;
  return nullptr;
}

/// What a statement of a compound statement does to the GIL after it ran.
enum class Transition {
  None,
  /// A release guard: released until the end of the enclosing block.
  GuardRelease,
  /// An acquire guard: held until the end of the enclosing block.
  GuardAcquire,
  /// PyEval_SaveThread (Py_BEGIN_ALLOW_THREADS, Py_UNBLOCK_THREADS).
  Save,
  /// PyGILState_Ensure.
  Ensure,
  /// PyEval_RestoreThread, PyGILState_Release: back to the state before the
  /// matching Save / Ensure.
  Restore,
};

Transition callTransition(const Expr *E) {
  E = ignoreTemporaries(E);
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(E);
      Assign && Assign->isAssignmentOp())
    E = ignoreTemporaries(Assign->getRHS());
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!isCPythonFunction(FD))
    return Transition::None;
  return llvm::StringSwitch<Transition>(FD->getName())
      .Case("PyEval_SaveThread", Transition::Save)
      .Case("PyGILState_Ensure", Transition::Ensure)
      .Cases("PyEval_RestoreThread", "PyGILState_Release", Transition::Restore)
      .Default(Transition::None);
}

Transition transitionOf(const Stmt *S) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    Transition T = Transition::None;
    for (const Decl *D : DS->decls()) {
      const auto *Var = dyn_cast<VarDecl>(D);
      if (!Var)
        continue;
      switch (guardKind(Var->getType()->getAsCXXRecordDecl())) {
      case GuardKind::Release:
        T = Transition::GuardRelease;
        continue;
      case GuardKind::Acquire:
        T = Transition::GuardAcquire;
        continue;
      case GuardKind::None:
        break;
      }
      if (Var->getInit())
        if (Transition Init = callTransition(Var->getInit());
            Init != Transition::None)
          T = Init;
    }
    return T;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    return callTransition(E);
  return Transition::None;
}

/// Walks one body in evaluation order, keeping the GIL state per block.
class RegionScanner : public RunHereVisitor<RegionScanner> {
  using Base = RunHereVisitor<RegionScanner>;

public:
  explicit RegionScanner(GilRegions &Out) : Out(Out) {}

  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    if (Current.State != GilState::Inherited)
      Out.States[S] = Current;
    const auto *Block = dyn_cast<CompoundStmt>(S);
    if (!Block)
      return Base::TraverseStmt(S);
    GilRegions::Point Saved = Current;
    llvm::SmallVector<GilRegions::Point, 2> Stack;
    for (Stmt *Child : Block->body()) {
      TraverseStmt(Child);
      switch (transitionOf(Child)) {
      case Transition::None:
        break;
      case Transition::GuardRelease:
        Current = {GilState::Released, Child};
        break;
      case Transition::GuardAcquire:
        Current = {GilState::Acquired, Child};
        break;
      case Transition::Save:
        Stack.push_back(Current);
        Current = {GilState::Released, Child};
        break;
      case Transition::Ensure:
        Stack.push_back(Current);
        Current = {GilState::Acquired, Child};
        break;
      case Transition::Restore:
        // Without a matching save in this block (the save was in an
        // enclosing one), the GIL is held again.
        Current = Stack.empty() ? GilRegions::Point{GilState::Acquired, Child}
                                : Stack.pop_back_val();
        break;
      }
    }
    Current = Saved;
    return true;
  }

private:
  GilRegions &Out;
  GilRegions::Point Current;
};

} // namespace

bool isCPythonFunction(const FunctionDecl *FD) {
  // Declared at file scope with a Py / _Py name.
  if (!FD || isa<CXXMethodDecl>(FD) || !FD->getIdentifier() ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  // Python.h declares its API in extern "C" blocks; it is a system header
  // unless it is found through a plain -I.
  llvm::StringRef Name = FD->getName();
  return (Name.starts_with("Py") || Name.starts_with("_Py")) &&
         (isInSystemHeader(FD) || FD->isInExternCContext());
}

bool isPythonObjectType(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isPointerType()) {
    // PyObject is `struct _object`, PyTypeObject `struct _typeobject`.
    const auto *RT = T->getPointeeType()->getAs<RecordType>();
    if (!RT)
      return false;
    std::string Name = tableName(RT->getDecl());
    return Name == "::_object" || Name == "::_typeobject";
  }
  return isPythonObjectClass(T->getAsCXXRecordDecl());
}

bool isReleasingCallGuard(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T.getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec)
    return false;
  std::string Name = tableName(Spec);
  if (Name != "::pybind11::call_guard" && Name != "::nanobind::call_guard")
    return false;
  for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
    if (Arg.getKind() == TemplateArgument::Type &&
        guardKind(Arg.getAsType()->getAsCXXRecordDecl()) == GuardKind::Release)
      return true;
    if (Arg.getKind() == TemplateArgument::Pack)
      for (const TemplateArgument &Inner : Arg.pack_elements())
        if (Inner.getKind() == TemplateArgument::Type &&
            guardKind(Inner.getAsType()->getAsCXXRecordDecl()) ==
                GuardKind::Release)
          return true;
  }
  return false;
}

const Expr *releasingCallGuard(const RunContext &C) {
  if (const auto *Call = dyn_cast_or_null<CallExpr>(C.Origin))
    for (const Expr *Arg : Call->arguments())
      if (isReleasingCallGuard(Arg->getType()))
        return Arg;
  return nullptr;
}

llvm::StringRef bindingLibrary(const FunctionDecl *Api) {
  if (!Api)
    return "";
  std::string Name = tableName(Api);
  if (llvm::StringRef(Name).starts_with("::pybind11::"))
    return "pybind11";
  if (llvm::StringRef(Name).starts_with("::nanobind::"))
    return "nanobind";
  return "";
}

const GilRegions &GilAnalysis::regions(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  auto &Slot = Regions[Def ? Def : FD];
  if (!Slot) {
    Slot = std::make_unique<GilRegions>();
    if (Def)
      RegionScanner(*Slot).TraverseStmt(const_cast<Stmt *>(getRunBody(*Def)));
  }
  return *Slot;
}

std::optional<GilTouch> GilAnalysis::touchOf(const CallSite &Site) {
  return touchOf(Site, 0);
}

std::optional<GilTouch> GilAnalysis::touchOf(const CallSite &Site,
                                             unsigned Depth) {
  const FunctionDecl *Callee = Site.Callee;
  if (!Callee)
    return std::nullopt;
  // The guards are the transitions, not touches.
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && guardKind(Method->getParent()) != GuardKind::None)
    return std::nullopt;
  if (isCPythonFunction(Callee)) {
    if (isGilFreeCPythonFunction(Callee->getName()))
      return std::nullopt;
    return GilTouch{Site.Call, Callee, false};
  }
  if (Callee->isTrivial() || !Site.Followable)
    return std::nullopt;
  if (const ExternalWork *Elsewhere =
          Summaries.external().factOf(Callee, WorkKind::PythonApi))
    return GilTouch{Site.Call, Callee, false, Elsewhere, Elsewhere->StandIn};
  const FunctionDecl *Def = definitionOf(Callee);
  if (!Def) {
    // A member of a Python object class whose code is not visible: assume
    // it needs the GIL, as almost all of them do.
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    if (Method && isPythonObjectClass(Method->getParent()))
      return GilTouch{Site.Call, Callee, false};
    return std::nullopt;
  }
  if (Depth >= MaxDepth)
    return std::nullopt;
  std::optional<GilTouch> Below = needsGil(Def, Depth + 1);
  if (!Below)
    return std::nullopt;
  return GilTouch{Site.Call, Callee, !isInSystemHeader(Def), nullptr,
                  Below->Pending};
}

std::optional<GilTouch> GilAnalysis::needsGil(const FunctionDecl *FD) {
  return needsGil(FD, 0);
}

std::optional<GilTouch> GilAnalysis::needsGil(const FunctionDecl *FD,
                                              unsigned Depth) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    return std::nullopt;
  if (auto It = Needs.find(Def); It != Needs.end())
    return It->second;
  // Recursion: a function being scanned does not touch through itself.
  Needs[Def] = std::nullopt;
  const GilRegions &R = regions(Def);
  // Calls first, then destructors: `o.attr("f")()` touches Python as the
  // attr call before its result's destruction does. A touch known here wins
  // over a stand-in for another file's answer.
  std::optional<GilTouch> Found, StandIn;
  for (bool Destructors : {false, true})
    for (const CallSite &Site : Summaries.facts(Def).Calls) {
      if (Found || (Site.Role == CallRole::ScopeExit) != Destructors ||
          R.at(Site.Call).State != GilState::Inherited)
        continue;
      std::optional<GilTouch> Touch = touchOf(Site, Depth);
      if (Touch && !Touch->isKnown() && !StandIn)
        StandIn = Touch;
      else if (Touch && Touch->isKnown())
        Found = Touch;
    }
  Needs[Def] = Found ? Found : StandIn;
  return Needs[Def];
}

std::string describePythonTouch(const FunctionDecl &Callee) {
  const auto *Method = dyn_cast<CXXMethodDecl>(&Callee);
  if (!Method && isCPythonFunction(&Callee))
    return "CPython API call '" + Callee.getNameAsString() + "'";
  if (!Method)
    return "Python API call '" + Callee.getNameAsString() + "'";
  std::string Class = Method->getParent()->getNameAsString();
  if (isa<CXXConstructorDecl>(Method))
    return "construction of the Python object '" + Class + "'";
  if (Method->getOverloadedOperator() == OO_Call)
    return "call of the Python object '" + Class + "'";
  if (isa<CXXDestructorDecl>(Method))
    return "destruction of the Python object '" + Class + "'";
  return "Python object operation '" + Class +
         "::" + Method->getNameAsString() + "'";
}

std::string describeTouchStep(const FunctionDecl &Fn, const GilTouch &Step) {
  return describeFunction(Fn) +
         (Step.ThroughUser || Step.Elsewhere
              ? " calls " + describeFunction(*Step.Callee)
              : " does a " + describePythonTouch(*Step.Callee));
}

bool mentionsPython(ASTContext &Ctx) {
  IdentifierTable &Idents = Ctx.Idents;
  return llvm::any_of(
      llvm::ArrayRef<llvm::StringRef>{"PyObject", "pybind11", "nanobind"},
      [&](llvm::StringRef Name) { return Idents.find(Name) != Idents.end(); });
}

std::vector<CallElsewhere> GilAnalysis::callsElsewhere(const FunctionDecl *FD) {
  return Summaries.callsElsewhere(
      FD, WorkKind::PythonApi, [&](const CallSite &Site) {
        return regions(Site.Caller).at(Site.Call).State == GilState::Inherited;
      });
}

llvm::SmallVector<std::pair<const FunctionDecl *, GilTouch>, 4>
GilAnalysis::chainBelow(const GilTouch &T) {
  return stepsBelow(T, [&](const GilTouch &Step) {
    const FunctionDecl *Fn =
        Step.ThroughUser ? definitionOf(Step.Callee) : nullptr;
    return std::pair(Fn, Fn ? needsGil(Fn) : std::nullopt);
  });
}

bool GilAnalysis::releasedBelow(const Reach &R) {
  for (const ChainStep &Step : Summaries.chainBelow(R)) {
    const Stmt *Where = Step.Call;
    if (Step.Leaf && Step.Leaf->isInFunction())
      Where = Step.Leaf->where();
    if (regions(Step.Function).at(Where).State == GilState::Released)
      return true;
  }
  return false;
}

bool GilAnalysis::releasedAlong(const FunctionDecl *Fn, const Reach &R) {
  const Stmt *Where = R.Call;
  if (!Where && R.Work.isInFunction())
    Where = R.Work.where();
  if (Where && regions(Fn).at(Where).State == GilState::Released)
    return true;
  return releasedBelow(R);
}

} // namespace clang::tidy::taskfit
