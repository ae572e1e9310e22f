//===--- DecisionTableTest.cpp - the decision table loader ----------------===//

#include "DecisionTable.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

using namespace clang::tidy::taskfit;

namespace {

std::string errorOf(llvm::StringRef Json, llvm::StringRef File = "t.json") {
  auto T = DecisionTable::parseLayer(Json, File);
  if (T)
    return "";
  return llvm::toString(T.takeError());
}

std::string mergeErrorOf(llvm::StringRef Json) {
  auto L = DecisionTable::parseLayer(Json, "user.json");
  if (!L)
    return "parse: " + llvm::toString(L.takeError());
  DecisionTable T = *DecisionTable::builtin();
  if (llvm::Error E = T.merge(std::move(*L)))
    return llvm::toString(std::move(E));
  return "";
}

const WorkCategory *workOf(const DecisionTable &T, llvm::StringRef Name) {
  auto C = T.candidates(Name);
  if (C.empty() || C.front()->Work.empty())
    return nullptr;
  return T.category(C.front()->Work);
}

std::string inputPath(llvm::StringRef Name) {
  return (llvm::Twine(TASKFIT_TEST_INPUTS) + "/" + Name).str();
}

TEST(BuiltinTableTest, ParsesAndClassifiesTheIssueCalls) {
  auto T = DecisionTable::builtin();
  ASSERT_TRUE(T);
  struct {
    const char *Name;
    const char *Category;
  } Cases[] = {{"::std::this_thread::sleep_for", "sleep"},
               {"::fopen", "file"},
               {"::recv", "network"},
               {"::getaddrinfo", "dns"},
               {"::system", "process"},
               {"::std::future::get", "sync-wait"},
               {"::asio::read", "network"},
               {"::boost::asio::basic_stream_socket::read_some", "network"},
               {"::asio::ip::basic_resolver::resolve", "dns"},
               {"::std::sort", "sort"}};
  for (const auto &C : Cases) {
    const WorkCategory *W = workOf(*T, C.Name);
    ASSERT_NE(W, nullptr) << C.Name;
    EXPECT_EQ(W->Id, C.Category) << C.Name;
  }
}

TEST(BuiltinTableTest, AsyncLookAlikesAreNotListed) {
  auto T = DecisionTable::builtin();
  for (const char *Name :
       {"::asio::async_read", "::asio::async_write", "::asio::async_connect",
        "::boost::asio::basic_stream_socket::async_read_some",
        "::asio::ip::basic_resolver::async_resolve", "::std::sort_heap",
        "::mylib::read", "::std::future::valid", "::printf"})
    EXPECT_EQ(workOf(*T, Name), nullptr) << Name;
}

TEST(BuiltinTableTest, EveryAdviceNamesARow) {
  auto T = DecisionTable::builtin();
  for (const char *Cat : {"sleep", "file", "network", "dns", "process",
                          "sync-wait", "http", "database", "console", "sort"}) {
    const WorkCategory *C = T->category(Cat);
    ASSERT_NE(C, nullptr) << Cat;
    const Advice *A = T->advice(*C, RunsOn::Async);
    ASSERT_NE(A, nullptr) << Cat;
    EXPECT_NE(T->row(A->Row), nullptr) << Cat;
  }
}

TEST(BuiltinTableTest, EveryFindingHasAdviceWithARow) {
  // The checks word these findings from the table alone.
  auto T = DecisionTable::builtin();
  for (const char *Key :
       {"thread-per-task@unknown", "thread-per-task@blocking",
        "thread-per-task@cpu-heavy", "global-lock@tasks",
        "hand-rolled-queue@queue", "hand-rolled-queue@pool", "busy-wait@state",
        "busy-wait@work", "python-api@released-gil",
        "python-object-destroyed@released-gil", "tiny-task@pool"}) {
    const Advice &A = T->findingAdvice(Key);
    EXPECT_NE(T->row(A.Row), nullptr) << Key;
    EXPECT_FALSE(A.Fix.empty()) << Key;
  }
  EXPECT_EQ(T->findingAdvice("thread-per-task@cpu-heavy").Row,
            "process-pool-executor");
}

TEST(UserTableTest, RewordsAFinding) {
  auto L = DecisionTable::parseLayer(
      R"({"advice": {"busy-wait@work": {"row": "queue", "effect": "",
                                        "fix": "use corp::Mailbox"}}})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  DecisionTable T = *DecisionTable::builtin();
  ASSERT_FALSE(bool(T.merge(std::move(*L))));
  EXPECT_EQ(T.findingAdvice("busy-wait@work").Fix, "use corp::Mailbox");
  EXPECT_EQ(T.findingAdvice("busy-wait@work").Effect, "");
  // A finding kind that does not exist is an error naming the known ones.
  EXPECT_NE(mergeErrorOf(R"({"advice": {"busy-loop@work": {"row": "queue",
              "effect": "", "fix": "x"}}})")
                .find("names unknown work 'busy-loop'"),
            std::string::npos);
}

TEST(UserTableTest, ExtendsAndOverridesTheBuiltinTable) {
  auto T = DecisionTable::load(inputPath("good-user-table.json"));
  ASSERT_TRUE(bool(T)) << llvm::toString(T.takeError());
  const WorkCategory *Rpc = workOf(**T, "::corp::rpc::call_sync");
  ASSERT_NE(Rpc, nullptr);
  EXPECT_EQ(Rpc->Label, "RPC");
  EXPECT_EQ((*T)->advice(*Rpc, RunsOn::Async)->Fix, "use the async stub");
  // The user says sleep_for is fine: later entries win.
  EXPECT_EQ(workOf(**T, "::std::this_thread::sleep_for"), nullptr);
  // Built-in entries the user did not touch are still there.
  EXPECT_NE(workOf(**T, "::fopen"), nullptr);
  // The built-in table itself is unchanged.
  EXPECT_NE(workOf(*DecisionTable::builtin(), "::std::this_thread::sleep_for"),
            nullptr);
}

TEST(UserTableTest, LoadIsCachedPerPath) {
  auto A = DecisionTable::load(inputPath("good-user-table.json"));
  auto B = DecisionTable::load(inputPath("good-user-table.json"));
  ASSERT_TRUE(A && B);
  EXPECT_EQ(A->get(), B->get());
}

TEST(UserTableTest, MissingFileNamesThePath) {
  auto T = DecisionTable::load("/nonexistent/taskfit-table.json");
  ASSERT_FALSE(bool(T));
  std::string E = llvm::toString(T.takeError());
  EXPECT_NE(E.find("/nonexistent/taskfit-table.json"), std::string::npos) << E;
  EXPECT_NE(E.find("cannot read"), std::string::npos) << E;
}

TEST(UserTableTest, SyntaxErrorNamesFileLineAndColumn) {
  auto T = DecisionTable::load(inputPath("trailing-comma.json"));
  ASSERT_FALSE(bool(T));
  std::string E = llvm::toString(T.takeError());
  EXPECT_NE(E.find("trailing-comma.json:4:3: invalid JSON:"), std::string::npos)
      << E;
}

TEST(UserTableTest, WrongTypeNamesFileLineAndPointer) {
  auto T = DecisionTable::load(inputPath("wrong-type.json"));
  ASSERT_FALSE(bool(T));
  std::string E = llvm::toString(T.takeError());
  EXPECT_NE(E.find("wrong-type.json:4:"), std::string::npos) << E;
  EXPECT_NE(E.find("'/functions/1/name'"), std::string::npos) << E;
  EXPECT_NE(E.find("must be a string, found array"), std::string::npos) << E;
}

TEST(LayerTest, RejectsNonObjectRoot) {
  EXPECT_NE(errorOf("[1, 2]").find("a decision table is a JSON object"),
            std::string::npos);
  EXPECT_NE(errorOf("").find("invalid JSON"), std::string::npos);
}

TEST(LayerTest, RejectsUnknownKeysAtEveryLevel) {
  EXPECT_NE(errorOf(R"({"funtions": []})").find("unknown key 'funtions'"),
            std::string::npos);
  std::string E =
      errorOf(R"({"functions": [{"name": "::f", "wrok": "file"}]})");
  EXPECT_NE(E.find("unknown key 'wrok'"), std::string::npos) << E;
  EXPECT_NE(E.find("missing required key 'work'"), std::string::npos) << E;
}

TEST(LayerTest, ReportsEveryErrorNotJustTheFirst) {
  std::string E = errorOf(R"({
  "functions": [
    {"name": 1, "work": "file"},
    {"name": "::g", "work": 2}
  ]
})");
  EXPECT_NE(E.find("t.json:3:"), std::string::npos) << E;
  EXPECT_NE(E.find("t.json:4:"), std::string::npos) << E;
}

TEST(LayerTest, RejectsBadValues) {
  EXPECT_NE(errorOf(R"({"version": 2})").find("unsupported table version"),
            std::string::npos);
  EXPECT_NE(errorOf(R"({"categories": {"x": {"kind": "slow", "label": "x"}}})")
                .find("unknown work kind 'slow'"),
            std::string::npos);
  EXPECT_NE(
      errorOf(R"({"categories": {"none": {"kind": "blocking", "label": "x"}}})")
          .find("is reserved"),
      std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"functions": [{"name": "::f", "work": "file", "fix": "magic"}]})")
          .find("unknown fix 'magic'"),
      std::string::npos);
  EXPECT_NE(errorOf(R"({"functions": [{"name": "::f[", "work": "file"}]})")
                .find("invalid name pattern"),
            std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"functions": [{"name": "::f", "work": "file", "min_args": -1}]})")
          .find("non-negative integer"),
      std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"functions": [{"name": "::f", "work": "file", "receiver_types": "x"}]})")
          .find("must be an array of strings"),
      std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"functions": [{"name": "::f", "work": "file", "nonblocking_flag_mask": 1}]})")
          .find("go together"),
      std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"contexts": [{"name": "::f", "context": "async", "args": ["x"]}]})")
          .find("'args' must be an array of argument indices"),
      std::string::npos);
  EXPECT_NE(
      mergeErrorOf(R"({"contexts": [{"name": "::f", "context": "loop"}]})")
          .find("unknown context 'loop'"),
      std::string::npos);
  EXPECT_NE(
      errorOf(R"({"functions": [{"name": "::f", "invokes_callables": "yes"}]})")
          .find("must be true or false"),
      std::string::npos);
  EXPECT_NE(
      errorOf(
          R"({"advice": {"blocking": {"row": "asyncio", "effect": "e", "fix": "f"}}})")
          .find("'<work>@<context>'"),
      std::string::npos);
}

TEST(LayerTest, MergeChecksReferences) {
  EXPECT_NE(mergeErrorOf(R"({"functions": [{"name": "::f", "work": "fiel"}]})")
                .find("user.json:1:32: function entry '::f' names unknown work "
                      "category 'fiel'"),
            std::string::npos)
      << mergeErrorOf(R"({"functions": [{"name": "::f", "work": "fiel"}]})");
  EXPECT_NE(
      mergeErrorOf(
          R"({"advice": {"file@async": {"row": "nope", "effect": "e", "fix": "f"}}})")
          .find("unknown row 'nope'"),
      std::string::npos);
  EXPECT_EQ(
      mergeErrorOf(R"({"functions": [{"name": "std::f", "work": "file"}]})"),
      "");
}

TEST(LayerTest, NamesWithoutLeadingColonsAreQualified) {
  auto L = DecisionTable::parse(
      R"({"categories": {"file": {"kind": "blocking", "label": "file I/O"}},
          "functions": [{"name": "ns::f", "work": "file"},
                        {"name": "{::a,::b}::g", "work": "file"}]})",
      "t.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  EXPECT_EQ(L->candidates("::ns::f").size(), 1u);
  EXPECT_EQ(L->candidates("::b::g").size(), 1u);
  EXPECT_EQ(L->candidates("::c::g").size(), 0u);
}

TEST(LayerTest, LaterEntriesComeFirst) {
  auto L = DecisionTable::parse(
      R"({"categories": {"file": {"kind": "blocking", "label": "file I/O"}},
          "functions": [{"name": "::f", "work": "file"},
                        {"name": "::*", "work": "none"}]})",
      "t.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  auto C = L->candidates("::f");
  ASSERT_EQ(C.size(), 2u);
  EXPECT_TRUE(C[0]->Work.empty());
  EXPECT_EQ(C[1]->Work, "file");
}

} // namespace

TEST(LayerTest, ReadsPoolKinds) {
  auto L = DecisionTable::parseLayer(
      R"({"contexts": [
        {"name": "::app::CpuPool::submit", "context": "pool", "pool": "cpu"},
        {"name": "::app::run_on", "context": "async", "executor_arg": 0,
         "executors": [{"types": ["::app::BlockingExecutor"], "context": "pool", "pool": "io"},
                       {"types": ["::app::Strand"], "context": "async"}]}
      ]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->Contexts.size(), 2u);
  // Latest first is the merged table's order; a layer keeps the file's.
  EXPECT_EQ(L->Contexts[0].Pool, PoolKind::Cpu);
  EXPECT_EQ(L->Contexts[1].Pool, PoolKind::Unknown);
  ASSERT_EQ(L->Contexts[1].Executors.size(), 2u);
  EXPECT_EQ(L->Contexts[1].Executors[0].Pool, PoolKind::Io);
  EXPECT_EQ(L->Contexts[1].Executors[1].Pool, PoolKind::Unknown);
  EXPECT_EQ(poolKindName(PoolKind::Io), "io");
}

TEST(LayerTest, ReadsWhatOneRunStandsFor) {
  auto L = DecisionTable::parseLayer(
      R"({"contexts": [
        {"name": "::web::Router::get", "context": "async", "per": "request"},
        {"name": "::web::Socket::on_message", "context": "async", "per": "message"},
        {"name": "::web::Server::on_accept", "context": "async", "per": "connection"},
        {"name": "::app::post", "context": "async"}
      ]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->Contexts.size(), 4u);
  EXPECT_EQ(L->Contexts[0].Per, RunsPer::Request);
  EXPECT_EQ(L->Contexts[1].Per, RunsPer::Message);
  EXPECT_EQ(L->Contexts[2].Per, RunsPer::Connection);
  EXPECT_EQ(L->Contexts[3].Per, RunsPer::Unknown);
  EXPECT_EQ(runsPerName(RunsPer::Request), "request");
  std::string E = errorOf(
      "{\"contexts\": [\n"
      "  {\"name\": \"::f\", \"context\": \"async\", \"per\": \"call\"}\n"
      "]}");
  EXPECT_NE(E.find("t.json:2:"), std::string::npos) << E;
  EXPECT_NE(E.find("at '/contexts/0/per': unknown 'per' value 'call' "
                   "(expected 'request', 'message' or 'connection')"),
            std::string::npos)
      << E;
}

TEST(LayerTest, RejectsBadPoolKinds) {
  std::string E = errorOf(
      "{\"contexts\": [\n"
      "  {\"name\": \"::f\", \"context\": \"pool\", \"pool\": \"gpu\"},\n"
      "  {\"name\": \"::g\", \"context\": \"pool\", \"pool\": 1},\n"
      "  {\"name\": \"::h\", \"context\": \"async\", \"executor_arg\": 0,\n"
      "   \"executors\": [{\"types\": [\"::X\"], \"context\": \"pool\", "
      "\"pool\": [\"io\"]}]}\n"
      "]}");
  EXPECT_NE(E.find("t.json:2:"), std::string::npos) << E;
  EXPECT_NE(
      E.find("at '/contexts/0/pool': unknown pool kind 'gpu' (expected 'io' "
             "or 'cpu')"),
      std::string::npos)
      << E;
  EXPECT_NE(E.find("t.json:3:"), std::string::npos) << E;
  EXPECT_NE(E.find("at '/contexts/1/pool': 'pool' must be \"io\" or \"cpu\", "
                   "found number"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/contexts/2/executors/0/pool': 'pool' must be"),
            std::string::npos)
      << E;
}

TEST(LayerTest, ReadsWhereCodeRunsOnce) {
  auto L = DecisionTable::parseLayer(
      R"({"contexts": [
        {"name": "::app::spawn", "context": "thread"},
        {"name": "::app::bind", "context": "python"},
        {"name": "::app::run_on", "context": "async", "executor_arg": 0,
         "executors": [{"types": ["::app::Pool"], "context": "cpu-pool"}]}
      ]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->Contexts.size(), 3u);
  EXPECT_EQ(L->Contexts[0].Context, RunsOn::Thread);
  EXPECT_EQ(L->Contexts[1].Context, RunsOn::Python);
  EXPECT_EQ(L->Contexts[2].Context, RunsOn::Async);
  EXPECT_EQ(L->Contexts[2].Executors[0].Context, RunsOn::CpuPool);
  // Every name reads back as itself: messages and advice keys use it.
  for (const auto &[Name, Where] : runsOnNames())
    EXPECT_EQ(runsOnName(Where), Name);
}

TEST(LayerTest, RejectsUnknownContextsWhereTheyAreWritten) {
  std::string E = errorOf(
      "{\"contexts\": [\n"
      "  {\"name\": \"::f\", \"context\": \"loop\"},\n"
      "  {\"name\": \"::h\", \"context\": \"async\", \"executor_arg\": 0,\n"
      "   \"executors\": [{\"types\": [\"::X\"], \"context\": \"gpu\"}]}\n"
      "]}");
  EXPECT_NE(E.find("t.json:2:"), std::string::npos) << E;
  EXPECT_NE(E.find("at '/contexts/0/context': unknown context 'loop' "
                   "(expected 'async', 'thread', 'pool', 'io-pool', "
                   "'cpu-pool' or 'python')"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("t.json:4:"), std::string::npos) << E;
  EXPECT_NE(E.find("at '/contexts/1/executors/0/context': unknown context "
                   "'gpu'"),
            std::string::npos)
      << E;
}

TEST(LayerTest, ReadsWorkerLoopTypes) {
  auto T = DecisionTable::builtin();
  EXPECT_TRUE(T->isEventLoopType("::asio::io_context"));
  EXPECT_TRUE(T->isEventLoopType("::boost::asio::io_service"));
  EXPECT_FALSE(T->isEventLoopType("::asio::thread_pool"));
  EXPECT_TRUE(T->isWorkerThreadType("::boost::thread"));
  EXPECT_FALSE(T->isWorkerThreadType("::std::mutex"));

  auto L = DecisionTable::parseLayer(
      R"({"worker_loops": {"loop_types": ["corp::Loop"],
                           "thread_types": ["::corp::Thread"]}})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  DecisionTable Merged = *T;
  ASSERT_FALSE(bool(Merged.merge(std::move(*L))));
  EXPECT_TRUE(Merged.isEventLoopType("::corp::Loop"));
  EXPECT_TRUE(Merged.isEventLoopType("::asio::io_context"));
  EXPECT_TRUE(Merged.isWorkerThreadType("::corp::Thread"));

  std::string E = errorOf(R"({"worker_loops": {"loops": ["x"]}})");
  EXPECT_NE(E.find("at '/worker_loops/loops': unknown key 'loops'"),
            std::string::npos)
      << E;
  E = errorOf(R"({"worker_loops": {"loop_types": ["::a["]}})");
  EXPECT_NE(E.find("at '/worker_loops/loop_types/0': invalid name pattern"),
            std::string::npos)
      << E;
}

TEST(LayerTest, ReadsCoroutineTypes) {
  auto T = DecisionTable::builtin();
  // Built in: concurrencpp has no event loop.
  EXPECT_EQ(T->coroutineContext("::concurrencpp::result"), RunsOn::Pool);
  EXPECT_EQ(T->coroutineContext("::asio::awaitable"), std::nullopt);

  auto L = DecisionTable::parseLayer(
      R"({"coroutine_types": [{"type": "corp::Job", "context": "cpu-pool"},
                              {"type": "::concurrencpp::result",
                               "context": "async"}]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  DecisionTable Merged = *T;
  ASSERT_FALSE(bool(Merged.merge(std::move(*L))));
  EXPECT_EQ(Merged.coroutineContext("::corp::Job"), RunsOn::CpuPool);
  // A later entry wins.
  EXPECT_EQ(Merged.coroutineContext("::concurrencpp::result"), RunsOn::Async);

  std::string E = errorOf(R"({"coroutine_types": [{"context": "pool"}]})");
  EXPECT_NE(E.find("at '/coroutine_types/0'"), std::string::npos) << E;
  EXPECT_NE(E.find("'type'"), std::string::npos) << E;
  E = errorOf(
      R"({"coroutine_types": [{"type": "::a::task", "context": "python"}]})");
  EXPECT_NE(E.find("at '/coroutine_types/0/context': a coroutine does not "
                   "run as a Python binding"),
            std::string::npos)
      << E;
  E = errorOf(
      R"({"coroutine_types": [{"type": "::a::task", "context": "loop"}]})");
  EXPECT_NE(E.find("at '/coroutine_types/0/context'"), std::string::npos) << E;
  E = errorOf(R"({"coroutine_types": {"type": "::a::task"}})");
  EXPECT_NE(E.find("at '/coroutine_types'"), std::string::npos) << E;
}

TEST(LayerTest, ReadsLibrariesByNamespaceAndPath) {
  auto L = DecisionTable::parseLayer(
      R"({"libraries": [{"namespace": "acme"}, {"namespace": "::zlib"},
                        {"path": "*/third_party/*"}]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->Libraries.size(), 3u);
  EXPECT_EQ(L->Libraries[0].Namespace, "::acme");
  EXPECT_EQ(L->Libraries[1].Namespace, "::zlib");
  EXPECT_EQ(L->Libraries[2].Path, "*/third_party/*");

  DecisionTable T = *DecisionTable::builtin();
  ASSERT_FALSE(bool(T.merge(std::move(*L))));
  EXPECT_TRUE(T.isLibraryNamespace("::acme"));
  EXPECT_TRUE(T.isLibraryNamespace("::asio")); // built in
  EXPECT_TRUE(T.isLibraryNamespace("::pybind11"));
  EXPECT_FALSE(T.isLibraryNamespace("::app"));
  EXPECT_TRUE(T.isLibraryPath("/src/app/third_party/asio/include/asio.hpp"));
  EXPECT_FALSE(T.isLibraryPath("/src/app/src/server.cpp"));
}

TEST(LayerTest, RejectsBadLibraries) {
  std::string E = errorOf("{\"libraries\": [\n"
                          "  {\"namespace\": \"::a::b\"},\n"
                          "  {\"namespace\": \"::x\", \"path\": \"*\"},\n"
                          "  {},\n"
                          "  {\"path\": \"\"},\n"
                          "  {\"name\": \"::y\"},\n"
                          "  \"::z\"\n"
                          "]}");
  EXPECT_NE(E.find("t.json:2:"), std::string::npos) << E;
  EXPECT_NE(E.find("'namespace' is one outermost namespace such as '::asio', "
                   "not '::a::b'"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/libraries/1': a library entry names a 'namespace' "
                   "or a 'path', not both"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/libraries/2': a library entry names a 'namespace' "
                   "or a 'path'"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/libraries/3/path': a library path pattern must not "
                   "be empty"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/libraries/4/name': unknown key 'name'"),
            std::string::npos)
      << E;
  EXPECT_NE(E.find("at '/libraries/5': expected an object, found string"),
            std::string::npos)
      << E;
}

TEST(LayerTest, ReadsCheapFunctions) {
  auto L = DecisionTable::parseLayer(
      R"({"functions": [{"name": "::app::Grid::at", "cheap": true},
                        {"name": "::app::Grid::fill", "work": "none", "cheap": true}]})",
      "user.json");
  ASSERT_TRUE(bool(L)) << llvm::toString(L.takeError());
  ASSERT_EQ(L->Functions.size(), 2u);
  EXPECT_TRUE(L->Functions[0].Cheap);
  EXPECT_TRUE(L->Functions[0].Work.empty());
  EXPECT_TRUE(L->Functions[1].Cheap);
  // Cheap work is no work.
  EXPECT_NE(
      errorOf(
          R"({"functions": [{"name": "::f", "work": "file", "cheap": true}]})")
          .find("a cheap function does no work"),
      std::string::npos);
  EXPECT_NE(errorOf(R"({"functions": [{"name": "::f", "cheap": 1}]})")
                .find("must be true or false"),
            std::string::npos);
}

TEST(BuiltinTableTest, ElementAccessIsCheapAndTinyTasksHaveAdvice) {
  auto T = DecisionTable::builtin();
  for (const char *Name :
       {"::std::vector::operator[]", "::std::array::size",
        "::std::__atomic_base::fetch_add", "::std::__atomic_base::operator int",
        "::__gnu_cxx::__normal_iterator::operator*", "::sqrt", "::std::min"}) {
    auto C = T->candidates(Name);
    ASSERT_FALSE(C.empty()) << Name;
    EXPECT_TRUE(C.front()->Cheap) << Name;
  }
  EXPECT_TRUE(T->candidates("::std::vector::push_back").empty());
  WorkCategory Tiny{"tiny-task", WorkKind::None, ""};
  for (RunsOn Pool : {RunsOn::Pool, RunsOn::CpuPool, RunsOn::IoPool}) {
    const Advice *A = T->advice(Tiny, Pool);
    ASSERT_NE(A, nullptr) << runsOnName(Pool).str();
    EXPECT_NE(T->row(A->Row), nullptr) << runsOnName(Pool).str();
  }
  EXPECT_EQ(T->advice(Tiny, RunsOn::IoPool)->Row, "multiprocessing");
  EXPECT_EQ(T->advice(Tiny, RunsOn::CpuPool)->Row, "process-pool-executor");
  EXPECT_EQ(
      mergeErrorOf(
          R"({"advice": {"tiny-task@pool": {"row": "process-pool-executor", "effect": "e", "fix": "f"}}})"),
      "");
}
