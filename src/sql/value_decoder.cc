#include "sql/value_decoder.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "sql/logical_type.h"
#include "sql/value_format.h"

namespace lakehouse::sql_detail {
namespace {

template <typename T>
T At(duckdb_vector vector, uint64_t row) {
  return static_cast<const T*>(duckdb_vector_get_data(vector))[row];
}

std::string_view StringAt(duckdb_vector vector, uint64_t row) {
  auto* strings = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
  return {duckdb_string_t_data(&strings[row]), duckdb_string_t_length(strings[row])};
}

Json FiniteOrNull(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

// FLOAT goes through its shortest decimal spelling so 0.1f prints as 0.1, not 0.10000000149.
Json FloatToJson(float value) {
  if (!std::isfinite(value)) return nullptr;
  char buf[32];
  for (int precision = 6; precision <= 9; ++precision) {  // 9 digits always round-trip a float
    std::snprintf(buf, sizeof(buf), "%.*g", precision, value);
    if (std::strtof(buf, nullptr) == value) break;
  }
  return std::strtod(buf, nullptr);
}

Json HugeToJson(__int128 value) {
  if (value >= std::numeric_limits<int64_t>::min() &&
      value <= std::numeric_limits<int64_t>::max()) {
    return static_cast<int64_t>(value);
  }
  return Int128ToString(value);
}

__int128 HugeAt(duckdb_vector vector, uint64_t row) {
  duckdb_hugeint h = At<duckdb_hugeint>(vector, row);
  return (static_cast<__int128>(h.upper) << 64) | h.lower;
}

std::string BitString(std::string_view bytes) {
  if (bytes.empty()) return "";
  std::string out;
  int padding = static_cast<uint8_t>(bytes[0]);
  for (size_t i = 1; i < bytes.size(); ++i) {
    for (int bit = 7; bit >= 0; --bit) {
      if (i == 1 && 7 - bit < padding) continue;
      out += ((static_cast<uint8_t>(bytes[i]) >> bit) & 1) ? '1' : '0';
    }
  }
  return out;
}

Json TimestampJson(duckdb_vector vector, uint64_t row, bool finite, int64_t units, bool utc) {
  int64_t value = At<int64_t>(vector, row);
  if (!finite) return value > 0 ? "infinity" : "-infinity";
  return FormatIsoTimestamp(value, units, utc);
}

}  // namespace

ValueDecoder::ValueDecoder(duckdb_logical_type type)
    : id_(duckdb_get_type_id(type)), type_name_(TypeName(type)) {
  switch (id_) {
    case DUCKDB_TYPE_DECIMAL:
      storage_ = duckdb_decimal_internal_type(type);
      scale_ = duckdb_decimal_scale(type);
      break;
    case DUCKDB_TYPE_ENUM:
      storage_ = duckdb_enum_internal_type(type);
      for (uint32_t i = 0; i < duckdb_enum_dictionary_size(type); ++i) {
        names_.push_back(TakeDuckDbString(duckdb_enum_dictionary_value(type, i)));
      }
      break;
    case DUCKDB_TYPE_LIST:
      children_.emplace_back(LogicalType(duckdb_list_type_child_type(type)).get());
      break;
    case DUCKDB_TYPE_ARRAY:
      array_size_ = duckdb_array_type_array_size(type);
      children_.emplace_back(LogicalType(duckdb_array_type_child_type(type)).get());
      break;
    case DUCKDB_TYPE_MAP:
      children_.emplace_back(LogicalType(duckdb_map_type_key_type(type)).get());
      children_.emplace_back(LogicalType(duckdb_map_type_value_type(type)).get());
      break;
    case DUCKDB_TYPE_STRUCT:
      for (idx_t i = 0; i < duckdb_struct_type_child_count(type); ++i) {
        std::string name = TakeDuckDbString(duckdb_struct_type_child_name(type, i));
        names_.push_back(name.empty() ? std::to_string(i) : name);
        children_.emplace_back(LogicalType(duckdb_struct_type_child_type(type, i)).get());
      }
      break;
    case DUCKDB_TYPE_UNION:
      for (idx_t i = 0; i < duckdb_union_type_member_count(type); ++i) {
        names_.push_back(TakeDuckDbString(duckdb_union_type_member_name(type, i)));
        children_.emplace_back(LogicalType(duckdb_union_type_member_type(type, i)).get());
      }
      break;
    default:
      break;
  }
}

bool ValueDecoder::IsNull(duckdb_vector vector, uint64_t row) {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  return validity != nullptr && !duckdb_validity_row_is_valid(validity, row);
}

Json ValueDecoder::Decode(duckdb_vector vector, uint64_t row) const {
  if (IsNull(vector, row)) return nullptr;
  switch (id_) {
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_ARRAY:
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_UNION:
    case DUCKDB_TYPE_MAP:
      return DecodeNested(vector, row);
    default:
      return DecodeScalar(vector, row);
  }
}

Json ValueDecoder::DecodeScalar(duckdb_vector vector, uint64_t row) const {
  switch (id_) {
    case DUCKDB_TYPE_BOOLEAN:
      return At<bool>(vector, row);
    case DUCKDB_TYPE_TINYINT:
      return At<int8_t>(vector, row);
    case DUCKDB_TYPE_SMALLINT:
      return At<int16_t>(vector, row);
    case DUCKDB_TYPE_INTEGER:
      return At<int32_t>(vector, row);
    case DUCKDB_TYPE_BIGINT:
      return At<int64_t>(vector, row);
    case DUCKDB_TYPE_UTINYINT:
      return At<uint8_t>(vector, row);
    case DUCKDB_TYPE_USMALLINT:
      return At<uint16_t>(vector, row);
    case DUCKDB_TYPE_UINTEGER:
      return At<uint32_t>(vector, row);
    case DUCKDB_TYPE_UBIGINT:
      return At<uint64_t>(vector, row);
    case DUCKDB_TYPE_HUGEINT:
      return HugeToJson(HugeAt(vector, row));
    case DUCKDB_TYPE_UHUGEINT: {
      duckdb_uhugeint h = At<duckdb_uhugeint>(vector, row);
      if (h.upper == 0) return h.lower;
      return UInt128ToString((static_cast<unsigned __int128>(h.upper) << 64) | h.lower);
    }
    case DUCKDB_TYPE_FLOAT:
      return FloatToJson(At<float>(vector, row));
    case DUCKDB_TYPE_DOUBLE:
      return FiniteOrNull(At<double>(vector, row));
    case DUCKDB_TYPE_DECIMAL: {
      double unscaled = 0;
      switch (storage_) {
        case DUCKDB_TYPE_SMALLINT:
          unscaled = At<int16_t>(vector, row);
          break;
        case DUCKDB_TYPE_INTEGER:
          unscaled = At<int32_t>(vector, row);
          break;
        case DUCKDB_TYPE_BIGINT:
          unscaled = static_cast<double>(At<int64_t>(vector, row));
          break;
        default:
          unscaled = static_cast<double>(HugeAt(vector, row));
          break;
      }
      return unscaled / std::pow(10.0, scale_);
    }
    case DUCKDB_TYPE_VARCHAR:
      return std::string(StringAt(vector, row));
    case DUCKDB_TYPE_BLOB:
      return Base64Encode(StringAt(vector, row));
    case DUCKDB_TYPE_BIT:
      return BitString(StringAt(vector, row));
    case DUCKDB_TYPE_DATE: {
      duckdb_date date = At<duckdb_date>(vector, row);
      if (!duckdb_is_finite_date(date)) return date.days > 0 ? "infinity" : "-infinity";
      return FormatIsoDate(date.days);
    }
    case DUCKDB_TYPE_TIME:
      return FormatIsoTime(At<int64_t>(vector, row), 1'000'000);
    case DUCKDB_TYPE_TIME_NS:
      return FormatIsoTime(At<int64_t>(vector, row), 1'000'000'000);
    case DUCKDB_TYPE_TIME_TZ: {
      duckdb_time_tz_struct tz = duckdb_from_time_tz(At<duckdb_time_tz>(vector, row));
      int64_t micros =
          ((tz.time.hour * 60LL + tz.time.min) * 60 + tz.time.sec) * 1'000'000 + tz.time.micros;
      return FormatIsoTimeTz(micros, tz.offset);
    }
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return TimestampJson(vector, row,
                           duckdb_is_finite_timestamp(At<duckdb_timestamp>(vector, row)), 1'000'000,
                           id_ == DUCKDB_TYPE_TIMESTAMP_TZ);
    case DUCKDB_TYPE_TIMESTAMP_S:
      return TimestampJson(
          vector, row, duckdb_is_finite_timestamp_s(At<duckdb_timestamp_s>(vector, row)), 1, false);
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return TimestampJson(vector, row,
                           duckdb_is_finite_timestamp_ms(At<duckdb_timestamp_ms>(vector, row)),
                           1000, false);
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return TimestampJson(vector, row,
                           duckdb_is_finite_timestamp_ns(At<duckdb_timestamp_ns>(vector, row)),
                           1'000'000'000, false);
    case DUCKDB_TYPE_INTERVAL: {
      duckdb_interval iv = At<duckdb_interval>(vector, row);
      return FormatIsoInterval(iv.months, iv.days, iv.micros);
    }
    case DUCKDB_TYPE_UUID: {
      duckdb_hugeint h = At<duckdb_hugeint>(vector, row);
      return FormatUuid(h.upper, h.lower);
    }
    case DUCKDB_TYPE_ENUM: {
      uint64_t index = storage_ == DUCKDB_TYPE_UTINYINT    ? At<uint8_t>(vector, row)
                       : storage_ == DUCKDB_TYPE_USMALLINT ? At<uint16_t>(vector, row)
                                                           : At<uint32_t>(vector, row);
      return index < names_.size() ? Json(names_[index]) : Json(nullptr);
    }
    default:
      return nullptr;
  }
}

Json ValueDecoder::DecodeNested(duckdb_vector vector, uint64_t row) const {
  switch (id_) {
    case DUCKDB_TYPE_LIST: {
      duckdb_list_entry entry = At<duckdb_list_entry>(vector, row);
      duckdb_vector child = duckdb_list_vector_get_child(vector);
      Json out = Json::array();
      for (uint64_t i = 0; i < entry.length; ++i) {
        out.push_back(children_[0].Decode(child, entry.offset + i));
      }
      return out;
    }
    case DUCKDB_TYPE_ARRAY: {
      duckdb_vector child = duckdb_array_vector_get_child(vector);
      Json out = Json::array();
      for (uint64_t i = 0; i < array_size_; ++i) {
        out.push_back(children_[0].Decode(child, row * array_size_ + i));
      }
      return out;
    }
    case DUCKDB_TYPE_STRUCT: {
      Json out = Json::object();
      for (size_t i = 0; i < children_.size(); ++i) {
        out[names_[i]] = children_[i].Decode(duckdb_struct_vector_get_child(vector, i), row);
      }
      return out;
    }
    case DUCKDB_TYPE_UNION: {
      // Physically a STRUCT whose child 0 is the UTINYINT tag and child 1+i is member i.
      uint8_t tag = At<uint8_t>(duckdb_struct_vector_get_child(vector, 0), row);
      if (tag >= children_.size()) return nullptr;
      return children_[tag].Decode(duckdb_struct_vector_get_child(vector, tag + 1), row);
    }
    default:
      return DecodeMap(vector, row);
  }
}

Json ValueDecoder::DecodeMap(duckdb_vector vector, uint64_t row) const {
  // Physically a LIST of STRUCT(key, value).
  duckdb_list_entry entry = At<duckdb_list_entry>(vector, row);
  duckdb_vector entries = duckdb_list_vector_get_child(vector);
  duckdb_vector keys = duckdb_struct_vector_get_child(entries, 0);
  duckdb_vector values = duckdb_struct_vector_get_child(entries, 1);
  const bool as_object = children_[0].type_id() == DUCKDB_TYPE_VARCHAR;
  Json out = as_object ? Json::object() : Json::array();
  for (uint64_t i = entry.offset; i < entry.offset + entry.length; ++i) {
    if (as_object) {
      out[std::string(StringAt(keys, i))] = children_[1].Decode(values, i);
    } else {
      out.push_back(
          {{"key", children_[0].Decode(keys, i)}, {"value", children_[1].Decode(values, i)}});
    }
  }
  return out;
}

}  // namespace lakehouse::sql_detail
