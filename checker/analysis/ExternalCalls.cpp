//===--- ExternalCalls.cpp - calls to functions defined in other files ---===//

#include "ExternalCalls.h"
#include "WorkKind.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/GlobalDecl.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::taskfit {

bool isStandIn(const WorkItem &W) { return W.External && W.External->StandIn; }

WorkItem externalItem(const ExternalWork &E, const FunctionDecl *Callee,
                      const Expr *Call) {
  WorkItem W;
  W.Category = &E.Category;
  W.Callee = Callee;
  W.Call = Call;
  W.External = &E;
  return W;
}

ExternalCalls::ExternalCalls(ASTContext &Ctx, LibraryCode &Library,
                             ProjectView View)
    : Ctx(Ctx), Library(Library), View(View) {}

ExternalCalls::~ExternalCalls() = default;

std::string ExternalCalls::symbolOf(const FunctionDecl *FD) {
  if (!Mangler)
    Mangler.reset(Ctx.createMangleContext());
  if (!Mangler->shouldMangleDeclName(FD))
    return FD->getNameAsString();
  GlobalDecl GD(FD);
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    GD = GlobalDecl(Ctor, Ctor_Complete);
  else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(FD))
    GD = GlobalDecl(Dtor, Dtor_Complete);
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  Mangler->mangleName(GD, OS);
  return Name;
}

bool ExternalCalls::isExternal(const FunctionDecl *FD) {
  if (!FD || FD->hasBody() || !FD->isExternallyVisible() ||
      FD->getBuiltinID() || FD->isDeleted() || FD->isDefaulted() ||
      FD->isPureVirtual() || FD->isDependentContext() || isInSystemHeader(FD) ||
      Library.contains(FD))
    return false;
  // A template's body is in a header; one without is not ours to look up.
  return !FD->isTemplateInstantiation();
}

llvm::ArrayRef<WorkItem> ExternalCalls::workOf(const FunctionDecl *FD) {
  if (View.Mode == ExternalMode::Off || !FD)
    return {};
  FD = FD->getCanonicalDecl();
  auto [It, Inserted] = Cache.try_emplace(FD);
  if (!Inserted || !isExternal(FD))
    return It->second;
  makeWork(symbolOf(FD), FD, {WorkKind::Blocking, WorkKind::CpuHeavy},
           It->second);
  return It->second;
}

const ExternalWork *ExternalCalls::factOf(const FunctionDecl *FD,
                                          WorkKind Fact) {
  if (View.Mode == ExternalMode::Off || !FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  auto [It, Inserted] = FactCache.try_emplace({FD, Fact}, nullptr);
  if (!Inserted || !isExternal(FD))
    return It->second;
  llvm::SmallVector<WorkItem, 1> Items;
  makeWork(symbolOf(FD), FD, {Fact}, Items);
  It->second = Items.empty() ? nullptr : Items.front().External;
  return It->second;
}

llvm::ArrayRef<WorkItem>
ExternalCalls::virtualWorkOf(const CXXMethodDecl *Method) {
  if (View.Mode == ExternalMode::Off || !Method)
    return {};
  Method = Method->getCanonicalDecl();
  auto [It, Inserted] = VirtualCache.try_emplace(Method);
  if (!Inserted || isInSystemHeader(Method) || Library.contains(Method) ||
      Method->isDependentContext() || !Method->isExternallyVisible())
    return It->second;
  makeWork(project::virtualSymbol(symbolOf(Method), Method->isPureVirtual()),
           Method, {WorkKind::Blocking, WorkKind::CpuHeavy}, It->second);
  return It->second;
}

void ExternalCalls::makeWork(const std::string &Symbol,
                             const FunctionDecl *Callee,
                             llvm::ArrayRef<WorkKind> Kinds,
                             llvm::SmallVectorImpl<WorkItem> &Out) {
  for (WorkKind Kind : Kinds) {
    ExternalWork W;
    W.Symbol = Symbol;
    W.Category.Kind = Kind;
    if (View.Mode == ExternalMode::Record) {
      W.StandIn = true;
      W.Category.Id = "external";
      W.Category.Label = "work in another file";
    } else {
      const project::Project::Reached *R = nullptr;
      if (View.Project) {
        // For work, a witness that keeps the GIL held is preferred (a
        // binding holding the GIL cares); facts have one witness.
        bool Work = Kind == WorkKind::Blocking || Kind == WorkKind::CpuHeavy;
        R = Work ? View.Project->reach(Symbol, Kind, /*GilHeld=*/true)
                 : nullptr;
        W.GilHeld = R != nullptr;
        if (!R)
          R = View.Project->reach(Symbol, Kind);
      }
      if (!R)
        continue;
      W.Category.Id = R->Category;
      W.Category.Label = R->Category;
      W.Work = R->Work;
      W.Notes = R->Notes;
      W.Depth = R->Depth;
    }
    Works.push_back(std::move(W));
    WorkItem Item;
    Item.Category = &Works.back().Category;
    Item.Callee = Callee;
    Item.External = &Works.back();
    Out.push_back(Item);
  }
}

} // namespace clang::tidy::taskfit
