/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "aduan-status-event.h"
#include "aduan-store.h"

G_BEGIN_DECLS

/**
 * AduanOutboxItem:
 * @complaint_uuid: the complaint
 * @tracking_code: its tracking code
 * @sync_state: %ADUAN_SYNC_STATE_WAITING, %ADUAN_SYNC_STATE_SENDING (the
 *   hub may hold part of it) or %ADUAN_SYNC_STATE_FAILED (the hub refused
 *   it; see @last_error)
 * @json_sent: the hub holds the complaint's text; photos may be missing
 * @n_photos: photos to send
 * @n_photos_sent: of which the hub holds
 * @bytes_total: the photos' size
 * @bytes_sent: of which the hub held, when last asked
 * @attempts: how often sending it was tried and failed
 * @queued_at: when it was saved (UTC microseconds)
 * @last_attempt_at: when it was last tried, 0 if never
 * @next_attempt_at: not to be tried automatically before this, 0 for now
 * @last_error: (nullable): why the last attempt failed, in words a person
 *   can act on (translated when it was recorded)
 * @last_http_status: the hub's HTTP status then, 0 if none came
 *
 * A complaint on its way to the hub: what the `outbox` table holds.
 */
typedef struct
{
  char           *complaint_uuid;    /* (owned) */
  char           *tracking_code;     /* (owned) */
  AduanSyncState  sync_state;
  gboolean        json_sent;
  guint           n_photos;
  guint           n_photos_sent;
  gint64          bytes_total;
  gint64          bytes_sent;
  guint           attempts;
  gint64          queued_at;
  gint64          last_attempt_at;
  gint64          next_attempt_at;
  char           *last_error;        /* (owned) (nullable) */
  guint           last_http_status;
} AduanOutboxItem;

#define ADUAN_TYPE_OUTBOX_ITEM (aduan_outbox_item_get_type ())
GType            aduan_outbox_item_get_type      (void) G_GNUC_CONST;
AduanOutboxItem *aduan_outbox_item_copy          (const AduanOutboxItem *item);
void             aduan_outbox_item_free          (AduanOutboxItem       *item);

GPtrArray       *aduan_outbox_list               (AduanStore   *store,
                                                  GError      **error);
AduanOutboxItem *aduan_outbox_get                (AduanStore   *store,
                                                  const char   *uuid,
                                                  GError      **error);
gboolean         aduan_outbox_count              (AduanStore   *store,
                                                  guint        *out_waiting,
                                                  guint        *out_failed,
                                                  GError      **error);
gboolean         aduan_outbox_retry              (AduanStore   *store,
                                                  const char   *uuid,
                                                  GError      **error);

GPtrArray       *aduan_outbox_list_status_events (AduanStore   *store,
                                                  const char   *uuid,
                                                  GError      **error);
gboolean         aduan_outbox_get_hub_status     (AduanStore            *store,
                                                  const char            *uuid,
                                                  AduanComplaintStatus  *out_status,
                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanOutboxItem, aduan_outbox_item_free)

G_END_DECLS
