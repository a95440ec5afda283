// `lakehouse ai embed|generate|rerank`: the model providers, directly; `lakehouse ask-sql`:
// a question turned into SQL by the server's generator (POST /ai/sql).
#include <fstream>
#include <iostream>

#include "cli/command_table.h"
#include "cli/record_output.h"
#include "cli/result_table.h"
#include "cli/server_client.h"

namespace lakehouse {
namespace {

// TEXT, or the lines of --file.
Result<std::vector<std::string>> Texts(const Invocation& in, const std::string& arg) {
  std::vector<std::string> texts;
  for (const std::string& text : in.All(arg)) texts.push_back(text);
  if (in.Has("--file")) {
    std::ifstream file(in.Get("--file"));
    if (!file) return InvalidArgument("cannot read '", in.Get("--file"), "'");
    for (std::string line; std::getline(file, line);) {
      if (!line.empty()) texts.push_back(line);
    }
  }
  if (texts.empty()) return InvalidArgument("nothing to send: give ", arg, " or --file FILE");
  return texts;
}

int Send(const Invocation& in, const std::string& path, Json body, Json* answer) {
  if (in.Has("--model")) body["model"] = in.Get("--model");
  return CallServer(in.server(), HttpMethod::kPost, path, body, answer);
}

int Embed(const Invocation& in) {
  auto texts = Texts(in, "TEXT");
  if (!texts.ok()) return UsageError(texts.status().message());
  Json answer;
  if (int code = Send(in, "/ai/embed", {{"texts", *texts}}, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  for (const Json& vector : answer.value("embeddings", Json::array())) {
    std::cout << DumpJson(vector) << "\n";
  }
  return kExitOk;
}

int Generate(const Invocation& in) {
  Json body = {{"prompt", in.Get("PROMPT")}};
  if (in.Has("--system")) body["system"] = in.Get("--system");
  if (in.Has("--max-tokens")) body["max_tokens"] = *in.Int("--max-tokens");
  if (in.Has("--temperature")) body["temperature"] = *in.Number("--temperature");
  Json answer;
  if (int code = Send(in, "/ai/generate", body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    std::cout << answer.value("text", "") << "\n";
  }
  return kExitOk;
}

int Rerank(const Invocation& in) {
  auto documents = Texts(in, "--document");
  if (!documents.ok()) return UsageError(documents.status().message());
  Json body = {{"query", in.Get("QUERY")}, {"documents", *documents}};
  if (in.Has("--top-n")) body["top_n"] = *in.Int("--top-n");
  Json answer;
  if (int code = Send(in, "/ai/rerank", body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
  } else {
    PrintRecords(answer.value("results", Json::array()), {"index", "score", "document"}, std::cout);
  }
  return kExitOk;
}

int AskSql(const Invocation& in) {
  Json body = {{"question", in.Get("QUESTION")}};
  if (in.Has("--dataset")) body["datasets"] = in.List("--dataset");
  if (in.Has("--limit")) body["limit"] = *in.Int("--limit");
  const bool run = !in.Has("--no-run");
  Json answer;
  if (int code = Send(in, run ? "/ai/sql" : "/ai/sql?run=false", body, &answer)) return code;
  if (in.Has("--json")) {
    PrintJson(answer);
    return kExitOk;
  }
  std::cout << answer.value("sql", "") << "\n";
  if (const std::string explanation = answer.value("explanation", ""); !explanation.empty()) {
    std::cout << "-- " << explanation << "\n";
  }
  if (!run) return kExitOk;
  std::vector<ResultColumn> columns;
  for (const Json& c : answer.value("columns", Json::array())) {
    columns.push_back({c.value("name", ""), c.value("type", "")});
  }
  std::cout << "\n" << RenderResultTable(columns, answer.value("rows", Json::array()));
  if (answer.value("truncated", false)) std::cout << "(truncated at --limit)\n";
  return kExitOk;
}

}  // namespace

std::vector<CommandSpec> AiCommands() {
  const FlagSpec model{"--model", FlagType::kString, "Model (default: the server's ai.* model)"};
  return {
      {"ai",
       "Model providers directly: embed, generate, rerank",
       "lakehouse ai …",
       {},
       {},
       "lakehouse ai embed 'hello'",
       {},
       nullptr},
      {"ai embed",
       "Embed texts (one JSON vector per line)",
       "lakehouse ai embed [TEXT] [--file FILE] [--model M] [--json]",
       {{"TEXT", "Text to embed", false, ""}},
       {{"--file", FlagType::kFile, "Texts, one per line"}, model, JsonFlag()},
       "lakehouse ai embed 'late delivery' --model builtin/hash-v1",
       {"POST /ai/embed"},
       Embed},
      {"ai generate",
       "Generate a reply to a prompt with a configured generator",
       "lakehouse ai generate PROMPT [--system TEXT] [--model M] [--max-tokens N] "
       "[--temperature X] [--json]",
       {{"PROMPT", "The prompt", true, ""}},
       {{"--system", FlagType::kString, "System prompt"},
        model,
        {"--max-tokens", FlagType::kInt, "Reply length limit"},
        {"--temperature", FlagType::kNumber, "Sampling temperature"},
        JsonFlag()},
       "lakehouse ai generate 'Summarise: …' --model ollama/llama3",
       {"POST /ai/generate"},
       Generate},
      {"ai rerank",
       "Order documents by relevance to a query",
       "lakehouse ai rerank QUERY (--document TEXT … | --file FILE) [--top-n N] [--model M] "
       "[--json]",
       {{"QUERY", "The query", true, ""}},
       {{"--document", FlagType::kList, "A document (repeatable; commas are kept)"},
        {"--file", FlagType::kFile, "Documents, one per line"},
        {"--top-n", FlagType::kInt, "Only the best N"},
        model,
        JsonFlag()},
       "lakehouse ai rerank 'refund policy' --file docs.txt --top-n 3",
       {"POST /ai/rerank"},
       Rerank},
      {"ask-sql",
       "Turn a question into SQL with the server's generator, checked and run under your policy",
       "lakehouse ask-sql QUESTION [--dataset D,…] [--limit N] [--no-run] [--model M] [--json]",
       {{"QUESTION", "The question, in plain language", true, ""}},
       {{"--dataset", FlagType::kList, "Offer only these datasets (default: all you may read)"},
        {"--limit", FlagType::kInt, "Rows to show, 1 … 10000 (default 1000)"},
        {"--no-run", FlagType::kBool, "Print the validated SQL without running it"},
        model,
        JsonFlag()},
       "lakehouse ask-sql 'How many open jobs per city?'",
       {"POST /ai/sql"},
       AskSql},
  };
}

}  // namespace lakehouse
