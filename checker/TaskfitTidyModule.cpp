//===--- TaskfitTidyModule.cpp - registers the taskfit checks -------------===//

#include "checks/BlockingCallInAsyncCheck.h"
#include "checks/BusyWaitCheck.h"
#include "checks/CpuBoundInAsyncCheck.h"
#include "checks/GilHeldInLongCallCheck.h"
#include "checks/GlobalLockSerializationCheck.h"
#include "checks/HandRolledQueueCheck.h"
#include "checks/PythonApiWithoutGilCheck.h"
#include "checks/ThreadPerTaskCheck.h"
#include "checks/TinyTasksCheck.h"
#include "checks/WorkOnWrongPoolCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy {
namespace taskfit {

class TaskfitModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<BlockingCallInAsyncCheck>(
        "taskfit-blocking-call-in-async");
    CheckFactories.registerCheck<BusyWaitCheck>("taskfit-busy-wait");
    CheckFactories.registerCheck<CpuBoundInAsyncCheck>(
        "taskfit-cpu-bound-in-async");
    CheckFactories.registerCheck<GlobalLockSerializationCheck>(
        "taskfit-global-lock-serialization");
    CheckFactories.registerCheck<HandRolledQueueCheck>(
        "taskfit-hand-rolled-queue");
    CheckFactories.registerCheck<GilHeldInLongCallCheck>(
        "taskfit-gil-held-in-long-call");
    CheckFactories.registerCheck<PythonApiWithoutGilCheck>(
        "taskfit-python-api-without-gil");
    CheckFactories.registerCheck<ThreadPerTaskCheck>("taskfit-thread-per-task");
    CheckFactories.registerCheck<TinyTasksCheck>("taskfit-tiny-tasks");
    CheckFactories.registerCheck<WorkOnWrongPoolCheck>(
        "taskfit-work-on-wrong-pool");
  }
};

} // namespace taskfit

static ClangTidyModuleRegistry::Add<taskfit::TaskfitModule>
    X("taskfit-module", "Adds the taskfit concurrency-fit checks.");

// Referenced by taskfit-tidy's main so a static link keeps this module.
volatile int TaskfitModuleAnchorSource = 0;

} // namespace clang::tidy
