// ScratchTable: a connection-local TEMP table with a unique name, for converters that produce rows
// in C++ (PDF pages, SMS messages) and then COPY them to Parquet. Dropped on destruction.
//
//   LH_ASSIGN_OR_RETURN(ScratchTable table,
//                       ScratchTable::Create(conn, "page INTEGER, text VARCHAR"));
//   LH_ASSIGN_OR_RETURN(Appender app, conn.CreateAppender(table.name()));
//
// Ownership: move-only; must not outlive its Connection. Thread-safety: externally synchronised.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "sql/connection.h"

namespace lakehouse {

class ScratchTable {
 public:
  // `columns` is trusted SQL ("name TYPE, ..."), written by the converter, never by a client.
  static Result<ScratchTable> Create(Connection& conn, std::string_view columns);

  ScratchTable(ScratchTable&& other) noexcept;
  ScratchTable& operator=(ScratchTable&& other) = delete;
  ScratchTable(const ScratchTable&) = delete;
  ScratchTable& operator=(const ScratchTable&) = delete;
  ~ScratchTable();

  const std::string& name() const { return name_; }
  // "SELECT * FROM <name>", for CopyToParquet.
  std::string SelectAll() const;

 private:
  ScratchTable(Connection* conn, std::string name) : conn_(conn), name_(std::move(name)) {}

  Connection* conn_;  // null once moved from
  std::string name_;
};

}  // namespace lakehouse
