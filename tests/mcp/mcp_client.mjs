// Drives a Lakehouse server with the official MCP SDK client (@modelcontextprotocol/sdk), as
// tests/e2e/mcp_sdk_e2e_test does: connects over Streamable HTTP with an API key, lists and calls
// tools, reads resources, and prints one JSON summary line of what it saw (the C++ test asserts
// on it). Usage: node mcp_client.mjs <node_modules dir> <server url> <api key> <auth: bearer|x-api-key>
import { createRequire } from "node:module";

const [modules, url, key, auth] = process.argv.slice(2);
const require = createRequire(modules + "/");
const { Client } = await import(require.resolve("@modelcontextprotocol/sdk/client/index.js"));
const { StreamableHTTPClientTransport } = await import(
  require.resolve("@modelcontextprotocol/sdk/client/streamableHttp.js"));
const { LATEST_PROTOCOL_VERSION } = await import(
  require.resolve("@modelcontextprotocol/sdk/types.js"));

const headers = auth === "bearer" ? { Authorization: `Bearer ${key}` } : { "X-API-Key": key };
const transport = new StreamableHTTPClientTransport(new URL(url + "/mcp"), {
  requestInit: { headers },
});
const client = new Client({ name: "lakehouse-e2e", version: "1.0.0" });
const out = { sdk_latest_version: LATEST_PROTOCOL_VERSION };
try {
  await client.connect(transport);
  out.negotiated_version = transport.protocolVersion ?? null;
  out.server = client.getServerVersion();
  out.capabilities = client.getServerCapabilities();
  await client.ping();
  out.ping = true;
  const tools = await client.listTools();
  out.tools = tools.tools.map((t) => t.name).sort();
  const byCity = await client.callTool({ name: "by_city", arguments: { city: "Chicago" } });
  out.by_city = { isError: byCity.isError ?? false, structured: byCity.structuredContent,
                  text: byCity.content[0].text };
  const sql = await client.callTool({
    name: "sql_query", arguments: { sql: "SELECT name, email FROM people ORDER BY id" } });
  out.sql_query = { isError: sql.isError ?? false, text: sql.content[0].text };
  const refused = await client.callTool({
    name: "sql_query", arguments: { sql: "DROP TABLE people" } });
  out.sql_write = { isError: refused.isError ?? false, text: refused.content[0].text };
  try {
    await client.callTool({ name: "no_such_tool", arguments: {} });
    out.unknown_tool = "answered";
  } catch (e) {
    out.unknown_tool = e.code ?? String(e);
  }
  const resources = await client.listResources();
  out.resources = resources.resources.map((r) => r.uri).sort();
  const templates = await client.listResourceTemplates();
  out.templates = templates.resourceTemplates.map((t) => t.uriTemplate).sort();
  const read = await client.readResource({ uri: "lakehouse://datasets/people" });
  out.read = { uri: read.contents[0].uri, mimeType: read.contents[0].mimeType,
               schema: JSON.parse(read.contents[0].text) };
  try {
    await client.readResource({ uri: "lakehouse://datasets/secrets" });
    out.hidden_resource = "answered";
  } catch (e) {
    out.hidden_resource = e.code ?? String(e);
  }
  await client.close();
  out.ok = true;
} catch (e) {
  out.ok = false;
  out.error = String(e && e.stack ? e.stack : e);
}
console.log(JSON.stringify(out));
