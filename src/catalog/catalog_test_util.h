// Test helpers for the catalog: a fresh temp directory per test, an in-memory ObjectStore, and
// builders for requests. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "catalog/dataset_layout.h"
#include "catalog/dataset_request.h"
#include "catalog/metastore.h"
#include "storage/object_store.h"

namespace lakehouse::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lh_catalog_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Thread-safe map-backed store; modified_micros comes from a counter so tests can order objects.
class InMemoryObjectStore final : public ObjectStore {
 public:
  Status Put(std::string_view key, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mu_);
    objects_[std::string(key)] = {std::string(data), ++tick_};
    return Status::Ok();
  }
  Status PutFile(std::string_view key, const std::string& local_path) override {
    return Internal("PutFile is not supported by the in-memory store");
  }
  Status Append(std::string_view key, std::string_view data) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto& object = objects_[std::string(key)];
    object.data += data;
    object.modified = ++tick_;
    return Status::Ok();
  }
  Result<std::string> Get(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(std::string(key));
    if (it == objects_.end()) return NotFound("no object ", std::string(key));
    return it->second.data;
  }
  Result<std::string> GetRange(std::string_view key, int64_t offset, int64_t length) override {
    LH_ASSIGN_OR_RETURN(std::string data, Get(key));
    if (offset >= static_cast<int64_t>(data.size())) return std::string();
    return data.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  Status Delete(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (objects_.erase(std::string(key)) == 0) return NotFound("no object ", std::string(key));
    return Status::Ok();
  }
  Result<ObjectInfo> Stat(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = objects_.find(std::string(key));
    if (it == objects_.end()) return NotFound("no object ", std::string(key));
    return ObjectInfo{it->first, static_cast<int64_t>(it->second.data.size()), it->second.modified};
  }
  Result<std::vector<ObjectInfo>> List(std::string_view prefix) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<ObjectInfo> out;
    for (const auto& [key, object] : objects_) {
      if (key.starts_with(prefix)) {
        out.push_back({key, static_cast<int64_t>(object.data.size()), object.modified});
      }
    }
    return out;
  }
  Result<std::string> LocalPath(std::string_view key) override {
    return std::string("mem://") + std::string(key);
  }
  Result<int64_t> FreeBytes() override { return int64_t{-1}; }

  bool Contains(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    return objects_.count(key) != 0;
  }
  std::vector<std::string> Keys() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> keys;
    for (const auto& [key, object] : objects_) keys.push_back(key);
    return keys;
  }

 private:
  struct Object {
    std::string data;
    int64_t modified = 0;
  };
  std::mutex mu_;
  std::map<std::string, Object> objects_;
  int64_t tick_ = 0;
};

inline Column MakeColumn(std::string name, std::string type) {
  Column column;
  column.name = std::move(name);
  column.type = std::move(type);
  return column;
}

inline CreateDatasetRequest MakeCreateRequest(std::string name) {
  CreateDatasetRequest request;
  request.name = std::move(name);
  request.description = "test dataset";
  request.owner = "data-team";
  request.columns = {MakeColumn("id", "BIGINT"), MakeColumn("amount", "DOUBLE")};
  request.actor = "tester";
  return request;
}

// Writes a fake Parquet object under the dataset's prefix and returns its DataFile.
inline DataFile WriteDataFile(ObjectStore& store, const std::string& dataset_id, int64_t rows,
                              const std::string& bucket = "primary") {
  std::string key = NewDataFileKey(dataset_id);
  std::string bytes(static_cast<size_t>(rows) + 8, 'p');
  EXPECT_TRUE(store.Put(key, bytes).ok());
  return DataFile{key, bucket, rows, static_cast<int64_t>(bytes.size())};
}

// `url` is catalog.url ("" = <dir>/catalog.db; catalog_backend_fixture.h makes others).
inline std::unique_ptr<Metastore> OpenMetastore(const std::string& dir, const Clock& clock,
                                                const std::string& url = "") {
  MetastoreOptions options;
  options.data_dir = dir;
  options.url = url;
  auto metastore = Metastore::Open(options, clock);
  EXPECT_TRUE(metastore.ok()) << metastore.status().ToString();
  return metastore.ok() ? std::move(*metastore) : nullptr;
}

}  // namespace lakehouse::testing
