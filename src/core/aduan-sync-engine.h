/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-store.h"
#include "aduan-sync-error.h"

G_BEGIN_DECLS

/**
 * AduanSyncStatus:
 * @ADUAN_SYNC_STATUS_NOT_ENROLLED: no hub yet: enroll the device
 * @ADUAN_SYNC_STATUS_ENROLL_AGAIN: the hub refused the device's token:
 *   enroll it again (complaints stay and are sent afterwards)
 * @ADUAN_SYNC_STATUS_OFFLINE: the hub could not be reached
 * @ADUAN_SYNC_STATUS_SYNCING: a pass is sending or reading news now
 * @ADUAN_SYNC_STATUS_WAITING: complaints wait to be sent (see
 *   #AduanSyncEngine:n-waiting); the next try is scheduled
 * @ADUAN_SYNC_STATUS_NEEDS_ATTENTION: nothing waits, but the hub refused
 *   some complaints (see #AduanSyncEngine:n-failed and the outbox)
 * @ADUAN_SYNC_STATUS_ALL_SENT: the hub holds every complaint
 *
 * The one indicator of where sync stands, for the app's header bar.
 */
typedef enum {
  ADUAN_SYNC_STATUS_NOT_ENROLLED,
  ADUAN_SYNC_STATUS_ENROLL_AGAIN,
  ADUAN_SYNC_STATUS_OFFLINE,
  ADUAN_SYNC_STATUS_SYNCING,
  ADUAN_SYNC_STATUS_WAITING,
  ADUAN_SYNC_STATUS_NEEDS_ATTENTION,
  ADUAN_SYNC_STATUS_ALL_SENT,
} AduanSyncStatus;

/**
 * AduanSyncItemState:
 * @ADUAN_SYNC_ITEM_WAITING: in the outbox, not being sent right now
 * @ADUAN_SYNC_ITEM_SENDING: being sent now; a fraction tells how far
 * @ADUAN_SYNC_ITEM_RECEIVED: the hub holds it and all its photos
 * @ADUAN_SYNC_ITEM_REFUSED: the hub refused it; the outbox says why
 *
 * Where one complaint stands on its way to the hub.
 */
typedef enum {
  ADUAN_SYNC_ITEM_WAITING,
  ADUAN_SYNC_ITEM_SENDING,
  ADUAN_SYNC_ITEM_RECEIVED,
  ADUAN_SYNC_ITEM_REFUSED,
} AduanSyncItemState;

/**
 * AduanSyncFlags:
 * @ADUAN_SYNC_FLAGS_NONE: try every complaint still to send, now
 * @ADUAN_SYNC_FLAGS_DUE_ONLY: leave out complaints whose next attempt
 *   (after a failure, with backoff) is still to come, and respect a
 *   refused token and the hub's Retry-After; what automatic passes do
 *
 * How a pass chooses what to send.
 */
typedef enum {
  ADUAN_SYNC_FLAGS_NONE = 0,
  ADUAN_SYNC_FLAGS_DUE_ONLY = 1 << 0,
} AduanSyncFlags;

#define ADUAN_TYPE_SYNC_STATUS (aduan_sync_status_get_type ())
GType aduan_sync_status_get_type (void) G_GNUC_CONST;
#define ADUAN_TYPE_SYNC_ITEM_STATE (aduan_sync_item_state_get_type ())
GType aduan_sync_item_state_get_type (void) G_GNUC_CONST;

const char *aduan_sync_status_get_label (AduanSyncStatus status);

#define ADUAN_TYPE_SYNC_ENGINE (aduan_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (AduanSyncEngine, aduan_sync_engine, ADUAN, SYNC_ENGINE, GObject)

AduanSyncEngine   *aduan_sync_engine_new             (AduanStore       *store);
AduanStore        *aduan_sync_engine_get_store       (AduanSyncEngine  *self);

void               aduan_sync_engine_start           (AduanSyncEngine  *self);
void               aduan_sync_engine_stop            (AduanSyncEngine  *self);
void               aduan_sync_engine_sync_now        (AduanSyncEngine  *self);
void               aduan_sync_engine_sync_async      (AduanSyncEngine     *self,
                                                      AduanSyncFlags       flags,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           aduan_sync_engine_sync_finish     (AduanSyncEngine  *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);

AduanSyncStatus    aduan_sync_engine_get_status      (AduanSyncEngine  *self);
gboolean           aduan_sync_engine_get_syncing     (AduanSyncEngine  *self);
guint              aduan_sync_engine_get_n_waiting   (AduanSyncEngine  *self);
guint              aduan_sync_engine_get_n_failed    (AduanSyncEngine  *self);
gint64             aduan_sync_engine_get_last_sync   (AduanSyncEngine  *self);
const char        *aduan_sync_engine_get_last_error  (AduanSyncEngine  *self);
const char        *aduan_sync_engine_get_hub_url     (AduanSyncEngine  *self);
AduanSyncItemState aduan_sync_engine_get_item_state  (AduanSyncEngine  *self,
                                                      const char       *uuid,
                                                      double           *out_fraction);

void               aduan_sync_engine_set_auto_sync   (AduanSyncEngine  *self,
                                                      gboolean          auto_sync);
gboolean           aduan_sync_engine_get_auto_sync   (AduanSyncEngine  *self);
void               aduan_sync_engine_set_interval    (AduanSyncEngine  *self,
                                                      guint             seconds);
void               aduan_sync_engine_set_timeouts    (AduanSyncEngine  *self,
                                                      guint             connect_seconds,
                                                      guint             stall_seconds);
void               aduan_sync_engine_set_chunk_size  (AduanSyncEngine  *self,
                                                      guint64           chunk_size);
void               aduan_sync_engine_set_proxy_resolver (AduanSyncEngine *self,
                                                         GProxyResolver  *resolver);
void               aduan_sync_engine_get_traffic     (AduanSyncEngine  *self,
                                                      guint64          *out_sent,
                                                      guint64          *out_received);

G_END_DECLS
