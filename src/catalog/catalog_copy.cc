#include "catalog/catalog_copy.h"

#include <algorithm>
#include <map>
#include <set>

#include "catalog/catalog_json.h"
#include "catalog/catalog_statement.h"
#include "catalog/catalog_transaction.h"

namespace lakehouse {
namespace {

struct SourceTable {
  std::string name;
  std::string sql;
  std::vector<std::string> indexes;                          // CREATE INDEX statements
  std::vector<std::pair<std::string, std::string>> columns;  // name, declared type
  std::set<std::string> parents;                             // tables its foreign keys name
  bool has_rowid = true;
};

std::string Quote(const std::string& name) { return "\"" + name + "\""; }

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

Result<std::vector<SourceTable>> ReadSourceTables(CatalogDb& db) {
  std::vector<SourceTable> tables;
  LH_ASSIGN_OR_RETURN(auto list, db.Prepare("SELECT name, sql FROM sqlite_master WHERE type = "
                                            "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"));
  std::set<std::string> virtual_tables;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool row, list.Step());
    if (!row) break;
    SourceTable table{list.ColumnText(0), list.ColumnText(1), {}, {}, {}, true};
    if (Upper(table.sql).starts_with("CREATE VIRTUAL")) {
      virtual_tables.insert(table.name);
      continue;
    }
    table.has_rowid = Upper(table.sql).find("WITHOUT ROWID") == std::string::npos;
    tables.push_back(std::move(table));
  }
  // An FTS5 table's shadow tables (name_data, name_idx …) go with it.
  std::erase_if(tables, [&](const SourceTable& t) {
    return std::any_of(virtual_tables.begin(), virtual_tables.end(),
                       [&](const std::string& v) { return t.name.starts_with(v + "_"); });
  });
  for (SourceTable& table : tables) {
    LH_ASSIGN_OR_RETURN(auto columns,
                        db.Prepare("SELECT name, type FROM pragma_table_info(?) ORDER BY cid"));
    LH_RETURN_IF_ERROR(columns.BindText(1, table.name));
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, columns.Step());
      if (!row) break;
      table.columns.emplace_back(columns.ColumnText(0), Upper(columns.ColumnText(1)));
    }
    LH_ASSIGN_OR_RETURN(auto keys, db.Prepare("SELECT \"table\" FROM pragma_foreign_key_list(?)"));
    LH_RETURN_IF_ERROR(keys.BindText(1, table.name));
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, keys.Step());
      if (!row) break;
      if (keys.ColumnText(0) != table.name) table.parents.insert(keys.ColumnText(0));
    }
    LH_ASSIGN_OR_RETURN(auto indexes, db.Prepare("SELECT sql FROM sqlite_master WHERE type = "
                                                 "'index' AND tbl_name = ? AND sql IS NOT NULL"));
    LH_RETURN_IF_ERROR(indexes.BindText(1, table.name));
    while (true) {
      LH_ASSIGN_OR_RETURN(bool row, indexes.Step());
      if (!row) break;
      table.indexes.push_back(indexes.ColumnText(0));
    }
  }
  // Parents first.
  std::vector<SourceTable> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (SourceTable& table : tables) {
      if (placed.count(table.name) != 0) continue;
      bool ready = std::all_of(table.parents.begin(), table.parents.end(), [&](const auto& p) {
        return placed.count(p) != 0 ||
               std::none_of(tables.begin(), tables.end(),
                            [&](const SourceTable& t) { return t.name == p; });
      });
      if (!ready) continue;
      placed.insert(table.name);
      ordered.push_back(table);
      progress = true;
    }
    if (!progress) return FailedPrecondition("the catalog's foreign keys form a cycle");
  }
  return ordered;
}

Result<bool> TableExists(CatalogDb& db, const std::string& table) {
  std::string sql = db.dialect() == CatalogDialect::kPostgres
                        ? "SELECT 1 WHERE to_regclass(?) IS NOT NULL"
                        : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare(sql));
  LH_RETURN_IF_ERROR(stmt.BindText(1, table));
  return stmt.Step();
}

Result<int64_t> CountRows(CatalogDb& db, const std::string& table) {
  LH_ASSIGN_OR_RETURN(auto stmt, db.Prepare("SELECT count(*) FROM " + Quote(table)));
  LH_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

Result<int64_t> CopyRows(CatalogDb& from, CatalogDb& to, const SourceTable& table) {
  std::string columns;
  std::string params;
  for (const auto& [name, type] : table.columns) {
    columns += (columns.empty() ? "" : ", ") + Quote(name);
    params += params.empty() ? "?" : ", ?";
  }
  LH_ASSIGN_OR_RETURN(auto read, from.Prepare("SELECT " + columns + " FROM " + Quote(table.name) +
                                              (table.has_rowid ? " ORDER BY rowid" : "")));
  LH_ASSIGN_OR_RETURN(auto write, to.Prepare("INSERT INTO " + Quote(table.name) + " (" + columns +
                                             ") VALUES (" + params + ")"));
  int64_t rows = 0;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool row, read.Step());
    if (!row) break;
    write.Reset();
    for (size_t i = 0; i < table.columns.size(); ++i) {
      const int in = static_cast<int>(i);
      const std::string& type = table.columns[i].second;
      if (read.ColumnIsNull(in)) {
        LH_RETURN_IF_ERROR(write.BindNull(in + 1));
      } else if (type.find("INT") != std::string::npos) {
        LH_RETURN_IF_ERROR(write.BindInt(in + 1, read.ColumnInt(in)));
      } else if (type.find("REAL") != std::string::npos || type.find("DOUB") != std::string::npos ||
                 type.find("FLOA") != std::string::npos) {
        LH_RETURN_IF_ERROR(write.BindDouble(in + 1, read.ColumnDouble(in)));
      } else {
        LH_RETURN_IF_ERROR(write.BindText(in + 1, read.ColumnText(in)));
      }
    }
    Status status = write.Run();
    if (!status.ok()) return status.WithContext(StrCat("copying a row of ", table.name));
    ++rows;
  }
  return rows;
}

// Identity columns continue after the copied ids (PostgreSQL; SQLite's rowids need nothing).
Status ContinueIdentities(CatalogDb& db) {
  if (db.dialect() != CatalogDialect::kPostgres) return Status::Ok();
  LH_ASSIGN_OR_RETURN(auto identities,
                      db.Prepare("SELECT table_name, column_name FROM information_schema.columns "
                                 "WHERE table_schema = current_schema() AND is_identity = 'YES'"));
  std::vector<std::pair<std::string, std::string>> columns;
  while (true) {
    LH_ASSIGN_OR_RETURN(bool row, identities.Step());
    if (!row) break;
    columns.emplace_back(identities.ColumnText(0), identities.ColumnText(1));
  }
  for (const auto& [table, column] : columns) {
    LH_ASSIGN_OR_RETURN(auto set,
                        db.Prepare("SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(MAX(" +
                                   Quote(column) + "), 0) + 1, false) FROM " + Quote(table)));
    LH_RETURN_IF_ERROR(set.BindText(1, Quote(table)));
    LH_RETURN_IF_ERROR(set.BindText(2, column));
    LH_RETURN_IF_ERROR(set.Run());
  }
  return Status::Ok();
}

}  // namespace

Result<CatalogCopyReport> CopyCatalog(const CatalogLocation& from, const CatalogLocation& to,
                                      const std::string& data_dir, const Clock& clock) {
  if (from.dialect != CatalogDialect::kSqlite) {
    return InvalidArgument("migrate-catalog copies from a SQLite catalog (--from sqlite:PATH)");
  }
  // Both at this binary's catalog schema.
  for (const CatalogLocation* location : {&from, &to}) {
    MetastoreOptions options;
    options.data_dir = data_dir;
    options.url = location->dialect == CatalogDialect::kSqlite ? "sqlite:" + location->sqlite_path
                                                               : location->postgres_url;
    options.password_file = location->password_file;
    LH_ASSIGN_OR_RETURN(auto metastore, Metastore::Open(options, clock));
  }
  LH_ASSIGN_OR_RETURN(CatalogDb source, OpenCatalogDb(from, /*read_only=*/true, 5000));
  LH_ASSIGN_OR_RETURN(CatalogDb target, OpenCatalogDb(to, /*read_only=*/false, 5000));
  LH_ASSIGN_OR_RETURN(auto read_tx,
                      CatalogTransaction::Begin(source, CatalogTransaction::Mode::kDeferred));
  LH_ASSIGN_OR_RETURN(std::vector<SourceTable> tables, ReadSourceTables(source));
  LH_ASSIGN_OR_RETURN(auto tx,
                      CatalogTransaction::Begin(target, CatalogTransaction::Mode::kImmediate));
  for (const char* table : {"datasets", "store_migrations"}) {
    LH_ASSIGN_OR_RETURN(int64_t rows, CountRows(target, table));
    if (rows != 0) {
      return FailedPrecondition("the target catalog ", to.Describe(), " is not empty (", table,
                                " has ", rows, " rows)");
    }
  }
  CatalogCopyReport report;
  for (const SourceTable& table : tables) {
    if (table.name == "schema_migrations") continue;  // the target recorded its own
    LH_ASSIGN_OR_RETURN(bool exists, TableExists(target, table.name));
    if (!exists) {
      Status created = target.Execute(table.sql);
      for (const std::string& index : table.indexes) {
        if (!created.ok()) break;
        created = target.Execute(index);
      }
      if (!created.ok()) return created.WithContext(StrCat("creating ", table.name));
    }
    LH_ASSIGN_OR_RETURN(int64_t rows, CopyRows(source, target, table));
    report.tables.emplace_back(table.name, rows);
  }
  LH_RETURN_IF_ERROR(ContinueIdentities(target));
  LH_RETURN_IF_ERROR(tx.Commit());
  LH_RETURN_IF_ERROR(read_tx.Commit());
  return report;
}

Status CompareCatalogs(Metastore& expected, Metastore& actual, CatalogCopyReport* report) {
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> want, expected.ListDatasets());
  LH_ASSIGN_OR_RETURN(std::vector<Dataset> got, actual.ListDatasets());
  if (want.size() != got.size()) {
    return DataLoss("the copy has ", got.size(), " datasets, the source ", want.size());
  }
  // Matched by id: the two databases may order names differently (collations differ).
  auto by_id = [](const Dataset& a, const Dataset& b) { return a.id < b.id; };
  std::sort(want.begin(), want.end(), by_id);
  std::sort(got.begin(), got.end(), by_id);
  for (size_t i = 0; i < want.size(); ++i) {
    if (DatasetToJson(want[i]) != DatasetToJson(got[i])) {
      return DataLoss("dataset '", want[i].name, "' differs after the copy");
    }
    LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> want_versions,
                        expected.ListVersions(want[i].name));
    LH_ASSIGN_OR_RETURN(std::vector<DatasetVersion> got_versions,
                        actual.ListVersions(want[i].name));
    if (want_versions.size() != got_versions.size()) {
      return DataLoss("dataset '", want[i].name, "' has ", got_versions.size(),
                      " versions after the copy, ", want_versions.size(), " before");
    }
    for (size_t v = 0; v < want_versions.size(); ++v) {
      if (DatasetVersionToJson(want_versions[v]) != DatasetVersionToJson(got_versions[v])) {
        return DataLoss("version ", want_versions[v].version, " of '", want[i].name,
                        "' (its files or its record) differs after the copy");
      }
      report->files += static_cast<int64_t>(want_versions[v].files_added.size() +
                                            want_versions[v].files_removed.size());
    }
    LH_ASSIGN_OR_RETURN(std::vector<std::string> want_hashes,
                        expected.IngestedHashes(want[i].name));
    LH_ASSIGN_OR_RETURN(std::vector<std::string> got_hashes, actual.IngestedHashes(want[i].name));
    if (want_hashes != got_hashes) {
      return DataLoss("the ingested-content hashes of '", want[i].name, "' differ after the copy");
    }
    report->versions += static_cast<int64_t>(want_versions.size());
  }
  report->datasets = static_cast<int64_t>(want.size());
  return Status::Ok();
}

}  // namespace lakehouse
