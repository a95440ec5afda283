# Every third-party dependency is found here, once, and exposed as an imported target.
# Debian packages provide all of them except DuckDB, which scripts/setup.sh fetches (pinned).
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
pkg_check_modules(POPPLER_CPP REQUIRED IMPORTED_TARGET poppler-cpp)
# OCR of scanned PDF pages (src/ingest/pdf_ocr.cc); cairo only draws the tests' scanned PDFs.
pkg_check_modules(TESSERACT REQUIRED IMPORTED_TARGET tesseract)
pkg_check_modules(CAIRO REQUIRED IMPORTED_TARGET cairo)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBMARIADB REQUIRED IMPORTED_TARGET libmariadb)
pkg_check_modules(UTF8PROC REQUIRED IMPORTED_TARGET libutf8proc)
pkg_check_modules(LIBEDIT REQUIRED IMPORTED_TARGET libedit)  # the SQL shell's line editor
pkg_check_modules(LIBCURL REQUIRED IMPORTED_TARGET libcurl)  # the S3 object store (SigV4)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)  # S3's XML answers
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
# gRPC and protobuf (Debian's libgrpc++-dev 1.51, protobuf-compiler-grpc): the catalog's gRPC API.
pkg_check_modules(GRPCPP REQUIRED IMPORTED_TARGET grpc++)
pkg_check_modules(PROTOBUF REQUIRED IMPORTED_TARGET protobuf)
find_program(LAKEHOUSE_PROTOC protoc REQUIRED)
find_program(LAKEHOUSE_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

find_path(HNSWLIB_INCLUDE_DIR hnswlib/hnswlib.h REQUIRED)
add_library(hnswlib INTERFACE)
target_include_directories(hnswlib SYSTEM INTERFACE ${HNSWLIB_INCLUDE_DIR})

# USearch 2.26 (header-only, pinned and verified by scripts/setup.sh; ADR 014). Without NumKong its
# distance loops are plain C++: the files that instantiate them (src/vector/hnsw_index.cc, bench/)
# are built with -O3 and associative float math so that GCC vectorises their reductions.
set(USEARCH_INCLUDE_DIR ${PROJECT_SOURCE_DIR}/third_party/usearch/include)
if(NOT EXISTS ${USEARCH_INCLUDE_DIR}/usearch/index_dense.hpp)
  message(FATAL_ERROR "USearch is missing from ${USEARCH_INCLUDE_DIR}: run scripts/setup.sh")
endif()
add_library(usearch INTERFACE)
target_include_directories(usearch SYSTEM INTERFACE ${USEARCH_INCLUDE_DIR})
target_compile_definitions(usearch INTERFACE USEARCH_USE_NUMKONG=0 USEARCH_USE_OPENMP=0)
set(LAKEHOUSE_VECTOR_KERNEL_FLAGS -O3 -fassociative-math -fno-signed-zeros -fno-trapping-math)

set(DUCKDB_ROOT ${PROJECT_SOURCE_DIR}/third_party/duckdb)
if(NOT EXISTS ${DUCKDB_ROOT}/lib/libduckdb.so OR NOT EXISTS ${DUCKDB_ROOT}/include/duckdb.h)
  message(FATAL_ERROR "DuckDB is missing from ${DUCKDB_ROOT}: run scripts/setup.sh (make does it)")
endif()
add_library(duckdb SHARED IMPORTED GLOBAL)
set_target_properties(duckdb PROPERTIES
  IMPORTED_LOCATION ${DUCKDB_ROOT}/lib/libduckdb.so
  IMPORTED_SONAME libduckdb.so
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${DUCKDB_ROOT}/include
  INTERFACE_INCLUDE_DIRECTORIES ${DUCKDB_ROOT}/include)

# builtin/use-lite-v1's model files (scripts/setup.sh fetches them); the server's default folder.
set(LAKEHOUSE_USE_LITE_DIR ${PROJECT_SOURCE_DIR}/third_party/use-lite)

if(LAKEHOUSE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LAKEHOUSE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
