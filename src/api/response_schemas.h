// The JSON Schemas of the response bodies (the route contracts in api/routes.cc use them).
// First written from the responses the end-to-end suite receives, then kept true by it: every
// response an e2e test gets is checked against these (tests/support/openapi_contract.h). Objects
// are open: a new member is not a break; a missing required one or a wrong type is.
#pragma once

#include "common/json.h"

namespace lakehouse::response_schemas {

Json Health();              // getHealth 200
Json Ready();               // getReady 200
Json OpenApiDocument();     // getOpenApi 200
Json SqlResult();           // runSql 200
Json PagedStart();          // runPagedSql 200
Json Page();                // getQueryPage 200
Json Compaction();          // compactDataset 200
Json HotCacheEntry();       // pinDatasetInCache 200
Json Evicted();             // evictDatasetFromCache 200
Json ColumnPolicy();        // putColumnPolicy 200
Json ColumnPolicyList();    // listColumnPolicies 200
Json PolicyDeleted();       // deleteColumnPolicy, deleteAiView 200
Json AiView();              // createAiView 201, getAiView 200
Json AiViewList();          // listAiViews 200
Json CacheStats();          // getCacheStats 200
Json PutObject();           // putObject 201
Json ObjectList();          // listObjects 200
Json BucketList();          // listBuckets 200
Json Bucket();              // createBucket 201
Json StorageErrors();       // listStorageErrors 200
Json BucketHealth();        // getBucketHealth 200
Json DatasetList();         // listDatasets 200
Json Dataset();             // getDataset 200, createDataset 201, patchDatasetMetadata 200
Json VersionList();         // listDatasetVersions 200
Json DatasetVersion();      // deleteDataset 200
Json ResyncReport();        // resyncDataset 200
Json ResyncMissing();       // resyncMissing 200
Json CatalogStats();        // getCatalogStats 200
Json IngestResult();        // ingestFile 200
Json SchemaDiff();          // getDatasetSchemaDiff 200
Json TombstoneResult();     // addTombstones 200, addTombstones 207
Json TombstoneList();       // listTombstones 200
Json JobList();             // listJobs 200
Json Job();                 // getJob 200, cancelJob 200
Json JobStarted();          // ingestDb 202, createVectorIndex 202, refreshVectors 202
Json JobResult();           // ingestDb 200, createVectorIndex 200
Json IndexList();           // listVectorIndexes 200
Json Index();               // getVectorIndex 200
Json IndexPatched();        // patchVectorIndex 200, patchVectorIndex 202
Json Deleted();             // deleteVectorIndex 200
Json Freshness();           // getVectorIndexFreshness 200
Json SearchResults();       // searchVectors 200
Json SearchBatchResults();  // searchVectorsBatch 200
Json RagAnswer();           // askVectors 200
Json RefreshResult();       // refreshVectors 200
Json StaleList();           // listStaleVectorIndexes 200
Json IndexEval();           // evaluateVectorIndex 200
Json TrialList();           // runVectorIndexTrials 200, listVectorIndexTrials 200
Json BestTrials();          // bestVectorIndexTrial 200
Json AutotuneResult();      // autotuneVectorIndex 200
Json Reranked();            // rerankDocuments 200
Json Embeddings();          // embedTexts 200
Json Generation();          // generateText 200
Json ServerConfig();        // getServerConfig 200

}  // namespace lakehouse::response_schemas
