// End-to-end: real keep-alive clients poll the server without losing their connection (issue 16
// item 21). A Node.js fetch loop (undici, keep-alive) polling GET /jobs/{id} every 250 ms failed
// after ~70 s with "other side closed": the server closed idle keep-alive connections without
// announcing its idle timeout, so a client could send a request on a connection the server was
// closing at that moment. The server now announces `Keep-Alive: timeout=N` and keeps an idle
// connection one second longer than announced.
//
// The idle timeout is set to 2 s so that the polls and the idle gaps around the timeout (1.5-3.5 s)
// exercise expiry within a bounded time (about 25 s per client).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "tests/support/server_process.h"
#include "tests/support/temp_dir.h"

namespace lakehouse {
namespace {

using testing::ServerProcess;
using testing::TempDir;

// Polls every 250 ms for POLL_S seconds, then waits gaps around the idle timeout before single
// requests. Any failed request fails the run (exit 1) with its cause.
constexpr const char* kNodeScript = R"JS(
const [base, pollSeconds] = [process.argv[2], Number(process.argv[3])];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function get(path) {
  const r = await fetch(base + path);
  const text = await r.text();
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${text}`);
  return r;
}
(async () => {
  let requests = 0;
  const first = await get('/jobs?limit=1');
  const keepAlive = first.headers.get('keep-alive');
  if (!keepAlive || !/timeout=\d+/.test(keepAlive)) throw new Error('no Keep-Alive: timeout= header');
  const end = Date.now() + pollSeconds * 1000;
  while (Date.now() < end) {
    await get('/jobs?limit=1');
    requests++;
    await sleep(250);
  }
  for (const gap of [1500, 1900, 2000, 2100, 2500, 3000, 3500]) {
    await sleep(gap);
    await get('/health');
    requests++;
  }
  console.log(`node: ${requests} requests, Keep-Alive: ${keepAlive}`);
})().catch((e) => {
  console.error('node: request failed:', e.message, e.cause ? String(e.cause) : '');
  process.exit(1);
});
)JS";

// http.client on one persistent connection polling every 250 ms (never idle past the timeout),
// then requests (urllib3's pool) across gaps around the idle timeout.
constexpr const char* kPythonScript = R"PY(
import http.client, sys, time
base, poll_seconds = sys.argv[1], float(sys.argv[2])
host, port = base.split('//')[1].split(':')
conn = http.client.HTTPConnection(host, int(port), timeout=10)
requests_made = 0
end = time.monotonic() + poll_seconds
sock = None
while time.monotonic() < end:
    conn.request('GET', '/jobs?limit=1')
    r = conn.getresponse()
    r.read()
    assert r.status == 200, r.status
    if sock is None:
        sock = conn.sock
    assert conn.sock is sock, 'the server closed a connection polled every 250 ms'
    requests_made += 1
    time.sleep(0.25)
conn.close()

# The server announces its idle timeout and keeps an idle connection a little longer than
# announced, so a client whose idle timer fires late (undici's timers tick once a second) never
# sends on a connection the server is closing. With the timeout announced and applied exactly,
# this client lost its connection.
import re, socket
raw = socket.create_connection((host, int(port)), timeout=10)
def raw_get():
    raw.sendall(b'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = raw.recv(65536)
        assert chunk, 'the server closed an idle connection before its announced timeout + 0.5 s'
        data += chunk
    head, _, body = data.partition(b'\r\n\r\n')
    length = int(re.search(rb'content-length: *(\d+)', head, re.I).group(1))
    while len(body) < length:
        body += raw.recv(65536)
    return head
m = re.search(rb'keep-alive: *timeout=(\d+)', raw_get(), re.I)
assert m, 'no Keep-Alive: timeout= header'
time.sleep(int(m.group(1)) + 0.5)
raw_get()
requests_made += 2
raw.close()

try:
    import requests
except ImportError:
    requests = None
if requests is not None:
    s = requests.Session()
    # urllib3 ignores the Keep-Alive hint, and a request sent at the very moment the server closes
    # an idle connection (timeout + 1 s = 3 s here) races with the close in any HTTP/1.1 server;
    # gaps stay clear of that instant: below it the connection is reused, past it the client has
    # seen the close and opens a new one.
    for gap in (1.5, 1.9, 2.0, 2.1, 2.5, 4.5):
        time.sleep(gap)
        r = s.get(base + '/health', timeout=10)
        assert r.status_code == 200, r.status_code
        requests_made += 1
print(f'python: {requests_made} requests')
)PY";

class KeepAliveClientsE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Join("lakehouse.toml");
    std::ofstream(config_) << "[server]\nkeep_alive_timeout_s = 2\n";
    auto started = ServerProcess::Start({.extra_args = {"--config", config_}});
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(*started);
  }

  // Runs `interpreter script base_url seconds`; returns the exit code, output in *out.
  int Run(const std::string& interpreter, const char* script, const std::string& name,
          std::string* out) {
    const std::string path = dir_.Join(name);
    std::ofstream(path) << script;
    const std::string log = dir_.Join(name + ".log");
    const std::string cmd = "timeout 120 " + interpreter + " " + path + " " + server_->base_url() +
                            " 12 > " + log + " 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream in(log);
    out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  }

  TempDir dir_;
  std::string config_;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(KeepAliveClientsE2E, NodeFetchPollingKeepsItsConnection) {
  if (std::system("command -v node >/dev/null 2>&1") != 0) GTEST_SKIP() << "node not installed";
  std::string out;
  EXPECT_EQ(Run("node", kNodeScript, "poll.mjs", &out), 0) << out << server_->Log();
}

TEST_F(KeepAliveClientsE2E, PythonPollingKeepsItsConnection) {
  std::string out;
  EXPECT_EQ(Run("python3", kPythonScript, "poll.py", &out), 0) << out;
}

}  // namespace
}  // namespace lakehouse
