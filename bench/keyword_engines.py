#!/usr/bin/python3
# Keyword engines compared for docs/adr/007-keyword-search-fts5.md: SQLite FTS5 (as
# src/vector/keyword_index.cc configures it) and Xapian, on the same 20K chunks of the State of the
# Union addresses (third_party/corpora/sotu, fetched by scripts/setup.sh): build + commit time,
# query latency of 300 8-word phrases (words OR-ed, top 20), on-disk size.
# Needs Debian's python3-xapian (not a build dependency): apt-get install python3-xapian
# Run: /usr/bin/python3 bench/keyword_engines.py   (from the source tree)
import json, glob, os, re, time, random, sqlite3, shutil, statistics
import xapian
files = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'third_party/corpora/sotu/data/*.json')))
chunks = []
for f in files:
    d = json.load(open(f))
    text = d['text'] if isinstance(d, dict) else d[0]['text']
    words = text.split()
    for i in range(0, len(words), 80):  # ~500 chars per chunk, as chunk_size 512 gives
        chunks.append(' '.join(words[i:i+90]))
chunks = chunks[:20000]
print('chunks', len(chunks), 'avg chars', sum(map(len, chunks))//len(chunks))
random.seed(7)
queries = []
for _ in range(300):
    c = random.choice(chunks).split()
    s = random.randrange(max(1, len(c)-10)); queries.append(' '.join(c[s:s+8]))
def words(q): return re.findall(r'[A-Za-z0-9\x80-\uffff]+', q)
# FTS5
path = '/tmp/lh_keyword_engines_k.sqlite'
for p in [path, path+'-wal', path+'-shm']:
    if os.path.exists(p): os.remove(p)
db = sqlite3.connect(path); db.execute('pragma journal_mode=wal'); db.execute('pragma synchronous=normal')
db.execute("create virtual table fts using fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
t = time.time()
with db:
    db.executemany('insert into fts(rowid, text) values (?,?)', enumerate(chunks))
fts_build = time.time() - t
STOP = set('a about after all also an and any are as at be been but by can could did do does for from had has have he her his how i if in into is it its may me more most must my no not now of on one only or other our out over shall she should so some such than that the their them then there these they this those to under up upon us very was we were what when which who will with would you your'.split())
for drop_stopwords in (False, True):
  lat = []
  for q in queries:
    ws = [w for w in words(q) if w.lower() not in STOP] if drop_stopwords else words(q)
    m = ' OR '.join('"%s"' % w for w in (ws or words(q)))
    t = time.perf_counter(); db.execute('select rowid, bm25(fts) from fts where fts match ? order by rank limit 20', (m,)).fetchall(); lat.append(time.perf_counter()-t)
  lat.sort()
  print('fts5 (stopwords %s) build %.2fs  p50 %.2fms p95 %.2fms  size %.1fMB' % ('dropped' if drop_stopwords else 'kept', fts_build, lat[len(lat)//2]*1e3, lat[int(len(lat)*.95)]*1e3, os.path.getsize(path)/1e6 + (os.path.getsize(path+'-wal')/1e6 if os.path.exists(path+'-wal') else 0)))
# Xapian
xp = '/tmp/lh_keyword_engines_xap'
shutil.rmtree(xp, ignore_errors=True)
t = time.time()
xdb = xapian.WritableDatabase(xp, xapian.DB_CREATE_OR_OVERWRITE)
tg = xapian.TermGenerator(); tg.set_stemmer(xapian.Stem('en'))
for i, c in enumerate(chunks):
    doc = xapian.Document(); tg.set_document(doc); tg.index_text(c); xdb.replace_document(i+1, doc)
xdb.commit()
x_build = time.time() - t
qp = xapian.QueryParser(); qp.set_stemmer(xapian.Stem('en')); qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME); qp.set_default_op(xapian.Query.OP_OR)
lat = []
for q in queries:
    t = time.perf_counter(); e = xapian.Enquire(xdb); e.set_query(qp.parse_query(' '.join(words(q)))); list(e.get_mset(0, 20)); lat.append(time.perf_counter()-t)
lat.sort()
size = sum(os.path.getsize(os.path.join(xp, f)) for f in os.listdir(xp))
print('xapian build %.2fs  p50 %.2fms p95 %.2fms  size %.1fMB' % (x_build, lat[len(lat)//2]*1e3, lat[int(len(lat)*.95)]*1e3, size/1e6))
