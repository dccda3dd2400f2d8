// Normalisation and tokenisation throughput on contract text, and the cost of loading MeCab.
//
//   KEIYAKU_BENCH_CORPUS=dir1:file2.docx build/bench/tokenize_bench
//
// Without KEIYAKU_BENCH_CORPUS the corpus is ../shared/eval/dev/*.docx and samples/*.docx. Every
// benchmark reports bytes/s of input text; the tokenizer ones also report tokens/s.

#include <base/file.hpp>
#include <base/strings.hpp>
#include <benchmark/benchmark.h>
#include <docx/reader.hpp>
#include <text/normalize.hpp>
#include <tokenize/mecab_tokenizer.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace keiyaku {
namespace {

namespace fs = std::filesystem;

struct Corpus {
  std::vector<std::string> documents;   ///< one string per file, paragraphs joined by '\n'
  std::vector<std::string> paragraphs;  ///< the same text, one paragraph each (non-empty)
  std::vector<std::string> normalized;  ///< paragraphs after text::normalize
  size_t bytes = 0;                     ///< of paragraphs
  size_t normalized_bytes = 0;
  std::string error;
};

void add_file(const fs::path& path, Corpus& corpus) {
  std::string text;
  const std::string ext = str::to_lower_ascii(path.extension().string());
  if (ext == ".docx") {
    auto doc = docx::read_file(path.string());
    if (!doc) {
      return;
    }
    for (const core::Block& b : doc->blocks) {
      text += b.text;
      text += '\n';
    }
  } else if (ext == ".txt") {
    auto data = file::read(path.string());
    if (!data) {
      return;
    }
    text = std::move(*data);
  } else {
    return;
  }
  for (std::string_view p : str::split(text, '\n')) {
    if (!str::trim(p).empty()) {
      corpus.paragraphs.emplace_back(p);
      corpus.bytes += p.size();
    }
  }
  corpus.documents.push_back(std::move(text));
}

Corpus load_corpus() {
  Corpus corpus;
  std::vector<std::string> roots;
  if (const char* env = std::getenv("KEIYAKU_BENCH_CORPUS"); env != nullptr && *env != '\0') {
    for (std::string_view r : str::split(env, ':')) {
      roots.emplace_back(r);
    }
  } else {
    roots = {std::string(KY_BENCH_SOURCE_DIR) + "/../shared/eval/dev",
             std::string(KY_BENCH_SOURCE_DIR) + "/samples"};
  }
  for (const std::string& root : roots) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(root, ec)) {
        files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        add_file(f, corpus);
      }
    } else if (fs::is_regular_file(root, ec)) {
      add_file(root, corpus);
    }
  }
  if (corpus.paragraphs.empty()) {
    corpus.error = "no .docx or .txt text found; set KEIYAKU_BENCH_CORPUS";
  }
  for (const std::string& p : corpus.paragraphs) {
    corpus.normalized.push_back(text::normalize(p).text);
    corpus.normalized_bytes += corpus.normalized.back().size();
  }
  return corpus;
}

const Corpus& corpus() {
  static const Corpus c = load_corpus();
  return c;
}

tokenize::MecabOptions options() {
  tokenize::MecabOptions o;
  o.user_dictionary = std::string(KY_BENCH_BUILD_DIR) + "/dictionaries/keiyaku-user.dic";
  return o;
}

std::shared_ptr<const tokenize::MecabTokenizer> tokenizer(benchmark::State& state) {
  static const auto loaded = tokenize::load_mecab_tokenizer(options());
  if (!loaded) {
    state.SkipWithError(format_error(loaded.error()).c_str());
    return nullptr;
  }
  return *loaded;
}

/// MeCab model load with the page cache warm: create, probe and destroy the model each time.
void BM_LoadDictionary(benchmark::State& state) {
  tokenize::MecabOptions o = options();
  o.cache = tokenize::ModelCache::bypass;
  for (auto _ : state) {
    auto t = tokenize::load_mecab_tokenizer(o);
    if (!t) {
      state.SkipWithError(format_error(t.error()).c_str());
      break;
    }
    benchmark::DoNotOptimize(t->get());
  }
}
BENCHMARK(BM_LoadDictionary)->Unit(benchmark::kMillisecond);

void BM_Normalize(benchmark::State& state) {
  const Corpus& c = corpus();
  if (!c.error.empty()) {
    state.SkipWithError(c.error.c_str());
    return;
  }
  for (auto _ : state) {
    for (const std::string& p : c.paragraphs) {
      benchmark::DoNotOptimize(text::normalize(p));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond);

/// Tokenising normalised paragraphs, as the pipeline does; with several threads sharing one model.
void BM_Tokenize(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto t = tokenizer(state);
  if (!c.error.empty() || !t) {
    state.SkipWithError(c.error.empty() ? "no tokenizer" : c.error.c_str());
    return;
  }
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& p : c.normalized) {
      tokens += t->tokenize(p).size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.normalized_bytes));
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond)->Threads(1)->Threads(2)->UseRealTime();

/// Whole documents as one string each: the chunking path.
void BM_TokenizeDocument(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto t = tokenizer(state);
  if (!c.error.empty() || !t) {
    state.SkipWithError(c.error.empty() ? "no tokenizer" : c.error.c_str());
    return;
  }
  size_t bytes = 0;
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& d : c.documents) {
      tokens += t->tokenize(d).size();
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TokenizeDocument)->Unit(benchmark::kMillisecond);

/// normalize + tokenize per paragraph: the text stages of the pipeline.
void BM_NormalizeAndTokenize(benchmark::State& state) {
  const Corpus& c = corpus();
  const auto t = tokenizer(state);
  if (!c.error.empty() || !t) {
    state.SkipWithError(c.error.empty() ? "no tokenizer" : c.error.c_str());
    return;
  }
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& p : c.paragraphs) {
      tokens += t->tokenize(text::normalize(p).text).size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.bytes));
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NormalizeAndTokenize)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace keiyaku

BENCHMARK_MAIN();
