# analysis_fuzzer: any text through match::analyse() and the requirement engine; included by
# tests/fuzz/CMakeLists.txt when KY_FUZZ is on (clang).
add_executable(analysis_fuzzer ${CMAKE_CURRENT_LIST_DIR}/analysis_fuzzer.cpp)
target_include_directories(analysis_fuzzer PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(analysis_fuzzer PRIVATE keiyaku_match keiyaku_segment ky_warnings)
target_compile_options(analysis_fuzzer PRIVATE -fsanitize=fuzzer)
target_link_options(analysis_fuzzer PRIVATE -fsanitize=fuzzer)
foreach(lib keiyaku_match keiyaku_segment)
  target_compile_options(${lib} PRIVATE -fsanitize=fuzzer-no-link)
endforeach()
