// StoreOp: names the operations of ObjectStore, for fault injection and the error journal.
//
// Thread-safety: constants only.
#pragma once

#include <string_view>

namespace lakehouse {

enum class StoreOp {
  kPut,
  kPutFile,
  kAppend,
  kGet,
  kGetRange,
  kDelete,
  kStat,
  kList,
  kLocalPath,
  kFreeBytes,
};

// Stable lower-case name used in journal records: "put", "put_file", "get_range", …
constexpr std::string_view StoreOpName(StoreOp op) {
  switch (op) {
    case StoreOp::kPut:
      return "put";
    case StoreOp::kPutFile:
      return "put_file";
    case StoreOp::kAppend:
      return "append";
    case StoreOp::kGet:
      return "get";
    case StoreOp::kGetRange:
      return "get_range";
    case StoreOp::kDelete:
      return "delete";
    case StoreOp::kStat:
      return "stat";
    case StoreOp::kList:
      return "list";
    case StoreOp::kLocalPath:
      return "local_path";
    case StoreOp::kFreeBytes:
      return "free_bytes";
  }
  return "unknown";
}

// True for operations that change the store.
constexpr bool IsWriteOp(StoreOp op) {
  return op == StoreOp::kPut || op == StoreOp::kPutFile || op == StoreOp::kAppend ||
         op == StoreOp::kDelete;
}

}  // namespace lakehouse
