/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-outbox.h"

G_BEGIN_DECLS

/* Keys of the sync_meta table. */
#define ADUAN_SYNC_META_HUB_URL         "hub_url"
#define ADUAN_SYNC_META_DEVICE_ID       "device_id"
#define ADUAN_SYNC_META_DEVICE_ROLE     "device_role"
#define ADUAN_SYNC_META_DEVICE_NAME     "device_name"
#define ADUAN_SYNC_META_TRACKING_PREFIX "tracking_prefix"
#define ADUAN_SYNC_META_CA_FILE         "ca_file"
#define ADUAN_SYNC_META_TOKEN_STORE     "token_store"
#define ADUAN_SYNC_META_ENROLLED_AT     "enrolled_at"
#define ADUAN_SYNC_META_AUTH_REFUSED    "auth_refused"
#define ADUAN_SYNC_META_CURSOR          "changes_cursor"
#define ADUAN_SYNC_META_LAST_SYNC       "last_sync_at"
#define ADUAN_SYNC_META_LAST_ATTEMPT    "last_attempt_at"
#define ADUAN_SYNC_META_LAST_ERROR      "last_error"
#define ADUAN_SYNC_META_NOT_BEFORE      "hub_not_before"

/**
 * AduanOutboxPhoto:
 *
 * One photo of a complaint being sent, and its upload.
 */
typedef struct
{
  char    *sha256;        /* (owned) */
  gint64   size;
  char    *content_type;  /* (owned) */
  char    *upload_url;    /* (owned) (nullable) */
  gint64   bytes_sent;
  gboolean done;
  gboolean fresh_upload;  /* @upload_url was just made by the hub and holds no byte yet */
} AduanOutboxPhoto;

void       _aduan_outbox_photo_free     (AduanOutboxPhoto *photo);

char      *_aduan_outbox_get_meta       (AduanStore   *store,
                                         const char   *key,
                                         GError      **error);
gint64     _aduan_outbox_get_meta_int   (AduanStore   *store,
                                         const char   *key);
gboolean   _aduan_outbox_set_meta       (AduanStore   *store,
                                         const char   *key,
                                         const char   *value,
                                         GError      **error);
gboolean   _aduan_outbox_set_meta_int   (AduanStore   *store,
                                         const char   *key,
                                         gint64        value,
                                         GError      **error);

GPtrArray *_aduan_outbox_list_due       (AduanStore   *store,
                                         gint64        now,
                                         gboolean      due_only,
                                         GError      **error);
gboolean   _aduan_outbox_lock_for_sending (AduanStore   *store,
                                           const char * const *uuids,
                                           guint         n_uuids,
                                           GError      **error);
gboolean   _aduan_outbox_begin_sending  (AduanStore      *store,
                                         const char      *uuid,
                                         AduanComplaint **out_complaint,
                                         GPtrArray      **out_photos,
                                         GError         **error);
gboolean   _aduan_outbox_mark_json_sent (AduanStore   *store,
                                         const char   *uuid,
                                         GPtrArray    *missing_photos,
                                         GError      **error);
gboolean   _aduan_outbox_save_upload    (AduanStore   *store,
                                         const char   *uuid,
                                         const char   *sha256,
                                         const char   *upload_url,
                                         gint64        bytes_sent,
                                         GError      **error);
gboolean   _aduan_outbox_mark_photo_done (AduanStore  *store,
                                          const char  *uuid,
                                          const char  *sha256,
                                          GError     **error);
gboolean   _aduan_outbox_mark_sent      (AduanStore   *store,
                                         const char   *uuid,
                                         GError      **error);
gboolean   _aduan_outbox_mark_failed    (AduanStore   *store,
                                         const char   *uuid,
                                         guint         http_status,
                                         const char   *message,
                                         GError      **error);
gboolean   _aduan_outbox_schedule_retry (AduanStore   *store,
                                         const char   *uuid,
                                         guint         http_status,
                                         const char   *message,
                                         gint64        next_attempt_at,
                                         guint        *out_attempts,
                                         GError      **error);
gboolean   _aduan_outbox_forget_uploads (AduanStore   *store,
                                         GError      **error);
gboolean   _aduan_outbox_store_changes  (AduanStore   *store,
                                         const char   *hub_url,
                                         GPtrArray    *events,
                                         const char   *next_cursor,
                                         GPtrArray   **out_uuids,
                                         GError      **error);
char      *_aduan_outbox_photo_path     (AduanStore   *store,
                                         const char   *sha256);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanOutboxPhoto, _aduan_outbox_photo_free)

G_END_DECLS
