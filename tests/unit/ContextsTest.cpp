//===--- ContextsTest.cpp - where code runs -------------------------------===//

#include "AnalysisTestSupport.h"

namespace clang::tidy::taskfit::test {
namespace {

using ContextsTest = AnalysisTest;

/// The contexts whose body is \p Body.
llvm::SmallVector<const RunContext *, 2> contextsOf(TuAnalysis &A,
                                                    const FunctionDecl *Body) {
  llvm::SmallVector<const RunContext *, 2> Out;
  for (const RunContext &C : A.contexts().all())
    if (C.Body == Body)
      Out.push_back(&C);
  return Out;
}

TEST_F(ContextsTest, CoroutineRunsOnTheEventLoop) {
  TuAnalysis &A = analyze(R"cpp(
    #include <coroutine>
    struct task {
      struct promise_type {
        task get_return_object();
        std::suspend_never initial_suspend() noexcept;
        std::suspend_never final_suspend() noexcept;
        void return_value(int);
        void unhandled_exception();
      };
    };
    task load() { co_return 42; }
    int helper() { return 1; }
  )cpp");
  auto Found = contextsOf(A, function("load"));
  ASSERT_EQ(Found.size(), 1u);
  EXPECT_EQ(Found[0]->Kind, ContextKind::Coroutine);
  EXPECT_EQ(Found[0]->Where, RunsOn::Async);
  EXPECT_EQ(Found[0]->Flavor, CoroutineFlavor::Other);
  EXPECT_EQ(Found[0]->Origin, nullptr);
  EXPECT_EQ(describeContext(*Found[0]), "coroutine 'load'");
  EXPECT_TRUE(A.contexts().isContextBody(function("load"), RunsOn::Async));
  EXPECT_TRUE(contextsOf(A, function("helper")).empty());
}

TEST_F(ContextsTest, AsioCompletionHandlerLambda) {
  TuAnalysis &A = analyze(R"cpp(
    #include <asio.hpp>
    struct Session {
      asio::ip::tcp::socket socket;
      char data[1024];
      void start() {
        asio::async_read(socket, asio::buffer(data, sizeof data),
                         [this](int ec, decltype(sizeof 0) n) { handle(n); });
      }
      void handle(decltype(sizeof 0) n);
    };
  )cpp");
  const RunContext *Handler = nullptr;
  for (const RunContext &C : A.contexts().all())
    if (C.Kind == ContextKind::Handler)
      Handler = &C;
  ASSERT_NE(Handler, nullptr);
  EXPECT_EQ(A.contexts().all().size(), 1u);
  EXPECT_EQ(Handler->Where, RunsOn::Async);
  EXPECT_EQ(Handler->OriginIn, function("Session::start"));
  ASSERT_NE(Handler->Api, nullptr);
  EXPECT_EQ(Handler->Api->getName(), "async_read");
  ASSERT_TRUE(isa<CXXMethodDecl>(Handler->Body));
  EXPECT_TRUE(cast<CXXMethodDecl>(Handler->Body)->getParent()->isLambda());
  EXPECT_EQ(describeContext(*Handler),
            "completion handler lambda in 'Session::start'");
}

} // namespace
} // namespace clang::tidy::taskfit::test
