// PgCopyStream: the client side of one `COPY … TO STDOUT`: starts it and hands out its CopyData
// messages one at a time (PQgetCopyData), freeing each when the next is asked for, so memory
// holds one row at a time. After the last message the command's final status is checked: a
// server error or a broken connection mid-stream is an error, never a silent short read.
//
// Ownership: borrows the PgConnection, which must outlive the stream and run nothing else until
// Next() returned the end. Thread-safety: externally synchronised.
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "pg/pg_connection.h"

namespace lakehouse {

class PgCopyStream {
 public:
  // Sends `copy_sql` (a COPY … TO STDOUT) and expects the server to enter COPY OUT.
  static Result<PgCopyStream> Start(PgConnection* conn, std::string_view copy_sql);

  // The next message, valid until the next call; nullopt once the COPY completed successfully.
  Result<std::optional<std::string_view>> Next();
  int64_t bytes() const { return bytes_; }

 private:
  struct FreeMem {
    void operator()(char* buffer) const;
  };
  explicit PgCopyStream(PgConnection* conn) : conn_(conn) {}

  PgConnection* conn_;
  std::unique_ptr<char, FreeMem> buffer_;
  bool done_ = false;
  int64_t bytes_ = 0;
};

}  // namespace lakehouse
