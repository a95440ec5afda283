// AiOptions: configuration of the model providers (embedders and generators), the [ai] section of
// the config. Owned by embed/; config/ only aggregates it (a field of Config) and loads it.
//
// A provider is "configured" when its URL is set; the built-in embedder is always available.
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>

namespace lakehouse {

struct AiOptions {
  // Base URL of an Ollama server, e.g. "http://127.0.0.1:11434". "" = Ollama not configured
  // (model ids "ollama/..." then fail with FAILED_PRECONDITION).
  std::string ollama_url;
  // Base URL of an OpenAI-compatible server (OpenAI, llama.cpp server, vLLM, LM Studio, TEI),
  // e.g. "https://api.openai.com/v1" or "http://127.0.0.1:8080"; a trailing "/v1" is optional.
  // "" = not configured.
  std::string openai_url;
  // Sent as "Authorization: Bearer <key>" to the OpenAI-compatible server. Prefer
  // openai_api_key_file so the key stays out of config files and the environment; set at most one.
  std::string openai_api_key;
  // File whose content (surrounding whitespace trimmed) is the API key; read on first use.
  std::string openai_api_key_file;
  // Base URL of a Hugging Face Text Embeddings Inference server running a reranker (POST
  // /rerank), e.g. "http://127.0.0.1:8080". "" = not configured (rerank ids "tei/..." then fail
  // with FAILED_PRECONDITION). Cohere/Jina-style /v1/rerank servers use openai_url instead.
  std::string tei_url;
  // Rerank model used when a request's "rerank" names none: "tei/<model>" or "openai/<model>".
  // "" = none.
  std::string rerank_model;
  // Model used when a request (or a new index) names none: "builtin/use-lite-v1" (semantic,
  // in-process), "builtin/hash-v1" (lexical), "ollama/<model>", "openai/<model>". Existing indexes
  // keep the model they were built with.
  std::string embed_model = "builtin/use-lite-v1";
  // Generator used when a request names none: "ollama/<model>" or "openai/<model>". "" = none,
  // a valid state (RAG then answers extractively).
  std::string generate_model;
  // Texts per embedding request. Larger batches amortise per-request overhead but make one failure
  // (and one retry) more expensive; most servers accept 32–256.
  int32_t batch_size = 32;
  // Upper bound of the total characters (code points) of one embedding request; a single longer
  // text is still sent, alone. Keeps requests under servers' body and context limits.
  int32_t batch_chars = 65536;
  // Requests in flight at once per provider (embeddings and generation counted separately).
  // Ollama serialises embeddings internally, so more than 1 only queues there; hosted
  // OpenAI-compatible servers parallelise.
  int32_t ollama_concurrency = 1;
  int32_t openai_concurrency = 4;
  // Per-request timeout of embedding requests; a timeout is not retried (it fails with
  // DEADLINE_EXCEEDED, HTTP 504). CPU-only Ollama can take seconds per batch.
  int32_t request_timeout_ms = 60000;
  // Per-request timeout of generation requests (a local model can write for minutes).
  int32_t generate_timeout_ms = 300000;
  // Retries after a transient failure (connection error, 5xx, 429), with exponential backoff
  // from retry_base_delay_ms, doubled per retry, capped at retry_max_delay_ms, with jitter.
  // A Retry-After header longer than retry_max_delay_ms ends the retries at once.
  int32_t max_retries = 4;
  int32_t retry_base_delay_ms = 250;
  int32_t retry_max_delay_ms = 30000;
  // Dimensions of builtin/hash-v1 (8..65536). Changing it makes existing built-in indexes
  // incompatible (they record their dimensions).
  int32_t builtin_dimensions = 384;
  // Folder of builtin/use-lite-v1's model files (model.json, group1-shard*of7, vocab.json);
  // "" = the third_party/use-lite folder scripts/setup.sh fills in the source checkout.
  std::string use_lite_dir;
  // Threads one builtin/use-lite-v1 embedding call may use; 0 = all cores.
  int32_t use_lite_threads = 0;
};

}  // namespace lakehouse
