// Drives a Lakehouse server's workspace tools with the official MCP SDK client
// (@modelcontextprotocol/sdk), as tests/e2e/workspaces_e2e_test does: agent A creates a
// workspace, saves and runs a search, shortlists an entity and hands the workspace to agent B,
// who reads it as a resource. Prints one JSON summary line (the C++ test asserts on it).
// Usage: node mcp_workspace_client.mjs <node_modules dir> <server url> <key A> <key B>
import { createRequire } from "node:module";

const [modules, url, keyA, keyB] = process.argv.slice(2);
const require = createRequire(modules + "/");
const { Client } = await import(require.resolve("@modelcontextprotocol/sdk/client/index.js"));
const { StreamableHTTPClientTransport } = await import(
  require.resolve("@modelcontextprotocol/sdk/client/streamableHttp.js"));

async function connect(key) {
  const transport = new StreamableHTTPClientTransport(new URL(url + "/mcp"), {
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
  const client = new Client({ name: "lakehouse-workspace-e2e", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

const structured = (r) => {
  if (r.isError) throw new Error("tool failed: " + r.content[0].text);
  return r.structuredContent;
};

const out = {};
try {
  const a = await connect(keyA);
  const b = await connect(keyB);
  out.tools = (await a.listTools()).tools.map((t) => t.name).sort();
  out.created = structured(await a.callTool({
    name: "workspace_create", arguments: { name: "ICU nurses", tier: "weekly" } }));
  const id = out.created.id;
  structured(await a.callTool({
    name: "workspace_save_search",
    arguments: { id, name: "chicago", kind: "sql",
                 sql: "SELECT name, email FROM people WHERE city = 'Chicago' ORDER BY id" } }));
  const run = await a.callTool({ name: "workspace_run_search", arguments: { id, name: "chicago" } });
  out.run = structured(run);
  out.run_text = run.content[0].text;
  structured(await a.callTool({
    name: "workspace_shortlist_add", arguments: { id, dataset: "people", key: 1, note: "ICU" } }));
  const hidden = await b.callTool({ name: "workspace_get", arguments: { id } });
  out.hidden_from_b = hidden.isError === true;
  out.handoff = structured(await a.callTool({
    name: "workspace_handoff", arguments: { id, to: "agent-b", reason: "end of shift" } }));
  const resources = await b.listResources();
  out.b_listed_uri = resources.resources.some((r) => r.uri === `lakehouse://workspaces/${id}`);
  const read = await b.readResource({ uri: `lakehouse://workspaces/${id}` });
  out.b_resource = JSON.parse(read.contents[0].text);
  const refused = await a.callTool({
    name: "workspace_handoff", arguments: { id, to: "agent-a", reason: "take it back" } });
  out.a_refused = refused.isError === true;
  const log = structured(await b.callTool({ name: "workspace_activity", arguments: { id } }));
  out.activity = log.activity.map((line) => line.action);
  await a.close();
  await b.close();
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String(e && e.stack ? e.stack : e);
}
console.log(JSON.stringify(out));
