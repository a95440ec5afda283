// OCR of scanned PDF pages: the tests draw PDFs from known text with cairo — a "scanned" page is
// a raster image of the text with no text layer, a text page is real PDF text — then stage them
// and measure the recognised text's character error rate (edit distance / reference length).
#include "ingest/pdf_ocr.h"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <chrono>
#include <sstream>

#include "common/logging.h"
#include "ingest/ingest_test_util.h"

namespace lakehouse {
namespace {

using testing::IngestTest;

constexpr double kPageWidthPt = 612;  // US Letter
constexpr double kPageHeightPt = 792;
constexpr double kScanDpi = 200;  // the "scanner's" resolution
constexpr double kFontPt = 12;

const std::vector<std::string> kInvoice = {
    "INVOICE 2024-0117",
    "Acme Hardware Supply, 42 Market Street, Springfield",
    "Qty 12 Galvanized steel hinges at 3.75 each: 45.00",
    "Qty 4 Oak shelf brackets at 11.20 each: 44.80",
    "Subtotal 89.80, tax 7.18, total due 96.98 by March 31",
};

const std::vector<std::string> kLetter = {
    "Dear Ms Alvarez,",
    "Thank you for your order of the twentieth of February.",
    "The remaining items will ship within five working days.",
    "Kind regards, the fulfilment team",
};

void DrawLines(cairo_t* cr, const std::vector<std::string>& lines, double scale) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, kFontPt * scale);
  cairo_set_source_rgb(cr, 0, 0, 0);
  double y = 72 * scale;
  for (const std::string& line : lines) {
    cairo_move_to(cr, 72 * scale, y);
    cairo_show_text(cr, line.c_str());
    y += 2 * kFontPt * scale;
  }
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// One page per entry: {lines, scanned}. A scanned page is the text rendered to a grey image at
// kScanDpi and placed on the page as a picture (no text layer); otherwise the text is PDF text.
std::string DrawPdf(const std::vector<std::pair<std::vector<std::string>, bool>>& pages) {
  std::string pdf;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendBytes, &pdf, kPageWidthPt, kPageHeightPt);
  cairo_t* cr = cairo_create(surface);
  for (const auto& [lines, scanned] : pages) {
    if (!scanned) {
      DrawLines(cr, lines, 1.0);
    } else {
      const double scale = kScanDpi / 72;
      cairo_surface_t* image =
          cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(kPageWidthPt * scale),
                                     static_cast<int>(kPageHeightPt * scale));
      cairo_t* ic = cairo_create(image);
      cairo_set_source_rgb(ic, 1, 1, 1);
      cairo_paint(ic);
      DrawLines(ic, lines, scale);
      cairo_destroy(ic);
      cairo_save(cr);
      cairo_scale(cr, 1 / scale, 1 / scale);
      cairo_set_source_surface(cr, image, 0, 0);
      cairo_paint(cr);
      cairo_restore(cr);
      cairo_surface_destroy(image);
    }
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return pdf;
}

// Whitespace runs → one space, trimmed: layout is not what OCR is judged on.
std::string Normalised(const std::string& text) {
  std::istringstream in(text);
  std::string word, out;
  while (in >> word) out += (out.empty() ? "" : " ") + word;
  return out;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

double CharacterErrorRate(const std::string& reference, const std::string& recognised) {
  const std::string a = Normalised(reference), b = Normalised(recognised);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return a.empty() ? 0 : static_cast<double>(row[b.size()]) / static_cast<double>(a.size());
}

class PdfOcrTest : public IngestTest {
 protected:
  // Stages `pdf` and returns its rows: [page, text, text_source, ocr_confidence, ocr_note].
  Json StagedRows(const std::string& pdf) {
    Result<StagedFile> staged = Stage("scan.pdf", pdf);
    EXPECT_TRUE(staged.ok()) << staged.status().ToString();
    if (!staged.ok()) return Json::array();
    return Rows(*staged, "page, text, text_source, ocr_confidence, ocr_note");
  }
};

TEST_F(PdfOcrTest, ScannedPageIsRecognisedWithinTwoPercentCharacterErrors) {
  Json rows = StagedRows(DrawPdf({{kInvoice, true}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][2], "ocr");
  const std::string text = rows[0][1].get<std::string>();
  const double cer = CharacterErrorRate(Joined(kInvoice), text);
  EXPECT_LE(cer, 0.02) << "recognised:\n" << text;
  EXPECT_GE(rows[0][3].get<double>(), 80.0);
  EXPECT_TRUE(rows[0][4].is_null());
}

TEST_F(PdfOcrTest, MixedPdfReportsBothSources) {
  Json rows = StagedRows(DrawPdf({{kLetter, false}, {kInvoice, true}}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], 1);
  EXPECT_EQ(rows[0][2], "text_layer");
  EXPECT_TRUE(rows[0][3].is_null());
  EXPECT_EQ(Normalised(rows[0][1].get<std::string>()), Normalised(Joined(kLetter)));
  EXPECT_EQ(rows[1][0], 2);
  EXPECT_EQ(rows[1][2], "ocr");
  EXPECT_LE(CharacterErrorRate(Joined(kInvoice), rows[1][1].get<std::string>()), 0.02);
  EXPECT_GT(rows[1][3].get<double>(), 0.0);
}

TEST_F(PdfOcrTest, PagesAreRecognisedInParallelAndInOrder) {
  std::vector<std::pair<std::vector<std::string>, bool>> pages;
  for (int i = 0; i < 4; ++i) pages.push_back({i % 2 == 0 ? kInvoice : kLetter, true});
  options_.ocr.threads = 2;
  const auto start = std::chrono::steady_clock::now();
  Json rows = StagedRows(DrawPdf(pages));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(rows.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(rows[i][0], i + 1);
    EXPECT_EQ(rows[i][2], "ocr");
    EXPECT_LE(
        CharacterErrorRate(Joined(i % 2 == 0 ? kInvoice : kLetter), rows[i][1].get<std::string>()),
        0.02)
        << "page " << i + 1;
  }
  // Reported for docs/adr/012-ocr-tesseract.md.
  std::cout << "[ ocr ] 4 scanned pages, 2 threads: " << seconds << " s, " << 4 / seconds
            << " pages/s\n";
}

TEST_F(PdfOcrTest, PagesOverTheBudgetGetANoteInsteadOfText) {
  options_.ocr.max_pages = 1;
  Json rows = StagedRows(DrawPdf({{kLetter, false}, {kInvoice, true}, {kLetter, true}}));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][2], "text_layer");  // text pages do not count against the budget
  EXPECT_EQ(rows[1][2], "ocr");
  EXPECT_EQ(rows[2][2], "none");
  EXPECT_EQ(rows[2][1], "");
  EXPECT_TRUE(rows[2][3].is_null());
  EXPECT_NE(rows[2][4].get<std::string>().find("ingest.ocr_max_pages = 1"), std::string::npos)
      << rows[2][4];
}

TEST_F(PdfOcrTest, AFileOverItsTimeoutGetsNotes) {
  options_.ocr.timeout_ms = 1;
  Json rows = StagedRows(DrawPdf({{kInvoice, true}, {kLetter, true}}));
  ASSERT_EQ(rows.size(), 2u);
  for (const Json& row : rows) {
    EXPECT_EQ(row[2], "none");
    EXPECT_NE(row[4].get<std::string>().find("ingest.ocr_timeout_ms = 1"), std::string::npos)
        << row[4];
  }
}

TEST_F(PdfOcrTest, OcrOffLeavesScannedPagesEmptyWithANote) {
  options_.ocr.max_pages = 0;
  Json rows = StagedRows(DrawPdf({{kInvoice, true}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "");
  EXPECT_EQ(rows[0][2], "none");
  EXPECT_NE(rows[0][4].get<std::string>().find("OCR is off"), std::string::npos);
}

TEST_F(PdfOcrTest, MissingLanguageDataIsAClearError) {
  options_.ocr.languages = "xyz";
  Result<StagedFile> staged = Stage("scan.pdf", DrawPdf({{kInvoice, true}}));
  EXPECT_EQ(staged.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(staged.status().message().find("'xyz'"), std::string::npos)
      << staged.status().ToString();
  EXPECT_EQ(StagingFileCount(), 0);
}

}  // namespace
}  // namespace lakehouse
