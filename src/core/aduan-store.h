/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-complaint.h"

G_BEGIN_DECLS

#define ADUAN_STORE_SCHEMA_VERSION 7

#define ADUAN_TYPE_STORE (aduan_store_get_type ())
G_DECLARE_FINAL_TYPE (AduanStore, aduan_store, ADUAN, STORE, GObject)

/* Which complaints aduan_store_list() returns, and in what order. */
typedef struct
{
  const char *search;       /* (nullable) full-text query, as a person typed it */
  gint        sync_state;   /* an AduanSyncState, or -1 for any */
  guint       offset;
  guint       limit;        /* 0: no limit */
} AduanStoreQuery;

#define ADUAN_STORE_QUERY_INIT { NULL, -1, 0, 0 }

char           *aduan_store_default_data_dir (void);

AduanStore     *aduan_store_open            (const char      *data_dir,
                                             GError         **error);
const char     *aduan_store_get_data_dir    (AduanStore      *self);
const char     *aduan_store_get_device_prefix (AduanStore    *self);
gboolean        aduan_store_is_read_only    (AduanStore      *self);
void            aduan_store_set_catalog     (AduanStore      *self,
                                             AduanCatalog    *catalog);
void            aduan_store_set_area_index  (AduanStore      *self,
                                             AduanAreaIndex  *areas);

gboolean        aduan_store_save            (AduanStore      *self,
                                             AduanComplaint  *complaint,
                                             GError         **error);
AduanComplaint *aduan_store_get             (AduanStore      *self,
                                             const char      *uuid_or_code,
                                             GError         **error);
GPtrArray      *aduan_store_list            (AduanStore            *self,
                                             const AduanStoreQuery *query,
                                             GError               **error);
gint64          aduan_store_count           (AduanStore            *self,
                                             const AduanStoreQuery *query,
                                             GError               **error);
GPtrArray      *aduan_store_list_uuids      (AduanStore            *self,
                                             const AduanStoreQuery *query,
                                             GError               **error);
gboolean        aduan_store_update_search_index (AduanStore  *self,
                                                 GError     **error);
gboolean        aduan_store_set_sync_state  (AduanStore      *self,
                                             const char      *uuid,
                                             AduanSyncState   state,
                                             GError         **error);

/* The draft is what the form holds while a person types: one per form. */
gboolean        aduan_store_save_draft      (AduanStore      *self,
                                             const char      *form_id,
                                             const char      *json,
                                             GError         **error);
char           *aduan_store_load_draft      (AduanStore      *self,
                                             const char      *form_id,
                                             GError         **error);
gboolean        aduan_store_delete_draft    (AduanStore      *self,
                                             const char      *form_id,
                                             GError         **error);

G_END_DECLS
