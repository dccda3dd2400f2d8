# Embeds a data file into the binary as a function returning std::string_view, so the tool needs
# no data files at run time.
#
#   include(${KY_SOURCE_DIR}/dictionaries/Embed.cmake)
#   ky_embed_file(out_var ${KY_SOURCE_DIR}/dictionaries/variants.tsv variants_tsv)
#   # -> ${out_var} is a generated .cpp defining keiyaku::embedded::variants_tsv()
#
# The same file runs as a script (cmake -P) at build time to do the conversion, so editing the data
# file rebuilds only the generated source.
if(CMAKE_SCRIPT_MODE_FILE AND DEFINED KY_EMBED_INPUT)
  file(READ "${KY_EMBED_INPUT}" hex HEX)
  string(LENGTH "${hex}" hex_len)
  math(EXPR size "${hex_len} / 2")
  # 0x41,0x42,... with a line break every 16 bytes.
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n    " bytes "${bytes}")
  get_filename_component(name "${KY_EMBED_INPUT}" NAME)
  file(WRITE "${KY_EMBED_OUTPUT}.tmp"
    "// Generated from ${name} by dictionaries/Embed.cmake. Do not edit.\n"
    "#include <string_view>\n\n"
    "namespace keiyaku::embedded {\n\n"
    "namespace {\n"
    "// One extra NUL so that an empty file still gives a valid array.\n"
    "constexpr unsigned char k_data[] = {\n    ${bytes}0x00};\n"
    "}  // namespace\n\n"
    "std::string_view ${KY_EMBED_SYMBOL}() {\n"
    "  return {reinterpret_cast<const char*>(k_data), ${size}};  // NOLINT\n"
    "}\n\n"
    "}  // namespace keiyaku::embedded\n")
  file(COPY_FILE "${KY_EMBED_OUTPUT}.tmp" "${KY_EMBED_OUTPUT}" ONLY_IF_DIFFERENT)
  file(REMOVE "${KY_EMBED_OUTPUT}.tmp")
  return()
endif()

set(KY_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_FILE})

# ky_embed_file(<out_var> <input> <symbol>): sets <out_var> to the generated .cpp path.
function(ky_embed_file out_var input symbol)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cpp)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DKY_EMBED_INPUT=${input} -DKY_EMBED_OUTPUT=${output}
            -DKY_EMBED_SYMBOL=${symbol} -P ${KY_EMBED_SCRIPT}
    DEPENDS ${input} ${KY_EMBED_SCRIPT}
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  set(${out_var} ${output} PARENT_SCOPE)
endfunction()
