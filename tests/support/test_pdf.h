// A minimal valid PDF written by hand, for tests of PDF ingest (unit and end-to-end).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace lakehouse::testing {

// A minimal valid PDF 1.4: one page per entry of `page_texts`, Helvetica text, and an xref table
// whose offsets are computed from the bytes actually written.
// With `encrypted`, the trailer names a Standard security handler whose user password is not empty,
// so the document cannot be opened without one.
inline std::string BuildPdf(const std::vector<std::string>& page_texts, bool encrypted = false) {
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

}  // namespace lakehouse::testing
