#include "cli/migrate_catalog_command.h"

#include <iostream>

#include "catalog/catalog_copy.h"
#include "catalog/catalog_url.h"
#include "catalog/metastore.h"
#include "cli/server_client.h"
#include "common/clock.h"

namespace lakehouse {
namespace {

Result<std::unique_ptr<Metastore>> OpenAt(const std::string& url, const std::string& data_dir,
                                          const std::string& password_file, const Clock& clock) {
  MetastoreOptions options;
  options.data_dir = data_dir;
  options.url = url;
  options.password_file = password_file;
  return Metastore::Open(options, clock);
}

}  // namespace

int RunMigrateCatalogCommand(const Invocation& in) {
  const std::string from_url = in.Get("--from");
  const std::string to_url = in.Get("--to");
  const std::string data_dir = in.Get("--data-dir", "./data");
  const std::string password_file = in.Get("--password-file");
  if (from_url.empty() || to_url.empty()) {
    std::cerr << "migrate-catalog: --from and --to are required\n";
    return kExitUsage;
  }
  Result<CatalogLocation> from = ParseCatalogUrl(from_url, data_dir);
  Result<CatalogLocation> to = ParseCatalogUrl(to_url, data_dir);
  for (const auto* location : {&from, &to}) {
    if (!location->ok()) {
      std::cerr << "migrate-catalog: " << location->status().message() << "\n";
      return kExitUsage;
    }
  }
  if (from->dialect != CatalogDialect::kSqlite) {
    std::cerr << "migrate-catalog: --from must be sqlite:PATH\n";
    return kExitUsage;
  }
  from->password_file = password_file;
  to->password_file = password_file;
  SystemClock clock;
  Result<CatalogCopyReport> report = CopyCatalog(*from, *to, data_dir, clock);
  if (!report.ok()) {
    std::cerr << "migrate-catalog: " << report.status().ToString() << "\n";
    return 1;
  }
  for (const auto& [table, rows] : report->tables) {
    std::cout << "copied " << rows << " rows of " << table << "\n";
  }
  auto source = OpenAt(from_url, data_dir, password_file, clock);
  auto target = OpenAt(to_url, data_dir, password_file, clock);
  if (!source.ok() || !target.ok()) {
    std::cerr << "migrate-catalog: reopening to verify: "
              << (source.ok() ? target.status() : source.status()).ToString() << "\n";
    return 1;
  }
  Status verified = CompareCatalogs(**source, **target, &*report);
  if (!verified.ok()) {
    std::cerr << "migrate-catalog: verification failed: " << verified.ToString() << "\n";
    return 1;
  }
  std::cout << "verified " << report->datasets << " datasets, " << report->versions << " versions, "
            << report->files << " files: " << from->Describe() << " -> " << to->Describe() << "\n";
  return 0;
}

}  // namespace lakehouse
