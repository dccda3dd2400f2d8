# cmake -DMECAB_DICT_INDEX=... -DSOURCE_DIR=... -DCSV=... -DOUTPUT=... -P CompileUserDic.cmake
# Runs mecab-dict-index quietly; its progress output is shown only when it fails.
execute_process(
  COMMAND ${MECAB_DICT_INDEX} -d ${SOURCE_DIR} -u ${OUTPUT}.tmp -f utf-8 -t utf-8 ${CSV}
  RESULT_VARIABLE result
  OUTPUT_VARIABLE out
  ERROR_VARIABLE out)
if(NOT result EQUAL 0 OR NOT EXISTS ${OUTPUT}.tmp)
  file(REMOVE ${OUTPUT}.tmp)
  message(FATAL_ERROR "mecab-dict-index failed on ${CSV} (exit ${result}):\n${out}")
endif()
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
