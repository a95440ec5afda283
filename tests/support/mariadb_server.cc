#include "tests/support/mariadb_server.h"

#include <mysql.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

extern char** environ;

namespace lakehouse::testing {
namespace {

namespace fs = std::filesystem;

std::string BinDir(const char* fallback) {
  const char* env = std::getenv("LAKEHOUSE_MARIADB_BIN");
  return env != nullptr && *env != '\0' ? env : fallback;
}

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

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.substr(text.size() > 2000 ? text.size() - 2000 : 0);
}

std::string Encode(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct Conn {
  MYSQL* mysql = nullptr;
  ~Conn() {
    if (mysql != nullptr) mysql_close(mysql);
  }
};

Status OpenRoot(const std::string& socket, const std::string& database, Conn* conn) {
  conn->mysql = mysql_init(nullptr);
  mysql_options(conn->mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (mysql_real_connect(conn->mysql, nullptr, "root", nullptr,
                         database.empty() ? nullptr : database.c_str(), 0, socket.c_str(),
                         CLIENT_MULTI_STATEMENTS) == nullptr) {
    return Internal("connect as root: ", mysql_error(conn->mysql));
  }
  return Status::Ok();
}

// Runs `sql` (several statements allowed) and drains every result; the first row's first value.
Result<std::string> Run(MYSQL* mysql, const std::string& sql) {
  if (mysql_real_query(mysql, sql.data(), sql.size()) != 0) {
    return Internal("SQL failed: ", mysql_error(mysql));
  }
  std::string first;
  bool have_first = false;
  while (true) {
    MYSQL_RES* result = mysql_store_result(mysql);
    if (result != nullptr) {
      MYSQL_ROW row = mysql_fetch_row(result);
      if (!have_first && row != nullptr && mysql_num_fields(result) > 0) {
        have_first = true;
        if (row[0] != nullptr) first.assign(row[0], mysql_fetch_lengths(result)[0]);
      }
      mysql_free_result(result);
    } else if (mysql_field_count(mysql) != 0) {
      return Internal("SQL failed: ", mysql_error(mysql));
    }
    int next = mysql_next_result(mysql);
    if (next > 0) return Internal("SQL failed: ", mysql_error(mysql));
    if (next < 0) break;
  }
  return first;
}

}  // namespace

Result<std::unique_ptr<MariadbServer>> MariadbServer::Start(MariadbServerOptions options) {
  std::unique_ptr<MariadbServer> db(new MariadbServer());
  const std::string sbin = BinDir("/usr/sbin");
  const std::string bin = BinDir("/usr/bin");
  if (!fs::exists(sbin + "/mariadbd") || !fs::exists(bin + "/mariadb-install-db")) {
    return FailedPrecondition("MariaDB is not installed (apt-get install mariadb-server)");
  }
  std::string pattern = (fs::temp_directory_path() / "lh_my_XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return Internal("mkdtemp failed");
  db->dir_ = pattern;
  db->socket_ = db->dir_ + "/mysqld.sock";
  const bool root = geteuid() == 0;
  std::string install = bin + "/mariadb-install-db --no-defaults --datadir=" + db->dir_ +
                        "/data --auth-root-authentication-method=normal --skip-test-db" +
                        (root ? " --user=root" : "") + " >" + db->dir_ + "/install.log 2>&1";
  if (std::system(install.c_str()) != 0) {
    return Internal("mariadb-install-db failed: ", Tail(db->dir_ + "/install.log"));
  }
  for (int attempt = 0; attempt < 5 && db->pid_ < 0; ++attempt) {
    db->port_ = FreePort();
    std::vector<std::string> args = {sbin + "/mariadbd",
                                     "--no-defaults",
                                     "--datadir=" + db->dir_ + "/data",
                                     "--socket=" + db->socket_,
                                     "--port=" + std::to_string(db->port_),
                                     "--bind-address=127.0.0.1",
                                     "--pid-file=" + db->dir_ + "/mariadbd.pid",
                                     "--log-error=" + db->dir_ + "/server.log",
                                     "--skip-name-resolve",
                                     "--innodb-buffer-pool-size=" + options.innodb_buffer_pool,
                                     "--innodb-log-file-size=48M",
                                     "--innodb-flush-log-at-trx-commit=0",
                                     "--skip-innodb-doublewrite"};
    if (root) args.push_back("--user=root");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
      return Internal("cannot spawn mariadbd");
    }
    // Ready when root can connect over the socket (or the process died: a port clash).
    for (int i = 0; i < 300; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      int wstatus = 0;
      if (waitpid(pid, &wstatus, WNOHANG) == pid) {
        pid = -1;
        break;
      }
      Conn probe;
      if (OpenRoot(db->socket_, "", &probe).ok()) {
        db->pid_ = pid;
        break;
      }
    }
    if (db->pid_ < 0 && pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
  if (db->pid_ < 0) return Internal("mariadbd did not start: ", Tail(db->dir_ + "/server.log"));
  const std::string user = "'" + db->user_ + "'@'%'";
  LH_RETURN_IF_ERROR(db->Execute("CREATE DATABASE lh; CREATE USER " + user + " IDENTIFIED BY '" +
                                     db->password_ + "'; GRANT ALL ON *.* TO " + user,
                                 ""));
  return db;
}

MariadbServer::~MariadbServer() {
  Kill();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

void MariadbServer::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string MariadbServer::Dsn(const std::string& database) const {
  return "mysql://" + user_ + ":" + Encode(password_) + "@127.0.0.1:" + std::to_string(port_) +
         "/" + database;
}

std::string MariadbServer::NoPasswordDsn(const std::string& database) const {
  return "mysql://" + user_ + "@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

Status MariadbServer::Execute(const std::string& sql, const std::string& database) const {
  Conn conn;
  LH_RETURN_IF_ERROR(OpenRoot(socket_, database, &conn));
  return Run(conn.mysql, sql).status();
}

Result<std::string> MariadbServer::QueryValue(const std::string& sql,
                                              const std::string& database) const {
  Conn conn;
  LH_RETURN_IF_ERROR(OpenRoot(socket_, database, &conn));
  return Run(conn.mysql, sql);
}

}  // namespace lakehouse::testing
