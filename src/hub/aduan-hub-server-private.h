/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-hub-config.h"
#include "aduan-hub-device.h"
#include "aduan-hub-rate-limit.h"
#include "aduan-hub-server.h"
#include "aduan-hub-storage.h"
#include "aduan-hub-track-page.h"
#include "aduan-hub-working-days.h"
#include "aduan-hub-writer.h"

G_BEGIN_DECLS

struct _AduanHubServer
{
  GObject              parent_instance;

  AduanHubConfig      *config;        /* (owned) */
  SoupServer          *soup;          /* (owned) */
  AduanHubStorage     *reader;        /* (owned) reads, on the main thread */
  AduanHubWriter      *writer;        /* (owned) every write */
  AduanCatalog        *catalog;       /* (owned) */
  char                *catalog_json;  /* (owned) the body of GET /v1/catalog */
  char                *catalog_etag;  /* (owned) quoted */
  AduanAreaIndex      *areas;         /* (owned) (nullable) village codes, if installed */
  AduanHubWorkingDays *calendar;      /* (owned) */
  AduanHubRateLimit   *rate_limit;    /* (owned) */
  AduanHubTrackPage   *track_page;    /* (owned) */
  char                *photos_dir;    /* (owned) photos, named by SHA-256 */
  char                *uploads_dir;   /* (owned) unfinished tus uploads */
  GHashTable          *tus_streams;   /* (owned) upload ID → PATCH being received */
  GHashTable          *tus_hashes;    /* (owned) upload ID → running SHA-256 */
  guint                cleanup_id;
};

/**
 * AduanHubRoute:
 *
 * What a request's path names; see the table in aduan-hub-server.c.
 */
typedef enum {
  ADUAN_HUB_ROUTE_ROOT,
  ADUAN_HUB_ROUTE_HEALTH,
  ADUAN_HUB_ROUTE_ENROLL,
  ADUAN_HUB_ROUTE_COMPLAINTS,
  ADUAN_HUB_ROUTE_COMPLAINT,
  ADUAN_HUB_ROUTE_COMPLAINT_ACTION,
  ADUAN_HUB_ROUTE_UPLOADS,
  ADUAN_HUB_ROUTE_UPLOAD,
  ADUAN_HUB_ROUTE_PHOTO,
  ADUAN_HUB_ROUTE_CHANGES,
  ADUAN_HUB_ROUTE_CATALOG,
  ADUAN_HUB_ROUTE_STATS,
  ADUAN_HUB_ROUTE_SURVEY,
  ADUAN_HUB_ROUTE_TRACK_FORM,
  ADUAN_HUB_ROUTE_TRACK,
  ADUAN_HUB_ROUTE_OPEN311_SERVICES,
  ADUAN_HUB_ROUTE_OPEN311_REQUESTS,
  ADUAN_HUB_ROUTE_OPEN311_REQUEST,
} AduanHubRoute;

typedef struct _AduanHubTusStream AduanHubTusStream;
typedef struct _AduanHubTusHash AduanHubTusHash;

/**
 * AduanHubRequest:
 *
 * What the hub knows about one request, from its headers on; it hangs on
 * the #SoupServerMessage for the message's whole life.
 */
typedef struct
{
  AduanHubServer    *server;        /* (unowned) */
  AduanHubRoute      route;
  gboolean           routed;
  const char        *method;        /* (unowned) interned, after X-HTTP-Method-Override */
  char             **segments;      /* (owned) the path, split at '/' */
  const char        *param;         /* (unowned) the ID in the path, if any */
  const char        *action;        /* (unowned) the workflow step, if any */
  AduanHubDevice    *device;        /* (owned) (nullable) the caller */
  gint64             started;       /* monotonic */
  gsize              body_limit;
  gsize              body_received;
  gboolean           too_large;
  gboolean           paused;
  gboolean           finished;
  AduanHubTusStream *stream;        /* (owned) (nullable) a tus PATCH body */
} AduanHubRequest;

AduanHubRequest *_aduan_hub_request_get         (SoupServerMessage *msg);
void             _aduan_hub_server_pause        (AduanHubServer    *self,
                                                 SoupServerMessage *msg);
void             _aduan_hub_server_unpause      (AduanHubServer    *self,
                                                 SoupServerMessage *msg);
GBytes          *_aduan_hub_server_get_body     (SoupServerMessage *msg);
gboolean         _aduan_hub_server_check_json   (const char        *data,
                                                 gsize              length,
                                                 GError           **error);
JsonNode        *_aduan_hub_server_parse_json   (SoupServerMessage *msg,
                                                 gboolean           allow_empty,
                                                 GError           **error);
gboolean         _aduan_hub_server_set_catalog  (AduanHubServer    *self,
                                                 AduanCatalog      *catalog,
                                                 const char        *json,
                                                 const char        *etag);
gint64           _aduan_hub_now                 (void);

/* aduan-hub-server-intake.c */
void _aduan_hub_server_handle_enroll           (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_complaint_put    (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_complaint_get    (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_survey_put       (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_changes          (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request, GHashTable *query);

/* aduan-hub-server-office.c */
void _aduan_hub_server_handle_complaints_list  (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request, GHashTable *query);
void _aduan_hub_server_handle_action           (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_photo            (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_catalog_put      (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_stats            (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);

/* aduan-hub-server-public.c */
void _aduan_hub_server_handle_catalog_get      (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_server_handle_track            (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request, GHashTable *query);
void _aduan_hub_server_handle_open311          (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request, GHashTable *query);

/* aduan-hub-server-tus.c */
void _aduan_hub_tus_add_headers                (SoupServerMessage *msg);
gboolean _aduan_hub_tus_check_version          (SoupServerMessage *msg);
void _aduan_hub_tus_begin_patch                (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_tus_got_chunk                  (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request, GBytes *chunk);
void _aduan_hub_tus_message_finished           (AduanHubServer *self, AduanHubRequest *request);
void _aduan_hub_tus_stream_free                (AduanHubTusStream *stream);
void _aduan_hub_tus_hash_free                  (AduanHubTusHash *hash);
void _aduan_hub_server_handle_tus              (AduanHubServer *self, SoupServerMessage *msg, AduanHubRequest *request);
void _aduan_hub_tus_remove_expired             (AduanHubServer *self, gboolean now_blocking);

G_END_DECLS
