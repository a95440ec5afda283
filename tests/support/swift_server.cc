#include "tests/support/swift_server.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace lakehouse::testing {
namespace {

namespace fs = std::filesystem;

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) return Internal("cannot write ", path);
  return Status::Ok();
}

void KillPid(int* pid) {
  if (*pid <= 0) return;
  kill(*pid, SIGKILL);
  waitpid(*pid, nullptr, 0);
  *pid = 0;
}

std::string ServerConfig(const std::string& dir, const std::string& name, int port) {
  return "[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = " + std::to_string(port) +
         "\ndevices = " + dir + "/srv\nmount_check = false\nswift_dir = " + dir +
         "\nworkers = 0\nlog_name = " + name + "\n\n[pipeline:main]\npipeline = " + name +
         "-server\n\n[app:" + name + "-server]\nuse = egg:swift#" + name + "\n";
}

}  // namespace

Status SwiftServer::WriteConfig() const {
  LH_RETURN_IF_ERROR(WriteFile(dir_ + "/swift.conf",
                               "[swift-hash]\nswift_hash_path_suffix = lakehouse-test\n"
                               "swift_hash_path_prefix = lakehouse-test\n\n"
                               "[storage-policy:0]\nname = Policy-0\ndefault = yes\n"));
  LH_RETURN_IF_ERROR(
      WriteFile(dir_ + "/account-server.conf", ServerConfig(dir_, "account", account_port_)));
  LH_RETURN_IF_ERROR(
      WriteFile(dir_ + "/container-server.conf", ServerConfig(dir_, "container", container_port_)));
  LH_RETURN_IF_ERROR(
      WriteFile(dir_ + "/object-server.conf", ServerConfig(dir_, "object", object_port_)));
  const std::string proxy =
      "[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = " + std::to_string(proxy_port_) +
      "\nswift_dir = " + dir_ +
      "\nworkers = 0\n\n[pipeline:main]\npipeline = catch_errors gatekeeper healthcheck "
      "proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging "
      "proxy-server\n\n[app:proxy-server]\nuse = egg:swift#proxy\naccount_autocreate = true\n\n"
      "[filter:catch_errors]\nuse = egg:swift#catch_errors\n\n"
      "[filter:gatekeeper]\nuse = egg:swift#gatekeeper\n\n"
      "[filter:healthcheck]\nuse = egg:swift#healthcheck\n\n"
      "[filter:proxy-logging]\nuse = egg:swift#proxy_logging\n\n"
      "[filter:cache]\nuse = egg:swift#memcache\nmemcache_servers = 127.0.0.1:" +
      std::to_string(memcached_port_) +
      "\n\n[filter:listing_formats]\nuse = egg:swift#listing_formats\n\n"
      "[filter:s3api]\nuse = egg:swift#s3api\nlocation = us-east-1\nstorage_domain = localhost\n"
      "min_segment_size = 1\n\n"
      "[filter:tempauth]\nuse = egg:swift#tempauth\nuser_test_tester = testing .admin\n\n"
      "[filter:copy]\nuse = egg:swift#copy\n\n[filter:slo]\nuse = egg:swift#slo\n\n"
      "[filter:dlo]\nuse = egg:swift#dlo\n";
  return WriteFile(dir_ + "/proxy-server.conf", proxy);
}

Status SwiftServer::Spawn(const std::string& name, const std::string& command) {
  pid_t pid = fork();
  if (pid < 0) return Internal("fork failed");
  if (pid == 0) {
    const std::string log = dir_ + "/" + name + ".log";
    execl("/bin/sh", "sh", "-c", ("exec " + command + " >>" + log + " 2>&1").c_str(), nullptr);
    _exit(127);
  }
  int* slot = name == "proxy"       ? &proxy_pid_
              : name == "account"   ? &account_pid_
              : name == "container" ? &container_pid_
              : name == "object"    ? &object_pid_
                                    : &memcached_pid_;
  *slot = pid;
  return Status::Ok();
}

Result<std::unique_ptr<SwiftServer>> SwiftServer::Start() {
  if (!fs::exists("/usr/bin/swift-proxy-server") || !fs::exists("/usr/bin/memcached")) {
    return FailedPrecondition(
        "Swift is not installed (swift-proxy, swift-account, "
        "swift-container, swift-object, memcached)");
  }
  std::unique_ptr<SwiftServer> swift(new SwiftServer());
  std::string pattern = (fs::temp_directory_path() / "lh_swift_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Internal("mkdtemp failed");
  swift->dir_ = pattern;
  fs::create_directories(swift->dir_ + "/srv/sdb1");
  swift->proxy_port_ = FreePort();
  swift->account_port_ = FreePort();
  swift->container_port_ = FreePort();
  swift->object_port_ = FreePort();
  swift->memcached_port_ = FreePort();
  LH_RETURN_IF_ERROR(swift->WriteConfig());
  const std::pair<const char*, int> rings[] = {{"account", swift->account_port_},
                                               {"container", swift->container_port_},
                                               {"object", swift->object_port_}};
  for (const auto& [name, port] : rings) {
    const std::string builder = swift->dir_ + "/" + name + ".builder";
    const std::string command = "(cd " + swift->dir_ + " && swift-ring-builder " + builder +
                                " create 6 1 1 && " + "swift-ring-builder " + builder +
                                " add r1z1-127.0.0.1:" + std::to_string(port) +
                                "/sdb1 1 && (swift-ring-builder " + builder +
                                " rebalance || true)) >>" + swift->dir_ + "/rings.log 2>&1";
    if (std::system(command.c_str()) != 0) return Internal("swift-ring-builder failed");
  }
  std::string memcached =
      "memcached -l 127.0.0.1 -p " + std::to_string(swift->memcached_port_) + " -U 0 -m 16";
  if (geteuid() == 0) memcached += " -u root";
  LH_RETURN_IF_ERROR(swift->Spawn("memcached", memcached));
  for (const char* name : {"account", "container", "object"}) {
    LH_RETURN_IF_ERROR(swift->Spawn(name, std::string("swift-") + name + "-server " + swift->dir_ +
                                              "/" + name + "-server.conf"));
  }
  LH_RETURN_IF_ERROR(swift->StartProxy());
  return swift;
}

Status SwiftServer::StartProxy() {
  LH_RETURN_IF_ERROR(Spawn("proxy", "swift-proxy-server " + dir_ + "/proxy-server.conf"));
  return WaitReady(120);
}

void SwiftServer::StopProxy() { KillPid(&proxy_pid_); }

Status SwiftServer::WaitReady(int timeout_s) const {
  // Ready when a signed S3 request goes through the whole pipeline (proxy, auth, account).
  S3StoreOptions options = StoreOptions("lh-ready-probe");
  options.client.max_attempts = 1;
  options.client.connect_timeout_ms = 1000;
  LH_ASSIGN_OR_RETURN(auto store, S3ObjectStore::Open("probe", options, nullptr));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  Status last;
  while (std::chrono::steady_clock::now() < deadline) {
    last = store->CreateRemoteBucket();
    if (last.ok()) return Status::Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return Unavailable("Swift did not become ready in ", std::to_string(timeout_s), " s (logs in ",
                     dir_, "): ", last.message());
}

SwiftServer::~SwiftServer() {
  KillPid(&proxy_pid_);
  KillPid(&object_pid_);
  KillPid(&container_pid_);
  KillPid(&account_pid_);
  KillPid(&memcached_pid_);
  std::error_code ec;
  if (!dir_.empty() && std::getenv("LAKEHOUSE_KEEP_SWIFT") == nullptr) fs::remove_all(dir_, ec);
}

S3StoreOptions SwiftServer::StoreOptions(const std::string& remote_bucket) const {
  S3StoreOptions options;
  options.client.endpoint = endpoint();
  options.client.region = "us-east-1";
  options.client.bucket = remote_bucket;
  options.client.credentials = {kAccessKeyId, kSecretKey};
  options.client.retry_base_delay_ms = 50;
  // Tests break and restore the server on purpose and retry at once: no fail-fast window.
  options.unreachable_retry_ms = 0;
  return options;
}

Status SwiftServer::CreateBucket(const std::string& remote_bucket) const {
  LH_ASSIGN_OR_RETURN(auto store,
                      S3ObjectStore::Open(remote_bucket, StoreOptions(remote_bucket), nullptr));
  return store->CreateRemoteBucket();
}

}  // namespace lakehouse::testing
