// Forward declarations of libpq's handle structs, so public headers of pg/ need not include
// libpq-fe.h (only pg/*.cc do).
#pragma once

struct pg_conn;
struct pg_result;
