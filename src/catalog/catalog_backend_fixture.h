// Test-only: run a catalog test suite against both catalog backends (ADR 018). A suite's fixture
// derives from ::testing::TestWithParam<CatalogBackend>, opens its metastore with
// FreshCatalogUrl(GetParam()) and is instantiated with
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, kCatalogBackends, CatalogBackendName);
// PostgreSQL is a real, throwaway server (tests/support/postgres_server.h) started on first use in
// the test binary and stopped at exit; every call gets a new, empty database on it.
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace lakehouse::testing {

enum class CatalogBackend { kSqlite, kPostgres };

inline const auto kCatalogBackends =
    ::testing::Values(CatalogBackend::kSqlite, CatalogBackend::kPostgres);

std::string CatalogBackendName(const ::testing::TestParamInfo<CatalogBackend>& info);

// The catalog.url of a fresh, empty catalog: "" for SQLite (the catalog in the test's data
// directory) or a new database on the binary's PostgreSQL. Fails the test when PostgreSQL does not
// start.
std::string FreshCatalogUrl(CatalogBackend backend);

}  // namespace lakehouse::testing
