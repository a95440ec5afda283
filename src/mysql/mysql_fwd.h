// Forward declarations of Connector/C's handles, so headers outside mysql/*.cc need not include
// mysql.h.
#pragma once

struct st_mysql;
struct st_mysql_res;
