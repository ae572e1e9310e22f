# Writes INPUT as a C++ raw string literal into OUTPUT, so a data file (the
# decision table) is compiled into the binaries and needs no install path.
# Usage: cmake -DINPUT=<file> -DOUTPUT=<file> -P EmbedText.cmake
file(READ "${INPUT}" content)
string(FIND "${content}" ")taskfit_embed\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter; pick another")
endif()
file(WRITE "${OUTPUT}.tmp" "R\"taskfit_embed(${content})taskfit_embed\"\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
