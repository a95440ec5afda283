#include "tests/support/fake_llm_server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace lakehouse::testing {
namespace {

enum class Protocol { kOllama, kOpenAi };

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::string OpenAiErrorType(int status) {
  if (status == 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

}  // namespace

struct FakeLlmServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;

  mutable std::mutex mu;  // guards everything below
  FakeLlmServerOptions options;
  int32_t fail_count = 0;
  int fail_status = 500;
  std::optional<int32_t> fail_retry_after;
  std::chrono::milliseconds delay{0};
  std::optional<std::string> chat_reply;
  std::deque<std::string> scripted_replies;  // answered first, one per chat request
  bool reverse_openai = false;
  bool normalized = true;
  std::string reject_needle;  // texts containing it are "too long" (400)
  std::map<std::string, int64_t> requests_by_path;
  int64_t requests = 0;
  int64_t embed_requests = 0;
  int64_t texts_embedded = 0;
  std::map<std::string, int64_t> embeds;
  std::vector<size_t> batch_sizes;
  std::vector<Json> chat_requests;
  std::vector<std::string> traceparents;  // of every request that carried one
  int32_t in_flight = 0;
  int32_t max_in_flight = 0;
  int64_t next_id = 0;

  static void SendError(httplib::Response& res, Protocol protocol, int status,
                        const std::string& message, const std::string& code = "") {
    Json body;
    if (protocol == Protocol::kOllama) {
      body = {{"error", message}};
    } else {
      body = {{"error",
               {{"message", message},
                {"type", OpenAiErrorType(status)},
                {"param", nullptr},
                {"code", code.empty() ? Json(nullptr) : Json(code)}}}};
    }
    res.status = status;
    res.set_content(DumpJson(body), "application/json; charset=utf-8");
  }

  // Counts the request, applies the delay and the injected failures. False when it answered.
  bool Admit(const httplib::Request& req, httplib::Response& res, Protocol protocol) {
    std::chrono::milliseconds wait;
    {
      std::lock_guard lock(mu);
      ++requests;
      ++requests_by_path[req.path];
      ++in_flight;
      max_in_flight = std::max(max_in_flight, in_flight);
      wait = delay;
    }
    if (wait.count() > 0) std::this_thread::sleep_for(wait);
    std::lock_guard lock(mu);
    if (fail_count > 0) {
      --fail_count;
      if (fail_retry_after) res.set_header("Retry-After", std::to_string(*fail_retry_after));
      const std::string message =
          fail_status == 429 ? "Rate limit reached for requests (injected by the fake server)"
                             : "injected failure: HTTP " + std::to_string(fail_status);
      SendError(res, protocol, fail_status, message,
                fail_status == 429 ? "rate_limit_exceeded" : "");
      return false;
    }
    if (protocol == Protocol::kOpenAi && !options.api_key.empty()) {
      const std::string auth = req.get_header_value("Authorization");
      if (auth.empty()) {
        SendError(res, protocol, 401,
                  "You didn't provide an API key. You need to provide your API key in an "
                  "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
        return false;
      }
      if (auth != "Bearer " + options.api_key) {
        SendError(res, protocol, 401, "Incorrect API key provided.", "invalid_api_key");
        return false;
      }
    }
    return true;
  }

  void Leave() {
    std::lock_guard lock(mu);
    --in_flight;
  }

  // Parses the body and checks "model"; answers and returns nullopt on error.
  std::optional<Json> ParseBody(const httplib::Request& req, httplib::Response& res,
                                Protocol protocol) {
    Result<Json> body = ParseJson(req.body);
    if (!body.ok() || !body->is_object()) {
      SendError(res, protocol, 400,
                protocol == Protocol::kOllama
                    ? "invalid character in request body"
                    : "We could not parse the JSON body of your request.");
      return std::nullopt;
    }
    if (!body->contains("model") || !(*body)["model"].is_string() ||
        (*body)["model"].get<std::string>().empty()) {
      SendError(res, protocol, 400,
                protocol == Protocol::kOllama ? "model is required"
                                              : "you must provide a model parameter");
      return std::nullopt;
    }
    const std::string model = (*body)["model"];
    if (model.rfind("missing", 0) == 0) {
      if (protocol == Protocol::kOllama) {
        SendError(res, protocol, 404, "model \"" + model + "\" not found, try pulling it first");
      } else {
        SendError(res, protocol, 404,
                  "The model `" + model + "` does not exist or you do not have access to it.",
                  "model_not_found");
      }
      return std::nullopt;
    }
    return std::move(*body);
  }

  std::optional<std::vector<std::string>> Inputs(const Json& body, httplib::Response& res,
                                                 Protocol protocol) {
    std::vector<std::string> texts;
    const Json input = body.value("input", Json());
    if (input.is_string()) {
      texts.push_back(input.get<std::string>());
    } else if (input.is_array() && std::all_of(input.begin(), input.end(),
                                               [](const Json& j) { return j.is_string(); })) {
      for (const Json& j : input) texts.push_back(j.get<std::string>());
    } else if (!(protocol == Protocol::kOllama && input.is_null())) {
      SendError(res, protocol, 400,
                protocol == Protocol::kOllama ? "invalid input type"
                                              : "'$.input' is invalid. Please check the API "
                                                "reference: https://platform.openai.com/docs/"
                                                "api-reference.");
      return std::nullopt;
    }
    std::string needle;
    {
      std::lock_guard lock(mu);
      needle = reject_needle;
    }
    if (!needle.empty() && std::any_of(texts.begin(), texts.end(), [&](const std::string& t) {
          return t.find(needle) != std::string::npos;
        })) {
      SendError(res, protocol, 400,
                protocol == Protocol::kOllama
                    ? "the input length exceeds the context length"
                    : "This model's maximum context length is 8192 tokens, however you requested "
                      "more tokens in the input. Please reduce your input.",
                protocol == Protocol::kOllama ? "" : "context_length_exceeded");
      return std::nullopt;
    }
    if (protocol == Protocol::kOpenAi &&
        std::any_of(texts.begin(), texts.end(), [](const std::string& t) { return t.empty(); })) {
      SendError(res, protocol, 400,
                "'$.input' is invalid. Please check the API reference: "
                "https://platform.openai.com/docs/api-reference.");
      return std::nullopt;
    }
    return texts;
  }

  // Embeds and counts; returns the vectors.
  std::vector<std::vector<float>> EmbedAndCount(const std::vector<std::string>& texts) {
    std::lock_guard lock(mu);
    ++embed_requests;
    texts_embedded += static_cast<int64_t>(texts.size());
    batch_sizes.push_back(texts.size());
    std::vector<std::vector<float>> out;
    for (const std::string& t : texts) {
      ++embeds[t];
      std::vector<float> v = EmbeddingFor(t, options.dimensions);
      if (!normalized) {
        for (float& x : v) x *= 3.0f;
      }
      out.push_back(std::move(v));
    }
    return out;
  }

  void OllamaEmbed(const httplib::Request& req, httplib::Response& res) {
    std::optional<Json> body = ParseBody(req, res, Protocol::kOllama);
    if (!body) return;
    std::optional<std::vector<std::string>> texts = Inputs(*body, res, Protocol::kOllama);
    if (!texts) return;
    Json embeddings = Json::array();
    int64_t tokens = 0;
    for (auto& v : EmbedAndCount(*texts)) embeddings.push_back(std::move(v));
    for (const std::string& t : *texts) tokens += static_cast<int64_t>(t.size() / 4 + 1);
    res.set_content(DumpJson({{"model", (*body)["model"]},
                              {"embeddings", std::move(embeddings)},
                              {"total_duration", 14143917},
                              {"load_duration", 1019500},
                              {"prompt_eval_count", tokens}}),
                    "application/json; charset=utf-8");
  }

  void OpenAiEmbed(const httplib::Request& req, httplib::Response& res) {
    std::optional<Json> body = ParseBody(req, res, Protocol::kOpenAi);
    if (!body) return;
    std::optional<std::vector<std::string>> texts = Inputs(*body, res, Protocol::kOpenAi);
    if (!texts) return;
    std::vector<std::vector<float>> vectors = EmbedAndCount(*texts);
    Json data = Json::array();
    for (size_t i = 0; i < vectors.size(); ++i) {
      data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", std::move(vectors[i])}});
    }
    bool reverse;
    {
      std::lock_guard lock(mu);
      reverse = reverse_openai;
    }
    if (reverse) std::reverse(data.begin(), data.end());
    int64_t tokens = 0;
    for (const std::string& t : *texts) tokens += static_cast<int64_t>(t.size() / 4 + 1);
    res.set_content(DumpJson({{"object", "list"},
                              {"data", std::move(data)},
                              {"model", (*body)["model"]},
                              {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}}),
                    "application/json");
  }

  std::string Reply(const Json& body) {
    std::lock_guard lock(mu);
    chat_requests.push_back(body);
    if (!scripted_replies.empty()) {
      std::string next = std::move(scripted_replies.front());
      scripted_replies.pop_front();
      return next;
    }
    if (chat_reply) return *chat_reply;
    std::string last_user;
    for (const Json& m : body.value("messages", Json::array())) {
      if (m.is_object() && m.value("role", "") == "user") last_user = m.value("content", "");
    }
    return "fake answer to: " + last_user;
  }

  static bool ValidMessages(const Json& body) {
    const Json messages = body.value("messages", Json());
    return messages.is_array() && std::all_of(messages.begin(), messages.end(), [](const Json& m) {
             return m.is_object() && m.contains("role") && m["role"].is_string();
           });
  }

  void OllamaChat(const httplib::Request& req, httplib::Response& res) {
    std::optional<Json> body = ParseBody(req, res, Protocol::kOllama);
    if (!body) return;
    if (!ValidMessages(*body)) {
      SendError(res, Protocol::kOllama, 400, "invalid message format");
      return;
    }
    const std::string text = Reply(*body);
    const std::string created = "2026-11-24T12:00:00.000000Z";
    Json done{{"model", (*body)["model"]},
              {"created_at", created},
              {"message", {{"role", "assistant"}, {"content", text}}},
              {"done_reason", "stop"},
              {"done", true},
              {"total_duration", 4883583458},
              {"load_duration", 1334875},
              {"prompt_eval_count", 26},
              {"prompt_eval_duration", 342546000},
              {"eval_count", 282},
              {"eval_duration", 4535599000}};
    if (body->value("stream", true) == false) {
      res.set_content(DumpJson(done), "application/json; charset=utf-8");
      return;
    }
    Json chunk{{"model", (*body)["model"]},
               {"created_at", created},
               {"message", {{"role", "assistant"}, {"content", text}}},
               {"done", false}};
    done["message"]["content"] = "";
    res.set_content(DumpJson(chunk) + "\n" + DumpJson(done) + "\n", "application/x-ndjson");
  }

  void OpenAiChat(const httplib::Request& req, httplib::Response& res) {
    std::optional<Json> body = ParseBody(req, res, Protocol::kOpenAi);
    if (!body) return;
    if (!ValidMessages(*body) || (*body)["messages"].empty()) {
      SendError(res, Protocol::kOpenAi, 400, "'messages' is a required property");
      return;
    }
    const std::string text = Reply(*body);
    int64_t id;
    {
      std::lock_guard lock(mu);
      id = ++next_id;
    }
    res.set_content(
        DumpJson(
            {{"id", "chatcmpl-fake" + std::to_string(id)},
             {"object", "chat.completion"},
             {"created", 1764000000},
             {"model", (*body)["model"]},
             {"choices",
              Json::array(
                  {{{"index", 0},
                    {"message", {{"role", "assistant"}, {"content", text}, {"refusal", nullptr}}},
                    {"logprobs", nullptr},
                    {"finish_reason", "stop"}}})},
             {"usage", {{"prompt_tokens", 20}, {"completion_tokens", 10}, {"total_tokens", 30}}}}),
        "application/json");
  }

  // TEI: {"query","texts":[...],"raw_scores"?,"return_text"?} → [{"index","score"}], best first.
  void TeiRerank(const httplib::Request& req, httplib::Response& res) {
    Result<Json> body = ParseJson(req.body);
    if (!body.ok() || !body->is_object() || !(*body)["query"].is_string() ||
        !(*body)["texts"].is_array() || (*body)["texts"].empty()) {
      res.status = 422;
      res.set_content(DumpJson({{"error",
                                 "Failed to deserialize the JSON body into the target "
                                 "type: missing field `query` or `texts`"},
                                {"error_type", "Validation"}}),
                      "application/json");
      return;
    }
    std::vector<std::pair<double, size_t>> scored;
    const Json& texts = (*body)["texts"];
    for (size_t i = 0; i < texts.size(); ++i) {
      scored.emplace_back(RerankScoreFor((*body)["query"], texts[i].get<std::string>()), i);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    Json out = Json::array();
    for (const auto& [score, index] : scored) out.push_back({{"index", index}, {"score", score}});
    res.set_content(DumpJson(out), "application/json");
  }

  // Cohere/Jina: {"model","query","documents":[str|{"text"}],"top_n"?} → {"model","usage",
  // "results":[{"index","relevance_score"}]}, best first, top_n of them.
  void CohereRerank(const httplib::Request& req, httplib::Response& res) {
    std::optional<Json> body = ParseBody(req, res, Protocol::kOpenAi);
    if (!body) return;
    if (!(*body)["query"].is_string() || !(*body)["documents"].is_array()) {
      SendError(res, Protocol::kOpenAi, 400, "'query' and 'documents' are required");
      return;
    }
    const Json& documents = (*body)["documents"];
    std::vector<std::pair<double, size_t>> scored;
    for (size_t i = 0; i < documents.size(); ++i) {
      const Json& d = documents[i];
      const std::string text = d.is_string() ? d.get<std::string>() : d.value("text", "");
      scored.emplace_back(RerankScoreFor((*body)["query"], text), i);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    size_t top_n = body->value("top_n", scored.size());
    Json results = Json::array();
    for (size_t i = 0; i < scored.size() && i < top_n; ++i) {
      results.push_back({{"index", scored[i].second}, {"relevance_score", scored[i].first}});
    }
    res.set_content(DumpJson({{"model", (*body)["model"]},
                              {"usage", {{"total_tokens", 10 * documents.size()}}},
                              {"results", std::move(results)}}),
                    "application/json");
  }

  using Handler = void (Impl::*)(const httplib::Request&, httplib::Response&);
  void Route(const std::string& path, Protocol protocol, Handler handler) {
    server.Post(path,
                [this, protocol, handler](const httplib::Request& req, httplib::Response& res) {
                  if (req.has_header("traceparent")) {
                    std::lock_guard<std::mutex> lock(mu);
                    traceparents.push_back(req.get_header_value("traceparent"));
                  }
                  if (Admit(req, res, protocol)) (this->*handler)(req, res);
                  Leave();
                });
  }
};

FakeLlmServer::FakeLlmServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

FakeLlmServer::~FakeLlmServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<FakeLlmServer>> FakeLlmServer::Start(FakeLlmServerOptions options) {
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  Impl* p = impl.get();
  p->Route("/api/embed", Protocol::kOllama, &Impl::OllamaEmbed);
  p->Route("/api/chat", Protocol::kOllama, &Impl::OllamaChat);
  p->Route("/v1/embeddings", Protocol::kOpenAi, &Impl::OpenAiEmbed);
  p->Route("/v1/chat/completions", Protocol::kOpenAi, &Impl::OpenAiChat);
  p->Route("/rerank", Protocol::kOllama, &Impl::TeiRerank);  // TEI: no auth, string errors
  p->Route("/v1/rerank", Protocol::kOpenAi, &Impl::CohereRerank);
  p->server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  p->server.set_tcp_nodelay(true);  // headers and body are separate writes: no Nagle stall
  p->port = p->server.bind_to_any_port("127.0.0.1");
  if (p->port <= 0) return Internal("fake LLM server cannot bind a loopback port");
  p->thread = std::thread([p] { p->server.listen_after_bind(); });
  // stop() is a no-op until the accept loop runs, so the destructor could otherwise hang.
  while (!p->server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<FakeLlmServer>(new FakeLlmServer(std::move(impl)));
}

std::vector<std::string> FakeLlmServer::traceparents() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->traceparents;
}

double FakeLlmServer::RerankScoreFor(const std::string& query, const std::string& document) {
  auto words = [](const std::string& text) {
    std::set<std::string> out;
    std::string word;
    for (char c : text + " ") {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!word.empty()) {
        out.insert(std::move(word));
        word.clear();
      }
    }
    return out;
  };
  const std::set<std::string> q = words(query);
  const std::set<std::string> d = words(document);
  if (q.empty()) return 0;
  size_t shared = 0;
  for (const std::string& w : q) shared += d.count(w);
  // Shorter documents win ties, so that rankings are total.
  return static_cast<double>(shared) / static_cast<double>(q.size()) /
         (1.0 + 0.0001 * static_cast<double>(document.size()));
}

int FakeLlmServer::port() const { return impl_->port; }
std::string FakeLlmServer::url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::map<std::string, std::string> FakeLlmServer::LakehouseEnv() const {
  std::map<std::string, std::string> env = {{"LAKEHOUSE_AI_OLLAMA_URL", url()},
                                            {"LAKEHOUSE_AI_OPENAI_URL", url() + "/v1"},
                                            {"LAKEHOUSE_AI_TEI_URL", url()},
                                            {"LAKEHOUSE_AI_RETRY_BASE_DELAY_MS", "20"}};
  std::lock_guard lock(impl_->mu);
  if (!impl_->options.api_key.empty()) env["LAKEHOUSE_AI_OPENAI_API_KEY"] = impl_->options.api_key;
  return env;
}

void FakeLlmServer::FailNext(int32_t count, int http_status,
                             std::optional<int32_t> retry_after_seconds) {
  std::lock_guard lock(impl_->mu);
  impl_->fail_count = count;
  impl_->fail_status = http_status;
  impl_->fail_retry_after = retry_after_seconds;
}
void FakeLlmServer::SetDelay(std::chrono::milliseconds delay) {
  std::lock_guard lock(impl_->mu);
  impl_->delay = delay;
}
void FakeLlmServer::SetDimensions(int32_t dimensions) {
  std::lock_guard lock(impl_->mu);
  impl_->options.dimensions = dimensions;
}
void FakeLlmServer::RequireApiKey(std::string api_key) {
  std::lock_guard lock(impl_->mu);
  impl_->options.api_key = std::move(api_key);
}
void FakeLlmServer::SetChatReply(std::optional<std::string> reply) {
  std::lock_guard lock(impl_->mu);
  impl_->chat_reply = std::move(reply);
}
void FakeLlmServer::ScriptChatReplies(std::vector<std::string> replies) {
  std::lock_guard lock(impl_->mu);
  impl_->scripted_replies.assign(replies.begin(), replies.end());
}
void FakeLlmServer::SetReverseOpenAiOrder(bool reverse) {
  std::lock_guard lock(impl_->mu);
  impl_->reverse_openai = reverse;
}
void FakeLlmServer::RejectTextsContaining(std::string needle) {
  std::lock_guard lock(impl_->mu);
  impl_->reject_needle = std::move(needle);
}

void FakeLlmServer::SetNormalized(bool normalized) {
  std::lock_guard lock(impl_->mu);
  impl_->normalized = normalized;
}

int64_t FakeLlmServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}
int64_t FakeLlmServer::requests(const std::string& path) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->requests_by_path.find(path);
  return it == impl_->requests_by_path.end() ? 0 : it->second;
}
int64_t FakeLlmServer::embed_requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->embed_requests;
}
int64_t FakeLlmServer::texts_embedded() const {
  std::lock_guard lock(impl_->mu);
  return impl_->texts_embedded;
}
int64_t FakeLlmServer::embeds_of(const std::string& text) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->embeds.find(text);
  return it == impl_->embeds.end() ? 0 : it->second;
}
int64_t FakeLlmServer::distinct_texts_embedded() const {
  std::lock_guard lock(impl_->mu);
  return static_cast<int64_t>(impl_->embeds.size());
}
int64_t FakeLlmServer::max_embeds_of_one_text() const {
  std::lock_guard lock(impl_->mu);
  int64_t most = 0;
  for (const auto& [text, n] : impl_->embeds) most = std::max(most, n);
  return most;
}
std::vector<size_t> FakeLlmServer::embed_batch_sizes() const {
  std::lock_guard lock(impl_->mu);
  return impl_->batch_sizes;
}
int32_t FakeLlmServer::in_flight_requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->in_flight;
}
int32_t FakeLlmServer::max_concurrent_requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->max_in_flight;
}
std::vector<Json> FakeLlmServer::chat_requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->chat_requests;
}
void FakeLlmServer::ResetCounters() {
  std::lock_guard lock(impl_->mu);
  impl_->requests = 0;
  impl_->requests_by_path.clear();
  impl_->embed_requests = 0;
  impl_->texts_embedded = 0;
  impl_->embeds.clear();
  impl_->batch_sizes.clear();
  impl_->chat_requests.clear();
  impl_->max_in_flight = impl_->in_flight;
}

std::vector<float> FakeLlmServer::EmbeddingFor(const std::string& text, int32_t dimensions) {
  std::vector<float> v(static_cast<size_t>(dimensions), 0.0f);
  std::string word;
  bool any = false;
  auto flush = [&] {
    if (word.empty()) return;
    const uint64_t h = Fnv1a(word);
    v[h % v.size()] += (h >> 63) ? -1.0f : 1.0f;
    any = true;
    word.clear();
  };
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || b >= 0x80) {
      word.push_back(static_cast<char>(std::tolower(b)));
    } else {
      flush();
    }
  }
  flush();
  if (!any) v[Fnv1a(text) % v.size()] = 1.0f;  // real models never return a zero vector
  double norm = 0.0;
  for (const float x : v) norm += static_cast<double>(x) * x;
  if (norm == 0.0) v[0] = 1.0f, norm = 1.0;  // every word cancelled out
  const float inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& x : v) x *= inv;
  return v;
}

}  // namespace lakehouse::testing
