/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aduan-store.h"
#include "aduan-sync-engine.h"

G_BEGIN_DECLS

/*
 * What the sync suite shares: the real aduan-hub started on a free
 * loopback port, a device store with complaints and photos, and a TCP
 * proxy between them that the test steers to cut, stall, throttle, delay
 * or answer in the hub's place.
 */

/**
 * SyncTestHub:
 * @process: the running `aduan-hub serve`
 * @url: its URL, ending with a slash
 * @port: its port
 * @data_dir: its data folder
 */
typedef struct
{
  GSubprocess *process;
  char        *url;
  guint16      port;
  char        *data_dir;
  char        *admin_token;
  char       **extra_args;
} SyncTestHub;

SyncTestHub *sync_test_hub_start          (const char         *data_dir,
                                           const char * const *extra_args);
void         sync_test_hub_kill           (SyncTestHub        *hub);
void         sync_test_hub_restart        (SyncTestHub        *hub);
void         sync_test_hub_free           (SyncTestHub        *hub);
char        *sync_test_hub_run            (SyncTestHub        *hub,
                                           const char * const *args);
char        *sync_test_hub_enroll_code    (SyncTestHub        *hub);
const char  *sync_test_hub_admin_token    (SyncTestHub        *hub);
JsonNode    *sync_test_hub_request        (SyncTestHub        *hub,
                                           const char         *method,
                                           const char         *path,
                                           guint              *out_status);
GHashTable  *sync_test_hub_list_complaints (SyncTestHub       *hub);
char        *sync_test_hub_photo_sha256   (SyncTestHub        *hub,
                                           const char         *sha256);
void         sync_test_hub_assert_holds   (SyncTestHub        *hub,
                                           AduanStore         *store,
                                           guint               n_expected);

const char  *sync_test_hub_program        (void);
const char  *sync_test_aduanctl_program   (void);

typedef struct _FaultProxy FaultProxy;
typedef void (*FaultProxyFunc) (FaultProxy *proxy,
                                gpointer    user_data);

FaultProxy  *fault_proxy_new              (guint16             upstream_port);
void         fault_proxy_free             (FaultProxy         *proxy);
char        *fault_proxy_get_url          (FaultProxy         *proxy);
void         fault_proxy_set_upstream     (FaultProxy         *proxy,
                                           guint16             upstream_port);
void         fault_proxy_set_link         (FaultProxy         *proxy,
                                           guint64             bytes_per_second,
                                           guint               delay_ms);
void         fault_proxy_cut_at           (FaultProxy         *proxy,
                                           guint64             upstream_bytes);
void         fault_proxy_stall_at         (FaultProxy         *proxy,
                                           guint64             upstream_bytes);
void         fault_proxy_trigger_at       (FaultProxy         *proxy,
                                           guint64             upstream_bytes,
                                           FaultProxyFunc      func,
                                           gpointer            user_data);
void         fault_proxy_inject           (FaultProxy         *proxy,
                                           const char         *method,
                                           guint               status,
                                           const char         *retry_after,
                                           guint               count);
void         fault_proxy_get_counters     (FaultProxy         *proxy,
                                           guint64            *out_upstream,
                                           guint64            *out_downstream);
void         fault_proxy_get_delivered    (FaultProxy         *proxy,
                                           guint64            *out_upstream,
                                           guint64            *out_downstream);
void         fault_proxy_reset_counters   (FaultProxy         *proxy);
guint        fault_proxy_count_requests   (FaultProxy         *proxy,
                                           const char         *method);
void         fault_proxy_close_all        (FaultProxy         *proxy);

AduanStore     *sync_test_device_new      (const char         *name);
AduanComplaint *sync_test_save_complaint  (AduanStore         *store,
                                           guint               n,
                                           guint               n_photos,
                                           gsize               photo_size);
void            sync_test_enroll          (AduanStore         *store,
                                           SyncTestHub        *hub,
                                           const char         *url);
AduanSyncEngine *sync_test_engine_new     (AduanStore         *store);
gboolean        sync_test_run_pass        (AduanSyncEngine    *engine,
                                           AduanSyncFlags      flags,
                                           GError            **error);
guint           sync_test_count_waiting   (AduanStore         *store);
char           *sync_test_sha256_file     (const char         *path);
void            sync_test_init            (int                *argc,
                                           char             ***argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncTestHub, sync_test_hub_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultProxy, fault_proxy_free)

G_END_DECLS
