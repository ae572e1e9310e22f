//===--- AnalysisTestSupport.cpp - snippets parsed for the analysis tests -===//

#include "AnalysisTestSupport.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"

namespace clang::tidy::taskfit::test {

namespace {

/// Stand-ins for the headers the snippets include: just the declarations
/// the analysis looks at, in the namespaces the table names them by.
const tooling::FileContentMappings &stubHeaders() {
  static const tooling::FileContentMappings Headers = {
      {"/stubs/cstdio", R"cpp(
        #pragma once
        struct FILE;
        extern "C" FILE *fopen(const char *, const char *);
        extern "C" int fclose(FILE *);
        extern "C" unsigned sleep(unsigned);
      )cpp"},
      {"/stubs/unistd.h", R"cpp(
        #pragma once
        extern "C" long write(int, const void *, unsigned long);
        extern "C" unsigned sleep(unsigned);
        extern "C" int usleep(unsigned);
      )cpp"},
      {"/stubs/sys/eventfd.h", R"cpp(
        #pragma once
        #define EFD_CLOEXEC 02000000
        #define EFD_NONBLOCK 00004000
        extern "C" int eventfd(unsigned, int);
      )cpp"},
      {"/stubs/functional", R"cpp(
        #pragma once
        namespace std {
        template <class> class function;
        template <class R, class... A> class function<R(A...)> {
        public:
          template <class F> function(F) {}
          R operator()(A...) const;
        };
        } // namespace std
      )cpp"},
      {"/stubs/atomic", R"cpp(
        #pragma once
        namespace std {
        template <class T> struct atomic {
          atomic(T);
          T load() const;
          void store(T);
        };
        } // namespace std
      )cpp"},
      {"/stubs/deque", R"cpp(
        #pragma once
        namespace std {
        template <class T> class deque {
        public:
          T *begin();
          T *end();
          const T *begin() const;
          const T *end() const;
          bool empty() const;
          void pop_front();
          void push_back(const T &);
        };
        } // namespace std
      )cpp"},
      {"/stubs/vector", R"cpp(
        #pragma once
        namespace std {
        template <class T> class vector {
        public:
          T *begin();
          T *end();
          const T *begin() const;
          const T *end() const;
          decltype(sizeof 0) size() const;
          T &operator[](decltype(sizeof 0));
        };
        } // namespace std
      )cpp"},
      {"/stubs/mutex", R"cpp(
        #pragma once
        namespace std {
        class mutex {
        public:
          void lock();
          void unlock();
        };
        class shared_mutex {
        public:
          void lock();
          void unlock();
          void lock_shared();
          void unlock_shared();
        };
        template <class M> class lock_guard {
        public:
          explicit lock_guard(M &);
          ~lock_guard();
        };
        template <class M> class shared_lock {
        public:
          explicit shared_lock(M &);
          ~shared_lock();
        };
        } // namespace std
      )cpp"},
      {"/stubs/thread", R"cpp(
        #pragma once
        namespace std {
        class thread {
        public:
          template <class F, class... Args>
          explicit thread(F &&f, Args &&...args);
          thread(thread &&);
          ~thread();
          void join();
        };
        } // namespace std
      )cpp"},
      {"/stubs/future", R"cpp(
        #pragma once
        namespace std {
        enum class launch { async = 1, deferred = 2 };
        template <class F, class... Args> int async(F &&f, Args &&...args);
        template <class F, class... Args>
        int async(launch policy, F &&f, Args &&...args);
        } // namespace std
      )cpp"},
      {"/stubs/taskfit/taskfit.hpp", R"cpp(
        #pragma once
        namespace taskfit {
        class thread_pool {
        public:
          template <class F> void submit(F &&f) {}
        };
        thread_pool &io_pool();
        thread_pool &cpu_pool();
        } // namespace taskfit
      )cpp"},
      {"/stubs/coroutine", R"cpp(
        #pragma once
        namespace std {
        template <class R, class... Args> struct coroutine_traits {
          using promise_type = typename R::promise_type;
        };
        template <class P = void> struct coroutine_handle;
        template <> struct coroutine_handle<void> {
          static coroutine_handle from_address(void *) noexcept;
          void *address() const noexcept;
        };
        template <class P> struct coroutine_handle : coroutine_handle<> {
          static coroutine_handle from_address(void *) noexcept;
          static coroutine_handle from_promise(P &) noexcept;
        };
        struct suspend_never {
          bool await_ready() const noexcept { return true; }
          void await_suspend(coroutine_handle<>) const noexcept {}
          void await_resume() const noexcept {}
        };
        } // namespace std
      )cpp"},
      {"/stubs/asio.hpp", R"cpp(
        #pragma once
        namespace asio {
        class io_context {
        public:
          void run();
        };
        class mutable_buffer {};
        mutable_buffer buffer(void *, decltype(sizeof 0));
        namespace ip::tcp {
        class socket {
        public:
          explicit socket(io_context &);
        };
        } // namespace ip::tcp
        template <class Stream, class Buffer, class Handler>
        void async_read(Stream &, const Buffer &, Handler &&);
        } // namespace asio
      )cpp"},
      {"/stubs/pybind11/pybind11.h", R"cpp(
        #pragma once
        namespace pybind11 {
        class gil_scoped_release {
        public:
          gil_scoped_release();
          ~gil_scoped_release();
        };
        class gil_scoped_acquire {
        public:
          gil_scoped_acquire();
          ~gil_scoped_acquire();
        };
        } // namespace pybind11
      )cpp"},
  };
  return Headers;
}

} // namespace

TuAnalysis &AnalysisTest::analyze(llvm::StringRef Code) {
  Analysis.reset();
  AST = tooling::buildASTFromCodeWithArgs(
      Code, {"-std=c++20", "-nostdinc", "-nostdinc++", "-isystem", "/stubs"},
      "input.cpp", "taskfit-analysis-tests",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), stubHeaders());
  EXPECT_TRUE(AST);
  EXPECT_FALSE(AST->getDiagnostics().hasErrorOccurred()) << Code.str();
  Analysis = std::make_unique<TuAnalysis>(
      AST->getASTContext(), *DecisionTable::builtin(), LoopCostOptions());
  return *Analysis;
}

const FunctionDecl *AnalysisTest::function(llvm::StringRef Name) {
  using namespace ast_matchers;
  auto Matches =
      match(functionDecl(hasName(Name), isDefinition()).bind("fn"), context());
  return selectFirst<FunctionDecl>("fn", Matches);
}

llvm::SmallVector<const CallSite *, 4>
AnalysisTest::callsOf(const FunctionDecl *Fn, llvm::StringRef Callee) {
  llvm::SmallVector<const CallSite *, 4> Out;
  for (const CallSite &Site : Analysis->summaries().facts(Fn).Calls)
    if (Site.Callee && Site.Callee->getIdentifier() &&
        Site.Callee->getName() == Callee)
      Out.push_back(&Site);
  return Out;
}

} // namespace clang::tidy::taskfit::test
