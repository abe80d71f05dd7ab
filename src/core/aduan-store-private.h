/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "aduan-store.h"

G_BEGIN_DECLS

gboolean _aduan_store_migrate      (sqlite3  *db,
                                    GError  **error);
gboolean _aduan_store_exec         (sqlite3     *db,
                                    const char  *sql,
                                    GError     **error);
void     _aduan_store_set_error    (GError     **error,
                                    sqlite3     *db,
                                    int          rc,
                                    const char  *doing);
int      _aduan_store_get_user_version (sqlite3 *db);

/* For the outbox and sync code, which keeps its SQL in its own files but
 * shares the store's connection: hold the lock around every use. */
sqlite3 *_aduan_store_get_db       (AduanStore *self);
void     _aduan_store_lock         (AduanStore *self);
void     _aduan_store_unlock       (AduanStore *self);

G_END_DECLS
