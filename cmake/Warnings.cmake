# Project-wide warning flags, applied through an INTERFACE target.
add_library(ky_warnings INTERFACE)
target_compile_options(ky_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wdouble-promotion -Wformat=2
  -Wimplicit-fallthrough)
if(KY_WARNINGS_AS_ERRORS)
  target_compile_options(ky_warnings INTERFACE -Werror)
endif()
