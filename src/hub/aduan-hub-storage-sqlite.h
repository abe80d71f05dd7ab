/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-hub-storage.h"

G_BEGIN_DECLS

#define ADUAN_HUB_STORAGE_SQLITE_SCHEMA_VERSION 2

#define ADUAN_HUB_TYPE_STORAGE_SQLITE (aduan_hub_storage_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (AduanHubStorageSqlite, aduan_hub_storage_sqlite, ADUAN_HUB, STORAGE_SQLITE, GObject)

AduanHubStorage *aduan_hub_storage_sqlite_open (const char  *path,
                                                GError     **error);

G_END_DECLS
