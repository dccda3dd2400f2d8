# pdf_reader_fuzzer: bytes into pdf::read_bytes, text into a PDF, words into the layout; included by
# tests/fuzz/CMakeLists.txt when KY_FUZZ is on (clang). Seeds: corpus/pdf_reader/ (make_pdf_seeds).
add_executable(pdf_reader_fuzzer ${CMAKE_CURRENT_LIST_DIR}/pdf_reader_fuzzer.cpp)
target_include_directories(pdf_reader_fuzzer PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(pdf_reader_fuzzer PRIVATE keiyaku_pdf ky_test_support ky_warnings)
target_compile_options(pdf_reader_fuzzer PRIVATE -fsanitize=fuzzer)
target_link_options(pdf_reader_fuzzer PRIVATE -fsanitize=fuzzer)
# Coverage feedback from the code under test (poppler itself is Debian's, uninstrumented).
target_compile_options(keiyaku_pdf PRIVATE -fsanitize=fuzzer-no-link)

add_executable(make_pdf_seeds ${CMAKE_CURRENT_LIST_DIR}/make_pdf_seeds.cpp)
target_link_libraries(make_pdf_seeds PRIVATE ky_test_support)
add_custom_command(TARGET pdf_reader_fuzzer POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
          $<TARGET_FILE:make_pdf_seeds> ${CMAKE_CURRENT_BINARY_DIR}/corpus/pdf_reader
  VERBATIM)
add_dependencies(pdf_reader_fuzzer make_pdf_seeds)
