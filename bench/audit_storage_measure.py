# ADR 009: append cost of the audit log candidates (JSON-line segment files vs SQLite), one
# record ≈ 330 bytes. Run: python3 bench/audit_storage_measure.py (in a scratch directory).
import os, time, sqlite3, json
line = json.dumps({"request_id":"0123456789abcdef","time":1765120000000000,"principal":"alice","operation":"runSql","method":"POST","path":"/query/sql","status":200,"duration_ms":1.25,"datasets":["people"],"sql":"SELECT id, name FROM people WHERE id = 1","row_count":1,"index_name":None,"doc_ids":[],"subjects":[{"dataset":"people","key":"1"}]})+"\n"
N=2000
# a) file append + fdatasync per record (write requests)
fd=os.open("a.jsonl",os.O_WRONLY|os.O_CREAT|os.O_APPEND,0o640)
t=time.perf_counter()
for i in range(N):
    os.write(fd,line.encode()); os.fdatasync(fd)
a=(time.perf_counter()-t)/N*1e6
# b) file append, batches of 256, no sync (read batching)
t=time.perf_counter()
M=200000
buf=(line*256).encode()
for i in range(M//256):
    os.write(fd,buf)
b=(time.perf_counter()-t)/M*1e6
os.close(fd)
# c) sqlite WAL synchronous=FULL, one insert+commit per record
db=sqlite3.connect("a.db",isolation_level=None); db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE r(request_id TEXT, time INTEGER, principal TEXT, operation TEXT, method TEXT, path TEXT, status INTEGER, duration_ms REAL, datasets TEXT, sql TEXT, row_count INTEGER, index_name TEXT, doc_ids TEXT, subjects TEXT)")
row=("0123456789abcdef",1765120000000000,"alice","runSql","POST","/query/sql",200,1.25,'["people"]',"SELECT id, name FROM people WHERE id = 1",1,None,"[]",'[{"dataset":"people","key":"1"}]')
t=time.perf_counter()
for i in range(N):
    db.execute("BEGIN"); db.execute("INSERT INTO r VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",row); db.execute("COMMIT")
c=(time.perf_counter()-t)/N*1e6
# d) sqlite batches of 256 in one transaction
t=time.perf_counter()
for i in range(M//256):
    db.execute("BEGIN"); db.executemany("INSERT INTO r VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",[row]*256); db.execute("COMMIT")
d=(time.perf_counter()-t)/M*1e6
print(f"file append+fdatasync per record: {a:.1f} us/record")
print(f"file append batched x256, no sync: {b:.2f} us/record")
print(f"sqlite WAL FULL, commit per record: {c:.1f} us/record")
print(f"sqlite WAL FULL, batched x256: {d:.2f} us/record")
print("file bytes", os.path.getsize("a.jsonl"), "sqlite bytes", os.path.getsize("a.db")+ (os.path.getsize("a.db-wal") if os.path.exists("a.db-wal") else 0))
