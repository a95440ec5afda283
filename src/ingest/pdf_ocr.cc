#include "ingest/pdf_ocr.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>

#include "common/mutex.h"
#include "ingest/utf8_validator.h"

namespace lakehouse {
namespace {

using SteadyClock = std::chrono::steady_clock;

struct TessDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};
using TessApi = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;

struct TextDeleter {
  void operator()(char* text) const { delete[] text; }
};

// A Tesseract instance set up for `languages`, or FAILED_PRECONDITION.
Result<TessApi> OpenTesseract(const OcrOptions& options) {
  TessApi api(new tesseract::TessBaseAPI());
  // Tesseract prints diagnostics (e.g. "Estimating resolution") to stderr unless told otherwise.
  api->SetVariable("debug_file", "/dev/null");
  if (api->Init(nullptr, options.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return FailedPrecondition("OCR: Tesseract cannot load the languages '", options.languages,
                              "' (ingest.ocr_languages); install their data, e.g. Debian's "
                              "tesseract-ocr-eng");
  }
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return api;
}

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\f')) {
    text.pop_back();
  }
  Utf8Validator validator;
  if (!validator.Feed(text) || !validator.Finish()) return "";
  return text;
}

// The shared state of one file's recognition.
struct OcrRun {
  const std::string* path;
  const OcrOptions* options;
  SteadyClock::time_point deadline;
  std::atomic<size_t> next{0};
  std::atomic<bool> timed_out{false};
  std::vector<OcrPage> pages;  // one per page index; each written by the worker that took it
  Mutex mu;
  Status error LH_GUARDED_BY(mu);
};

std::string TimeoutNote(const OcrOptions& options) {
  return "not recognised: OCR of this file exceeded ingest.ocr_timeout_ms = " +
         std::to_string(options.timeout_ms);
}

void RecognizeOne(OcrRun& run, tesseract::TessBaseAPI& api, const poppler::document& document,
                  OcrPage& out) {
  std::unique_ptr<poppler::page> page(document.create_page(out.page_index));
  if (!page) {
    out.note = "not recognised: poppler cannot open the page";
    return;
  }
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  const double dpi = static_cast<double>(run.options->dpi);
  poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) {
    out.note = "not recognised: poppler cannot render the page";
    return;
  }
  api.SetImage(reinterpret_cast<const unsigned char*>(image.const_data()), image.width(),
               image.height(), /*bytes_per_pixel=*/1, image.bytes_per_row());
  api.SetSourceResolution(static_cast<int>(run.options->dpi));

  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(run.deadline - SteadyClock::now());
  if (left.count() <= 0) {
    run.timed_out = true;
    out.note = TimeoutNote(*run.options);
    return;
  }
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(static_cast<int32_t>(std::min<int64_t>(left.count(), INT32_MAX)));
  if (api.Recognize(&monitor) != 0 || monitor.deadline_exceeded()) {
    if (monitor.deadline_exceeded()) {
      run.timed_out = true;
      out.note = TimeoutNote(*run.options);
    } else {
      out.note = "not recognised: Tesseract failed on the page";
    }
    api.Clear();
    return;
  }
  std::unique_ptr<char[], TextDeleter> text(api.GetUTF8Text());
  out.text = Trimmed(text ? std::string(text.get()) : std::string());
  out.confidence = std::max(0, api.MeanTextConf());
  out.recognised = true;
  api.Clear();
}

void Worker(OcrRun& run) {
  Result<TessApi> api = OpenTesseract(*run.options);
  if (!api.ok()) {
    MutexLock lock(run.mu);
    if (run.error.ok()) run.error = api.status();
    return;
  }
  std::unique_ptr<poppler::document> document(poppler::document::load_from_file(*run.path));
  if (!document) {
    MutexLock lock(run.mu);
    if (run.error.ok()) run.error = InvalidArgument("not a readable PDF");
    return;
  }
  while (true) {
    const size_t i = run.next.fetch_add(1);
    if (i >= run.pages.size()) return;
    OcrPage& out = run.pages[i];
    if (run.timed_out || SteadyClock::now() >= run.deadline) {
      run.timed_out = true;
      out.note = TimeoutNote(*run.options);
      continue;
    }
    try {
      RecognizeOne(run, **api, *document, out);
    } catch (const std::exception& e) {
      out.note = std::string("not recognised: ") + e.what();
    }
  }
}

}  // namespace

Result<std::vector<OcrPage>> RecognizePdfPages(const std::string& path,
                                               const std::vector<int>& page_indexes,
                                               const OcrOptions& options) {
  OcrRun run;
  run.path = &path;
  run.options = &options;
  run.deadline = SteadyClock::now() + std::chrono::milliseconds(options.timeout_ms);
  run.pages.resize(page_indexes.size());
  for (size_t i = 0; i < page_indexes.size(); ++i) run.pages[i].page_index = page_indexes[i];
  if (page_indexes.empty()) return std::move(run.pages);

  const size_t threads = static_cast<size_t>(
      std::clamp<int64_t>(options.threads, 1, static_cast<int64_t>(page_indexes.size())));
  std::vector<std::thread> workers;
  for (size_t t = 1; t < threads; ++t) workers.emplace_back([&run] { Worker(run); });
  Worker(run);  // this thread is a worker too
  for (std::thread& worker : workers) worker.join();
  {
    MutexLock lock(run.mu);
    if (!run.error.ok()) return run.error;
  }
  return std::move(run.pages);
}

}  // namespace lakehouse
