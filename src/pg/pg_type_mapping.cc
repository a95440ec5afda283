#include "pg/pg_type_mapping.h"

namespace lakehouse {
namespace {

// Type OIDs from PostgreSQL's pg_type.dat (stable across releases).
enum : uint32_t {
  kBoolOid = 16,
  kByteaOid = 17,
  kNameOid = 19,
  kInt8Oid = 20,
  kInt2Oid = 21,
  kInt4Oid = 23,
  kTextOid = 25,
  kJsonOid = 114,
  kFloat4Oid = 700,
  kFloat8Oid = 701,
  kBpcharOid = 1042,
  kVarcharOid = 1043,
  kDateOid = 1082,
  kTimeOid = 1083,
  kTimestampOid = 1114,
  kTimestampTzOid = 1184,
  kIntervalOid = 1186,
  kNumericOid = 1700,
  kUuidOid = 2950,
  kJsonbOid = 3802,
  kBoolArrayOid = 1000,
  kNameArrayOid = 1003,
  kInt2ArrayOid = 1005,
  kInt4ArrayOid = 1007,
  kTextArrayOid = 1009,
  kBpcharArrayOid = 1014,
  kVarcharArrayOid = 1015,
  kInt8ArrayOid = 1016,
  kFloat4ArrayOid = 1021,
  kFloat8ArrayOid = 1022,
  kTimestampArrayOid = 1115,
  kDateArrayOid = 1182,
  kTimestampTzArrayOid = 1185,
  kNumericArrayOid = 1231,
  kUuidArrayOid = 2951,
  // Other arrays that are common enough to recognise as arrays (published as VARCHAR[]).
  kJsonArrayOid = 199,
  kByteaArrayOid = 1001,
  kTimeArrayOid = 1183,
  kIntervalArrayOid = 1187,
  kJsonbArrayOid = 3807,
  kOidArrayOid = 1028,
};

struct Scalar {
  PgValueKind kind;
  const char* duckdb_type;
};

bool ScalarFor(uint32_t oid, Scalar* out) {
  switch (oid) {
    case kBoolOid:
      *out = {PgValueKind::kBool, "BOOLEAN"};
      return true;
    case kInt2Oid:
      *out = {PgValueKind::kInt2, "SMALLINT"};
      return true;
    case kInt4Oid:
      *out = {PgValueKind::kInt4, "INTEGER"};
      return true;
    case kInt8Oid:
      *out = {PgValueKind::kInt8, "BIGINT"};
      return true;
    case kFloat4Oid:
      *out = {PgValueKind::kFloat4, "FLOAT"};
      return true;
    case kFloat8Oid:
      *out = {PgValueKind::kFloat8, "DOUBLE"};
      return true;
    case kTextOid:
    case kVarcharOid:
    case kBpcharOid:
    case kNameOid:
    case kJsonOid:
      *out = {PgValueKind::kText, "VARCHAR"};
      return true;
    case kJsonbOid:
      *out = {PgValueKind::kJsonb, "VARCHAR"};
      return true;
    case kByteaOid:
      *out = {PgValueKind::kBytea, "BLOB"};
      return true;
    case kDateOid:
      *out = {PgValueKind::kDate, "DATE"};
      return true;
    case kTimeOid:
      *out = {PgValueKind::kTime, "TIME"};
      return true;
    case kTimestampOid:
      *out = {PgValueKind::kTimestamp, "TIMESTAMP"};
      return true;
    case kTimestampTzOid:
      *out = {PgValueKind::kTimestampTz, "TIMESTAMPTZ"};
      return true;
    case kIntervalOid:
      *out = {PgValueKind::kInterval, "INTERVAL"};
      return true;
    case kUuidOid:
      *out = {PgValueKind::kUuid, "UUID"};
      return true;
    default:
      return false;
  }
}

// Element type of the arrays published as typed LISTs.
bool ArrayElementFor(uint32_t oid, uint32_t* element) {
  switch (oid) {
    case kBoolArrayOid:
      *element = kBoolOid;
      return true;
    case kInt2ArrayOid:
      *element = kInt2Oid;
      return true;
    case kInt4ArrayOid:
      *element = kInt4Oid;
      return true;
    case kInt8ArrayOid:
      *element = kInt8Oid;
      return true;
    case kFloat4ArrayOid:
      *element = kFloat4Oid;
      return true;
    case kFloat8ArrayOid:
      *element = kFloat8Oid;
      return true;
    case kTextArrayOid:
    case kVarcharArrayOid:
    case kBpcharArrayOid:
    case kNameArrayOid:
      *element = kTextOid;
      return true;
    case kUuidArrayOid:
      *element = kUuidOid;
      return true;
    case kDateArrayOid:
      *element = kDateOid;
      return true;
    case kTimestampArrayOid:
      *element = kTimestampOid;
      return true;
    case kTimestampTzArrayOid:
      *element = kTimestampTzOid;
      return true;
    default:
      return false;
  }
}

bool IsOtherArray(uint32_t oid) {
  switch (oid) {
    case kJsonArrayOid:
    case kByteaArrayOid:
    case kTimeArrayOid:
    case kIntervalArrayOid:
    case kJsonbArrayOid:
    case kOidArrayOid:
      return true;
    default:
      return false;
  }
}

PgColumnMapping ArrayOf(PgColumnMapping m, uint32_t element_oid, std::string cast) {
  Scalar element{};
  ScalarFor(element_oid, &element);
  m.kind = PgValueKind::kArray;
  m.element_kind = element.kind;
  m.select_cast = std::move(cast);
  m.staged_type = "VARCHAR";
  m.duckdb_type = std::string(element.duckdb_type) + "[]";
  return m;
}

}  // namespace

PgColumnMapping MapPgColumn(std::string name, uint32_t oid, int32_t typmod) {
  PgColumnMapping m;
  m.name = std::move(name);
  m.oid = oid;
  m.typmod = typmod;
  if (oid == kNumericOid) {
    // typmod = ((precision << 16) | (scale & 0x7ff)) + 4; scale is an 11-bit signed number.
    if (typmod >= 4) {
      int32_t precision = ((typmod - 4) >> 16) & 0xffff;
      int32_t scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
      if (precision >= 1 && precision <= 38 && scale >= 0 && scale <= precision) {
        m.kind = PgValueKind::kDecimal;
        m.decimal_width = precision;
        m.decimal_scale = scale;
        m.duckdb_type = "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
        m.staged_type = m.duckdb_type;
        return m;
      }
    }
    m.kind = PgValueKind::kNumericDouble;
    m.duckdb_type = m.staged_type = "DOUBLE";
    return m;
  }
  Scalar scalar{};
  if (ScalarFor(oid, &scalar)) {
    m.kind = scalar.kind;
    m.duckdb_type = m.staged_type = scalar.duckdb_type;
    return m;
  }
  uint32_t element = 0;
  if (ArrayElementFor(oid, &element)) return ArrayOf(std::move(m), element, "");
  if (oid == kNumericArrayOid) return ArrayOf(std::move(m), kFloat8Oid, "::float8[]");
  if (IsOtherArray(oid)) return ArrayOf(std::move(m), kTextOid, "::text[]");
  m.kind = PgValueKind::kText;
  m.select_cast = "::text";
  m.duckdb_type = m.staged_type = "VARCHAR";
  return m;
}

}  // namespace lakehouse
