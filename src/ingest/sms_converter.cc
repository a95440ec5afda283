#include "ingest/sms_converter.h"

#include <fstream>
#include <string>

#include "ingest/parquet_output.h"
#include "ingest/scratch_table.h"
#include "ingest/sms_parser.h"

namespace lakehouse {
namespace {

Status AppendMessage(Appender& appender, const SmsMessage& message) {
  LH_RETURN_IF_ERROR(appender.AppendTimestampMicros(message.timestamp_micros));
  LH_RETURN_IF_ERROR(appender.AppendString(message.sender));
  LH_RETURN_IF_ERROR(appender.AppendString(message.body));
  return appender.EndRow();
}

}  // namespace

Status ConvertSms(Connection& conn, const ConversionJob& job) {
  std::ifstream in(job.input_path, std::ios::binary);
  if (!in) return NotFound(job.source_name, ": cannot open uploaded file");
  LH_ASSIGN_OR_RETURN(ScratchTable table,
                      ScratchTable::Create(conn, "ts TIMESTAMP, sender VARCHAR, body VARCHAR"));
  int64_t messages = 0;
  {
    LH_ASSIGN_OR_RETURN(Appender appender, conn.CreateAppender(table.name()));
    SmsExportParser parser;
    std::string line;
    while (std::getline(in, line)) {
      Result<std::optional<SmsMessage>> done = parser.AddLine(line);
      if (!done.ok()) return InvalidArgument(job.source_name, ": ", done.status().message());
      if (*done) {
        LH_RETURN_IF_ERROR(AppendMessage(appender, **done));
        ++messages;
      }
    }
    if (in.bad()) return Unavailable(job.source_name, ": read error");
    if (std::optional<SmsMessage> last = parser.Finish()) {
      LH_RETURN_IF_ERROR(AppendMessage(appender, *last));
      ++messages;
    }
    LH_RETURN_IF_ERROR(appender.Close());
  }
  if (messages == 0) return InvalidArgument(job.source_name, ": no messages");
  return CopyToParquet(conn, table.SelectAll(), job).status();
}

}  // namespace lakehouse
