// The only translation unit that includes USearch (ADR 014). Built with
// LAKEHOUSE_VECTOR_KERNEL_FLAGS (src/vector/CMakeLists.txt) so that USearch's plain-C++ distance
// loops are vectorised.
#include "vector/hnsw_index.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <usearch/index_dense.hpp>

#include "common/hash.h"
#include "vector/hnsw_file.h"
#include "vector/vector_ops.h"

namespace lakehouse {
namespace {

namespace us = unum::usearch;

static_assert(sizeof(us::default_key_t) == sizeof(uint64_t), "labels are 64-bit");

// Concurrent USearch operations each need a thread slot (its per-thread search context). Callers
// beyond this many wait for a slot.
constexpr size_t kThreadSlots = 32;

// The graph file: this header, then USearch's serialised index (little-endian, 160 bytes).
constexpr char kMagic[8] = {'L', 'H', 'G', 'R', 'A', 'P', 'H', '1'};
constexpr uint32_t kFormatVersion = 1;
struct FileHeader {
  char magic[8];
  uint32_t version;
  uint32_t dimensions;
  uint32_t quantization;  // HnswQuantization
  uint32_t m;
  uint32_t ef_construction;
  uint32_t reserved;
  uint64_t deleted;         // removed slots still in the graph
  uint64_t payload_bytes;   // USearch's part, after the header
  char payload_sha256[64];  // lower-case hex
  char padding[48];
};
static_assert(sizeof(FileHeader) == 160, "the header is part of the file format");

us::scalar_kind_t ScalarKind(HnswQuantization q) {
  switch (q) {
    case HnswQuantization::kF16:
      return us::scalar_kind_t::f16_k;
    case HnswQuantization::kI8:
      return us::scalar_kind_t::i8_k;
    case HnswQuantization::kNone:
      break;
  }
  return us::scalar_kind_t::f32_k;
}

// int8 codes of unit-norm vectors: a component rarely exceeds 4/√d in magnitude, so that maps to
// ±127 (clamped beyond); the inner product of two codes is the float one times scale².
float Int8Scale(int32_t dimensions) {
  return 127.0f * std::sqrt(static_cast<float>(dimensions)) / 4.0f;
}

Status CheckOptions(const HnswOptions& o) {
  if (o.dimensions < 1 || o.dimensions > 65536) {
    return InvalidArgument("vector dimensions must be in [1, 65536], got ",
                           std::to_string(o.dimensions));
  }
  if (o.m < 2 || o.m > 200) return InvalidArgument("hnsw m must be in [2, 200]");
  if (o.ef_construction < 1) return InvalidArgument("hnsw ef_construction must be positive");
  if (o.ef_search < 1) return InvalidArgument("hnsw ef_search must be positive");
  if (o.initial_capacity < 1 || o.initial_capacity > (int64_t{1} << 32) - 1) {
    return InvalidArgument("hnsw initial_capacity must be in [1, 2^32)");
  }
  if (o.quantization == HnswQuantization::kI8 && !o.normalize) {
    return InvalidArgument("int8 quantization needs normalised vectors");
  }
  return Status::Ok();
}

// A free USearch thread slot for the lifetime of the lease.
class ThreadSlots {
 public:
  ThreadSlots() {
    for (size_t i = kThreadSlots; i-- > 0;) free_.push_back(i);
  }
  class Lease {
   public:
    explicit Lease(ThreadSlots& slots) : slots_(slots), id_(slots.Acquire()) {}
    ~Lease() { slots_.Release(id_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    size_t id() const { return id_; }

   private:
    ThreadSlots& slots_;
    const size_t id_;
  };

 private:
  size_t Acquire() {
    std::unique_lock lock(mu_);
    available_.wait(lock, [&] { return !free_.empty(); });
    const size_t id = free_.back();
    free_.pop_back();
    return id;
  }
  void Release(size_t id) {
    {
      std::lock_guard lock(mu_);
      free_.push_back(id);
    }
    available_.notify_one();
  }
  std::mutex mu_;
  std::condition_variable available_;
  std::vector<size_t> free_;  // guarded by mu_
};

// A read-only mapping of a whole file, unmapped on destruction.
class MappedFile {
 public:
  static Result<MappedFile> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return NotFound("vector index file ", path, " does not exist");
      return Internal("open ", path, ": ", std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      return Internal("stat ", path, ": ", std::strerror(errno));
    }
    MappedFile file;
    file.size_ = static_cast<size_t>(st.st_size);
    if (file.size_ > 0) {
      void* data = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (data == MAP_FAILED) {
        ::close(fd);
        return Internal("mmap ", path, ": ", std::strerror(errno));
      }
      ::madvise(data, file.size_, MADV_SEQUENTIAL);
      file.data_ = static_cast<const char*>(data);
    }
    ::close(fd);
    return file;
  }
  MappedFile() = default;
  MappedFile(MappedFile&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
  }
  const char* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace

std::string_view HnswQuantizationName(HnswQuantization q) {
  switch (q) {
    case HnswQuantization::kF16:
      return "f16";
    case HnswQuantization::kI8:
      return "i8";
    case HnswQuantization::kNone:
      break;
  }
  return "none";
}

Result<HnswQuantization> ParseHnswQuantization(std::string_view name) {
  for (const HnswQuantization q :
       {HnswQuantization::kNone, HnswQuantization::kF16, HnswQuantization::kI8}) {
    if (name == HnswQuantizationName(q)) return q;
  }
  return InvalidArgument("unknown quantization '", std::string(name), "' (expected none, f16, i8)");
}

struct HnswIndex::Graph {
  us::index_dense_t index;
  ThreadSlots slots;
  // Serialise concurrent Adds of one label (USearch checks for a duplicate key, then inserts).
  std::array<std::mutex, 64> label_locks;
  std::atomic<int32_t> ef_search{0};
  float i8_scale = 1.0f;
  // Removed slots still in the graph (the next Adds reuse them); changed under mu_ exclusively.
  size_t deleted = 0;
  // Slots taken or being taken by Adds running under the shared lock.
  std::atomic<size_t> claimed{0};

  // Converts a prepared vector to what the graph stores, into `i8` when quantized to int8.
  const int8_t* Quantize(const std::vector<float>& v, std::vector<int8_t>& i8) const {
    i8.resize(v.size());
    for (size_t d = 0; d < v.size(); ++d) {
      i8[d] = static_cast<int8_t>(std::clamp(std::lround(v[d] * i8_scale), -127L, 127L));
    }
    return i8.data();
  }
  us::index_dense_t::add_result_t AddTo(uint64_t label, const std::vector<float>& v, bool int8) {
    ThreadSlots::Lease slot(slots);
    if (!int8) return index.add(label, v.data(), slot.id());
    std::vector<int8_t> codes;
    return index.add(label, Quantize(v, codes), slot.id());
  }
  // Capacity for `wanted` slots (with room to spare); requires mu_ held exclusively.
  Status Reserve(size_t wanted) {
    if (wanted <= index.capacity()) return Status::Ok();
    const size_t capacity = std::max<size_t>({16, index.capacity() * 2, wanted});
    if (!index.try_reserve(us::index_limits_t(capacity, kThreadSlots))) {
      return ResourceExhausted("cannot grow the vector index to ", std::to_string(capacity),
                               " elements");
    }
    return Status::Ok();
  }
};

HnswIndex::HnswIndex(const HnswOptions& options, std::unique_ptr<Graph> graph)
    : options_(options), graph_(std::move(graph)) {
  graph_->ef_search = options.ef_search;
  graph_->i8_scale = Int8Scale(options.dimensions);
  graph_->claimed = graph_->index.size() + graph_->deleted;
}

HnswIndex::~HnswIndex() = default;

namespace {

// float32 graphs use the project's own inner-product kernel (vector_ops.h), negated: the order
// USearch needs, and a hit's score is then -distance, bit for bit the DotProduct that ExactIndex
// computes. Quantized graphs use USearch's 1 - <a, b> over their int8 / float16 codes.
us::distance_punned_t NegatedDot(size_t a, size_t b, size_t dimensions) {
  return -DotProduct(reinterpret_cast<const float*>(a), reinterpret_cast<const float*>(b),
                     dimensions);
}

us::metric_punned_t MetricFor(const HnswOptions& options) {
  const auto dims = static_cast<size_t>(options.dimensions);
  if (options.quantization == HnswQuantization::kNone) {
    return us::metric_punned_t::stateless(dims, reinterpret_cast<std::uintptr_t>(&NegatedDot),
                                          us::metric_punned_signature_t::array_array_size_k,
                                          us::metric_kind_t::ip_k, us::scalar_kind_t::f32_k);
  }
  return us::metric_punned_t(dims, us::metric_kind_t::ip_k, ScalarKind(options.quantization));
}

Result<us::index_dense_t> MakeIndex(const HnswOptions& options) {
  const us::metric_punned_t metric = MetricFor(options);
  // expansion_search 1: a search's beam is max(this, wanted), and Search asks for max(k, ef).
  us::index_dense_config_t config(static_cast<size_t>(options.m),
                                  static_cast<size_t>(options.ef_construction), 1);
  auto made = us::index_dense_t::make(metric, config, us::default_free_value<us::default_key_t>(),
                                      us::index_limits_t(us::unreserved_t{}));
  if (!made) return ResourceExhausted("cannot create the vector index: ", made.error.what());
  return std::move(made.index);
}

}  // namespace

Result<std::unique_ptr<HnswIndex>> HnswIndex::Create(const HnswOptions& options) {
  LH_RETURN_IF_ERROR(CheckOptions(options));
  auto graph = std::make_unique<Graph>();
  LH_ASSIGN_OR_RETURN(graph->index, MakeIndex(options));
  LH_RETURN_IF_ERROR(graph->Reserve(static_cast<size_t>(options.initial_capacity)));
  return std::unique_ptr<HnswIndex>(new HnswIndex(options, std::move(graph)));
}

Result<std::unique_ptr<HnswIndex>> HnswIndex::Load(const std::string& path,
                                                   const HnswOptions& options) {
  LH_RETURN_IF_ERROR(CheckOptions(options));
  LH_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
  auto corrupt = [&](const std::string& why) {
    return DataLoss("vector index file ", path, " is corrupt: ", why);
  };
  FileHeader header{};
  if (file.size() >= sizeof(header)) std::memcpy(&header, file.data(), sizeof(header));
  if (file.size() < sizeof(header) || std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) {
    if (InspectHnswFile(path, static_cast<uint64_t>(options.dimensions)).ok()) {
      return FailedPrecondition("vector index file ", path,
                                " is an hnswlib graph of an earlier version; rebuild it");
    }
    return corrupt("not a Lakehouse graph file");
  }
  if (header.version != kFormatVersion) {
    return corrupt("unknown format version " + std::to_string(header.version));
  }
  if (header.dimensions != static_cast<uint32_t>(options.dimensions)) {
    return corrupt("built for " + std::to_string(header.dimensions) + " dimensions, not " +
                   std::to_string(options.dimensions));
  }
  if (header.quantization > static_cast<uint32_t>(HnswQuantization::kI8)) {
    return corrupt("unknown quantization");
  }
  if (header.payload_bytes != file.size() - sizeof(header)) return corrupt("wrong length");
  const std::string_view payload(file.data() + sizeof(header), header.payload_bytes);
  Sha256 sha;
  sha.Update(payload);
  if (sha.FinishHex() != std::string_view(header.payload_sha256, sizeof(header.payload_sha256))) {
    return corrupt("checksum mismatch");
  }

  HnswOptions effective = options;
  effective.m = static_cast<int32_t>(header.m);
  effective.ef_construction = static_cast<int32_t>(header.ef_construction);
  effective.quantization = static_cast<HnswQuantization>(header.quantization);
  LH_RETURN_IF_ERROR(CheckOptions(effective));
  auto graph = std::make_unique<Graph>();
  LH_ASSIGN_OR_RETURN(graph->index, MakeIndex(effective));
  size_t offset = 0;
  const auto loaded = graph->index.load_from_stream([&](void* buffer, size_t length) {
    if (length > payload.size() - offset) return false;
    std::memcpy(buffer, payload.data() + offset, length);
    offset += length;
    return true;
  });
  if (!loaded) return corrupt(loaded.error.what());
  if (!graph->index.try_change_metric(MetricFor(effective))) {
    return ResourceExhausted("cannot load vector index file ", path, ": out of memory");
  }
  if (graph->index.dimensions() != static_cast<size_t>(options.dimensions) ||
      graph->index.scalar_kind() != ScalarKind(effective.quantization)) {
    return corrupt("header and graph disagree");
  }
  graph->deleted = static_cast<size_t>(header.deleted);
  LH_RETURN_IF_ERROR(graph->Reserve(std::max<size_t>(
      graph->index.size() + graph->deleted, static_cast<size_t>(options.initial_capacity))));
  return std::unique_ptr<HnswIndex>(new HnswIndex(effective, std::move(graph)));
}

Result<std::vector<float>> HnswIndex::Prepare(std::span<const float> vector,
                                              const char* what) const {
  LH_RETURN_IF_ERROR(CheckVector(vector, static_cast<size_t>(options_.dimensions), what));
  std::vector<float> copy(vector.begin(), vector.end());
  if (options_.normalize) NormalizeL2(copy);
  return copy;
}

Status HnswIndex::Add(uint64_t label, std::span<const float> vector) {
  LH_ASSIGN_OR_RETURN(const std::vector<float> v, Prepare(vector, "vector"));
  std::shared_lock add_lock(add_mu_);
  return AddPrepared(label, v);
}

Status HnswIndex::AddPrepared(uint64_t label, const std::vector<float>& v) {
  Graph& g = *graph_;
  const bool int8 = options_.quantization == HnswQuantization::kI8;
  {
    // The common case, concurrent with searches and other Adds: a new label, no removed slot to
    // reuse, and a free slot claimed before inserting.
    std::shared_lock lock(mu_);
    std::lock_guard label_lock(g.label_locks[label % g.label_locks.size()]);
    if (g.deleted == 0 && !g.index.contains(label)) {
      if (g.claimed.fetch_add(1) < g.index.capacity()) {
        if (g.AddTo(label, v, int8)) return Status::Ok();
      }
      g.claimed.fetch_sub(1);  // full: grow on the slow path
    }
  }
  std::unique_lock lock(mu_);
  if (g.index.contains(label)) {
    if (!g.index.remove(label)) return Internal("vector index: cannot replace label");
    ++g.deleted;
  }
  if (g.deleted == 0) LH_RETURN_IF_ERROR(g.Reserve(g.index.size() + 1));
  const auto added = g.AddTo(label, v, int8);
  if (!added) return ResourceExhausted("vector index insert failed: ", added.error.what());
  if (g.deleted > 0) --g.deleted;  // USearch reuses a removed slot first
  g.claimed = g.index.size() + g.deleted;
  return Status::Ok();
}

Status HnswIndex::AddBatch(std::span<const uint64_t> labels, std::span<const float> rows,
                           int32_t threads) {
  const size_t dims = static_cast<size_t>(options_.dimensions);
  if (rows.size() != labels.size() * dims) {
    return InvalidArgument("vector batch has ", std::to_string(rows.size()), " floats for ",
                           std::to_string(labels.size()), " labels of ", std::to_string(dims));
  }
  {
    std::shared_lock add_lock(add_mu_);
    std::unique_lock lock(mu_);
    LH_RETURN_IF_ERROR(graph_->Reserve(graph_->index.size() + graph_->deleted + labels.size()));
  }
  const size_t workers = std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1,
                                            std::min(kThreadSlots, labels.size() + 1));
  std::atomic<size_t> next{0};
  std::mutex error_mu;
  Status first_error = Status::Ok();
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < labels.size();) {
      Status status = Add(labels[i], rows.subspan(i * dims, dims));
      if (!status.ok()) {
        std::lock_guard lock(error_mu);
        if (first_error.ok()) first_error = std::move(status);
        next = labels.size();
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  return first_error;
}

Status HnswIndex::Remove(uint64_t label) {
  std::unique_lock lock(mu_);
  Graph& g = *graph_;
  if (!g.index.contains(label)) {
    return NotFound("vector label ", std::to_string(label), " is not in the index");
  }
  if (!g.index.remove(label)) return Internal("vector index: cannot remove label");
  ++g.deleted;
  g.claimed = g.index.size() + g.deleted;
  return Status::Ok();
}

Result<std::vector<SearchHit>> HnswIndex::Search(std::span<const float> query, int32_t k) const {
  return SearchImpl(query, k, 0, nullptr);
}

Result<std::vector<SearchHit>> HnswIndex::Search(std::span<const float> query, int32_t k,
                                                 int32_t ef_search) const {
  return SearchImpl(query, k, ef_search, nullptr);
}

Result<std::vector<SearchHit>> HnswIndex::SearchFiltered(
    std::span<const float> query, int32_t k, int32_t ef_search,
    const std::function<bool(uint64_t)>& allowed) const {
  return SearchImpl(query, k, ef_search, &allowed);
}

Result<std::vector<SearchHit>> HnswIndex::SearchImpl(
    std::span<const float> query, int32_t k, int32_t ef_search,
    const std::function<bool(uint64_t)>* allowed) const {
  if (k < 0) return InvalidArgument("k must be non-negative, got ", std::to_string(k));
  if (ef_search < 0) return InvalidArgument("ef_search must be positive");
  LH_ASSIGN_OR_RETURN(const std::vector<float> q, Prepare(query, "query"));
  std::vector<SearchHit> hits;
  std::shared_lock lock(mu_);
  const Graph& g = *graph_;
  const size_t live = g.index.size();
  if (k == 0 || live == 0) return hits;
  const size_t want = std::min(static_cast<size_t>(k), live);
  const size_t ef = static_cast<size_t>(ef_search > 0 ? ef_search : g.ef_search.load());
  const size_t wanted = std::max(want, ef);  // the beam width, as hnswlib's max(ef, k)
  const bool int8 = options_.quantization == HnswQuantization::kI8;
  std::vector<int8_t> codes;
  ThreadSlots::Lease slot(const_cast<ThreadSlots&>(g.slots));
  auto run = [&](const auto* vector) {
    if (allowed == nullptr) return g.index.search(vector, wanted, slot.id());
    return g.index.filtered_search(
        vector, wanted, [allowed](us::default_key_t key) { return (*allowed)(key); }, slot.id());
  };
  const auto found = int8 ? run(g.Quantize(q, codes)) : run(q.data());
  if (!found) return Internal("vector index search failed: ", found.error.what());
  std::vector<us::default_key_t> keys(found.size());
  std::vector<us::distance_punned_t> distances(found.size());
  const size_t count = found.dump_to(keys.data(), distances.data());
  const bool quantized = options_.quantization != HnswQuantization::kNone;
  const float score_scale = int8 ? 1.0f / (g.i8_scale * g.i8_scale) : 1.0f;
  hits.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const float distance = static_cast<float>(distances[i]);
    hits.push_back({keys[i], quantized ? (1.0f - distance) * score_scale : -distance});
  }
  std::sort(hits.begin(), hits.end(), RanksBefore);
  if (hits.size() > want) hits.resize(want);
  return hits;
}

Status HnswIndex::SetEfSearch(int32_t ef_search) {
  if (ef_search < 1) return InvalidArgument("hnsw ef_search must be positive");
  graph_->ef_search = ef_search;
  return Status::Ok();
}

Status HnswIndex::Save(const std::string& path) const {
  std::unique_lock add_lock(add_mu_);  // USearch must not insert while it serialises
  std::shared_lock lock(mu_);
  const Graph& g = *graph_;
  FileHeader header{};
  std::memcpy(header.magic, kMagic, sizeof(kMagic));
  header.version = kFormatVersion;
  header.dimensions = static_cast<uint32_t>(options_.dimensions);
  header.quantization = static_cast<uint32_t>(options_.quantization);
  header.m = static_cast<uint32_t>(options_.m);
  header.ef_construction = static_cast<uint32_t>(options_.ef_construction);
  header.deleted = g.deleted;
  header.payload_bytes = g.index.serialized_length();
  return ReplaceFileAtomically(
      path, sizeof(header) + header.payload_bytes, [&](const std::string& temp) -> Status {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(&header), sizeof(header));
        Sha256 sha;
        const auto saved = g.index.save_to_stream([&](const void* buffer, size_t length) {
          const std::string_view bytes(static_cast<const char*>(buffer), length);
          sha.Update(bytes);
          out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
          return static_cast<bool>(out);
        });
        if (!saved) return Internal("writing vector index ", temp, ": ", saved.error.what());
        const std::string digest = sha.FinishHex();
        std::memcpy(header.payload_sha256, digest.data(), sizeof(header.payload_sha256));
        out.seekp(0);
        out.write(reinterpret_cast<const char*>(&header), sizeof(header));
        out.close();
        if (!out) return Internal("writing vector index ", temp, " failed (disk full?)");
        return Status::Ok();
      });
}

bool HnswIndex::Contains(uint64_t label) const {
  std::shared_lock lock(mu_);
  return graph_->index.contains(label);
}

HnswStats HnswIndex::stats() const {
  std::shared_lock lock(mu_);
  const Graph& g = *graph_;
  return {static_cast<int64_t>(g.index.size()), static_cast<int64_t>(g.deleted),
          static_cast<int64_t>(g.index.capacity()), static_cast<int64_t>(g.index.memory_usage())};
}

}  // namespace lakehouse
