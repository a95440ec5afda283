// PDF staging with a two-page PDF written by hand (exact xref offsets), plus broken PDFs.
#include <cstdio>

#include "ingest/ingest_test_util.h"
#include "tests/support/test_pdf.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using PdfIngestTest = IngestTest;
using testing::BuildPdf;

TEST_F(PdfIngestTest, OneRowPerPage) {
  const std::string pdf = BuildPdf({"Hello page one", "Second page text"});
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("report.pdf", pdf));
  EXPECT_EQ(staged.format, InputFormat::kPdf);
  EXPECT_EQ(staged.row_count, 2);
  EXPECT_EQ(staged.input_sha256, Sha256Hex(pdf));
  ASSERT_EQ(staged.columns.size(), 6u);
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"file", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[1], (ColumnSpec{"page", "INTEGER", false}));
  EXPECT_EQ(staged.columns[2].name, "text");
  EXPECT_EQ(staged.columns[3].name, "text_source");
  EXPECT_EQ(staged.columns[4], (ColumnSpec{"ocr_confidence", "DOUBLE", true}));
  EXPECT_EQ(staged.columns[5].name, "ocr_note");
  EXPECT_EQ(Rows(staged), Json::parse(R"([
      ["report.pdf", 1, "Hello page one", "text_layer", null, null],
      ["report.pdf", 2, "Second page text", "text_layer", null, null]])"));
}

TEST_F(PdfIngestTest, ExplicitFormatWorksWithoutExtension) {
  StageRequest request;
  request.format = InputFormat::kPdf;
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("upload.bin", BuildPdf({"x"}), request));
  EXPECT_EQ(staged.row_count, 1);
}

TEST_F(PdfIngestTest, CorruptPdfIsInvalid) {
  std::string pdf = BuildPdf({"Hello"});
  Status status = Stage("broken.pdf", pdf.substr(0, 40)).status();
  EXPECT_TRUE(testing::IsInvalid(status, {"broken.pdf"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(PdfIngestTest, PasswordProtectedPdfIsInvalid) {
  Status status = Stage("secret.pdf", BuildPdf({"Hidden"}, /*encrypted=*/true)).status();
  EXPECT_TRUE(testing::IsInvalid(status, {"secret.pdf"}));
  EXPECT_EQ(StagingFileCount(), 0);
}

TEST_F(PdfIngestTest, NonPdfNamedPdfIsInvalid) {
  EXPECT_TRUE(testing::IsInvalid(Stage("fake.pdf", "just some text\n").status(),
                                 {"fake.pdf", "not a PDF"}));
}

}  // namespace
}  // namespace lakehouse
