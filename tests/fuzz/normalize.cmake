# normalize_fuzzer: any bytes into text::normalize(); included by tests/fuzz/CMakeLists.txt when
# KY_FUZZ is on (clang). Run:  build-fuzz/tests/fuzz/normalize_fuzzer -max_total_time=60 CORPUS_DIR
add_executable(normalize_fuzzer ${CMAKE_CURRENT_LIST_DIR}/normalize_fuzzer.cpp)
target_link_libraries(normalize_fuzzer PRIVATE keiyaku_text ky_warnings)
target_compile_options(normalize_fuzzer PRIVATE -fsanitize=fuzzer)
target_link_options(normalize_fuzzer PRIVATE -fsanitize=fuzzer)
# Coverage feedback from the code under test, not only from the harness.
target_compile_options(keiyaku_text PRIVATE -fsanitize=fuzzer-no-link)
