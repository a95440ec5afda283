// PDF staging with a two-page PDF written by hand (exact xref offsets), plus broken PDFs.
#include <cstdio>

#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;
using PdfIngestTest = IngestTest;

// A minimal valid PDF 1.4: one page per entry of `page_texts`, Helvetica text, and an xref table
// whose offsets are computed from the bytes actually written.
// With `encrypted`, the trailer names a Standard security handler whose user password is not empty,
// so the document cannot be opened without one.
std::string BuildPdf(const std::vector<std::string>& page_texts, bool encrypted = false) {
  const int pages = static_cast<int>(page_texts.size());
  const int font = 3 + 2 * pages;
  std::vector<std::string> objects;
  objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(3 + i) + " 0 R ";
  objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  for (int i = 0; i < pages; ++i) {
    objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents " +
                      std::to_string(3 + pages + i) + " 0 R /Resources << /Font << /F1 " +
                      std::to_string(font) + " 0 R >> >> >>");
  }
  for (const std::string& text : page_texts) {
    const std::string content = "BT /F1 24 Tf 72 700 Td (" + text + ") Tj ET";
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "\nendstream");
  }
  objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  if (encrypted) {
    const std::string key(32, 'A');
    objects.push_back("<< /Filter /Standard /V 1 /R 2 /O (" + key + ") /U (" + key + ") /P -4 >>");
  }

  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char entry[21];
    std::snprintf(entry, sizeof(entry), "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R" +
         (encrypted ? " /Encrypt " + std::to_string(objects.size()) +
                          " 0 R /ID [<0123456789abcdef0123456789abcdef> "
                          "<0123456789abcdef0123456789abcdef>]"
                    : std::string()) +
         " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST_F(PdfIngestTest, OneRowPerPage) {
  const std::string pdf = BuildPdf({"Hello page one", "Second page text"});
  LH_ASSERT_OK_AND_ASSIGN(StagedFile staged, Stage("report.pdf", pdf));
  EXPECT_EQ(staged.format, InputFormat::kPdf);
  EXPECT_EQ(staged.row_count, 2);
  EXPECT_EQ(staged.input_sha256, Sha256Hex(pdf));
  ASSERT_EQ(staged.columns.size(), 3u);
  EXPECT_EQ(staged.columns[0], (ColumnSpec{"file", "VARCHAR", false}));
  EXPECT_EQ(staged.columns[1], (ColumnSpec{"page", "INTEGER", false}));
  EXPECT_EQ(staged.columns[2].name, "text");
  EXPECT_EQ(Rows(staged), Json::parse(R"([
      ["report.pdf", 1, "Hello page one"], ["report.pdf", 2, "Second page text"]])"));
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
