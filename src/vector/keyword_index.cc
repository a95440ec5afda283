#include "vector/keyword_index.h"

#include <cctype>
#include <filesystem>
#include <unordered_set>

#include "catalog/catalog_statement.h"
#include "catalog/catalog_transaction.h"

namespace lakehouse {
namespace {

// Words of a query beyond this many are ignored: an OR of hundreds of terms costs a posting-list
// scan each and adds nothing to the ranking.
constexpr size_t kMaxQueryWords = 64;

constexpr std::string_view kSchema =
    "CREATE TABLE IF NOT EXISTS chunk (label INTEGER PRIMARY KEY, doc_id TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS chunk_doc ON chunk (doc_id);"
    "CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(text, "
    "tokenize = 'porter unicode61 remove_diacritics 2');"
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);";

bool IsWordByte(unsigned char c) { return std::isalnum(c) != 0 || c >= 0x80; }

// English function words. FTS5 ranks by scoring every chunk that matches any query term, so one
// "the" makes a query score nearly every chunk (≈ 150 ms at 20K chunks against ≈ 18 ms without;
// docs/adr/007), while BM25 gives such terms almost no weight anyway. They are dropped from a
// query unless it has nothing else.
bool IsStopword(std::string_view word) {
  static const std::unordered_set<std::string_view> kStopwords = {
      "a",     "about", "after", "all",   "also",  "an",   "and",    "any",   "are",  "as",
      "at",    "be",    "been",  "but",   "by",    "can",  "could",  "did",   "do",   "does",
      "for",   "from",  "had",   "has",   "have",  "he",   "her",    "his",   "how",  "i",
      "if",    "in",    "into",  "is",    "it",    "its",  "may",    "me",    "more", "most",
      "must",  "my",    "no",    "not",   "now",   "of",   "on",     "one",   "only", "or",
      "other", "our",   "out",   "over",  "shall", "she",  "should", "so",    "some", "such",
      "than",  "that",  "the",   "their", "them",  "then", "there",  "these", "they", "this",
      "those", "to",    "under", "up",    "upon",  "us",   "very",   "was",   "we",   "were",
      "what",  "when",  "which", "who",   "will",  "with", "would",  "you",   "your"};
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kStopwords.count(lower) > 0;
}

}  // namespace

std::string KeywordIndex::MatchExpression(std::string_view query) {
  std::vector<std::string_view> words;
  std::vector<std::string_view> content;
  size_t i = 0;
  while (i < query.size() && words.size() < kMaxQueryWords) {
    while (i < query.size() && !IsWordByte(static_cast<unsigned char>(query[i]))) ++i;
    const size_t begin = i;
    while (i < query.size() && IsWordByte(static_cast<unsigned char>(query[i]))) ++i;
    if (i == begin) break;
    words.push_back(query.substr(begin, i - begin));
    if (!IsStopword(words.back())) content.push_back(words.back());
  }
  std::string out;
  for (std::string_view word : content.empty() ? words : content) {
    if (!out.empty()) out += " OR ";
    out += '"';
    out.append(word);
    out += '"';
  }
  return out;
}

Result<std::unique_ptr<KeywordIndex>> KeywordIndex::Open(const std::string& dir) {
  const std::string path = dir + "/" + kFileName;
  LH_ASSIGN_OR_RETURN(CatalogDb db, CatalogDb::OpenSqlite(path, SqliteOpenOptions{}));
  Status schema = db.Execute(kSchema);
  if (!schema.ok()) return DataLoss("keyword index '", path, "': ", schema.message());
  std::unique_ptr<KeywordIndex> index(new KeywordIndex(std::move(db)));
  {
    MutexLock lock(index->mu_);  // not shared yet; for the analysis
    LH_ASSIGN_OR_RETURN(CatalogStatement seq,
                        index->db_.Prepare("SELECT value FROM meta WHERE key = 'applied_seq'"));
    LH_ASSIGN_OR_RETURN(bool row, seq.Step());
    index->applied_seq_ = row ? seq.ColumnInt(0) : 0;
  }
  return index;
}

void KeywordIndex::Remove(const std::string& dir) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(dir + "/" + kFileName + suffix, ec);
  }
}

Status KeywordIndex::Apply(int64_t seq, std::span<const std::string> drop_docs,
                           std::span<const uint64_t> removes, std::span<const KeywordChunk> adds) {
  MutexLock lock(mu_);
  return ApplyLocked(seq, /*clear=*/false, drop_docs, removes, adds);
}

Status KeywordIndex::ApplyLocked(int64_t seq, bool clear, std::span<const std::string> drop_docs,
                                 std::span<const uint64_t> removes,
                                 std::span<const KeywordChunk> adds) {
  LH_ASSIGN_OR_RETURN(CatalogTransaction tx,
                      CatalogTransaction::Begin(db_, CatalogTransaction::Mode::kImmediate));
  if (clear)
    LH_RETURN_IF_ERROR(db_.Execute("DELETE FROM chunk; DELETE FROM fts; DELETE FROM meta;"));
  if (!drop_docs.empty()) {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement drop_text,
        db_.Prepare("DELETE FROM fts WHERE rowid IN (SELECT label FROM chunk WHERE doc_id = ?1)"));
    LH_ASSIGN_OR_RETURN(CatalogStatement drop_chunks,
                        db_.Prepare("DELETE FROM chunk WHERE doc_id = ?1"));
    for (const std::string& doc : drop_docs) {
      for (CatalogStatement* s : {&drop_text, &drop_chunks}) {
        s->Reset();
        LH_RETURN_IF_ERROR(s->BindText(1, doc));
        LH_RETURN_IF_ERROR(s->Run());
      }
    }
  }
  if (!removes.empty()) {
    LH_ASSIGN_OR_RETURN(CatalogStatement del_text, db_.Prepare("DELETE FROM fts WHERE rowid = ?1"));
    LH_ASSIGN_OR_RETURN(CatalogStatement del_chunk,
                        db_.Prepare("DELETE FROM chunk WHERE label = ?1"));
    for (uint64_t label : removes) {
      for (CatalogStatement* s : {&del_text, &del_chunk}) {
        s->Reset();
        LH_RETURN_IF_ERROR(s->BindInt(1, static_cast<int64_t>(label)));
        LH_RETURN_IF_ERROR(s->Run());
      }
    }
  }
  if (!adds.empty()) {
    // INSERT OR REPLACE into FTS5 would leave the old row's terms in the index: delete first.
    LH_ASSIGN_OR_RETURN(CatalogStatement del_text, db_.Prepare("DELETE FROM fts WHERE rowid = ?1"));
    LH_ASSIGN_OR_RETURN(CatalogStatement add_text,
                        db_.Prepare("INSERT INTO fts (rowid, text) VALUES (?1, ?2)"));
    LH_ASSIGN_OR_RETURN(
        CatalogStatement add_chunk,
        db_.Prepare("INSERT OR REPLACE INTO chunk (label, doc_id) VALUES (?1, ?2)"));
    for (const KeywordChunk& add : adds) {
      const auto label = static_cast<int64_t>(add.label);
      del_text.Reset();
      LH_RETURN_IF_ERROR(del_text.BindInt(1, label));
      LH_RETURN_IF_ERROR(del_text.Run());
      add_text.Reset();
      LH_RETURN_IF_ERROR(add_text.BindInt(1, label));
      LH_RETURN_IF_ERROR(add_text.BindText(2, add.text));
      LH_RETURN_IF_ERROR(add_text.Run());
      add_chunk.Reset();
      LH_RETURN_IF_ERROR(add_chunk.BindInt(1, label));
      LH_RETURN_IF_ERROR(add_chunk.BindText(2, add.doc_id));
      LH_RETURN_IF_ERROR(add_chunk.Run());
    }
  }
  if (seq > 0) {
    LH_ASSIGN_OR_RETURN(
        CatalogStatement set_seq,
        db_.Prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('applied_seq', ?1)"));
    LH_RETURN_IF_ERROR(set_seq.BindInt(1, seq));
    LH_RETURN_IF_ERROR(set_seq.Run());
  }
  LH_RETURN_IF_ERROR(tx.Commit());
  if (seq > 0) applied_seq_ = seq;
  return Status::Ok();
}

Status KeywordIndex::Rebuild(int64_t seq, std::span<const KeywordChunk> chunks) {
  MutexLock lock(mu_);
  LH_RETURN_IF_ERROR(ApplyLocked(seq, /*clear=*/true, {}, {}, chunks));
  applied_seq_ = seq;
  return Status::Ok();
}

Result<std::vector<KeywordHit>> KeywordIndex::Search(std::string_view query, int32_t limit) const {
  std::vector<KeywordHit> out;
  const std::string match = MatchExpression(query);
  if (match.empty() || limit <= 0) return out;
  MutexLock lock(mu_);
  LH_ASSIGN_OR_RETURN(
      CatalogStatement search,
      db_.Prepare("SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2"));
  LH_RETURN_IF_ERROR(search.BindText(1, match));
  LH_RETURN_IF_ERROR(search.BindInt(2, limit));
  while (true) {
    LH_ASSIGN_OR_RETURN(bool row, search.Step());
    if (!row) break;
    out.push_back(KeywordHit{static_cast<uint64_t>(search.ColumnInt(0)),
                             static_cast<float>(-search.ColumnDouble(1))});
  }
  return out;
}

int64_t KeywordIndex::applied_seq() const {
  MutexLock lock(mu_);
  return applied_seq_;
}

int64_t KeywordIndex::chunk_count() const {
  MutexLock lock(mu_);
  Result<CatalogStatement> count = db_.Prepare("SELECT count(*) FROM chunk");
  if (!count.ok() || !count->Step().value_or(false)) return 0;
  return count->ColumnInt(0);
}

}  // namespace lakehouse
