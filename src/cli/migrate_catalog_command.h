// `lakehouse migrate-catalog --from sqlite:PATH --to postgresql://…`: moves a deployment's catalog
// (catalog/catalog_copy.h) and verifies the copy, dataset by dataset, version by version, file by
// file. Run it with the server stopped, then start the server with catalog.url set to --to.
#pragma once

#include "cli/command_spec.h"

namespace lakehouse {

// 0 when copied and verified; 1 on failure (the target is left empty); 2 for bad arguments.
int RunMigrateCatalogCommand(const Invocation& in);

}  // namespace lakehouse
