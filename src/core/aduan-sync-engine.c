/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "aduan-credentials.h"
#include "aduan-error.h"
#include "aduan-outbox-private.h"
#include "aduan-sync-engine.h"
#include "aduan-survey-store.h"
#include "aduan-sync-http.h"
#include "aduan-tus-client.h"

/**
 * AduanSyncEngine:
 *
 * Drains the device's outbox to the hub, and brings the hub's news back.
 *
 * A pass runs in a worker thread (GTask) with one libcurl handle, so its
 * requests share a connection: for each complaint in the outbox, oldest
 * first, the complaint's JSON (`PUT /v1/complaints/{uuid}`, small, gets
 * through a bad link), then each photo the hub lacks by tus, resuming
 * uploads the outbox remembers; the complaint is marked sent only once the
 * hub holds all of it. Then the change feed (`GET /v1/changes`) is read
 * into the status history. Everything the UI sees, signals and property
 * changes, happens on the main context the engine was made in.
 *
 * Failures: an answer retrying cannot fix (409, 422, a photo missing on
 * the device) marks that complaint failed with a message saying what to
 * do, and the pass goes on; 401 stops everything until the device is
 * enrolled again; 429 and 503 are retried after Retry-After; other
 * failures are retried a few times within the pass (resuming photos from
 * the hub's offset), then after an exponential backoff with jitter.
 *
 * When it runs, once aduan_sync_engine_start() was called: soon after a
 * complaint is saved, when the network comes back, on a timer (and when
 * the earliest retry is due), and on aduan_sync_engine_sync_now().
 *
 * Two programs on one device (the app and `aduanctl sync` from a timer)
 * take turns: a pass holds a lock file in the data folder.
 */

#define DEFAULT_INTERVAL_SECONDS (5 * 60)
#define SAVE_DELAY_MS 1000
/* Backoff after a failed attempt: 10 s, 20 s, 40 s… up to an hour, each
 * drawn between half and all of that so devices do not come back in step. */
#define BACKOFF_BASE_SECONDS 10
#define BACKOFF_MAX_SECONDS 3600
/* Within a pass, a broken transfer is resumed at once a few times: on a
 * flaky link the next try usually gets further. */
#define MAX_TRIES_IN_PASS 4
#define MAX_WAIT_IN_PASS_SECONDS 30
/* So many items in a row failing for the hub's reasons: stop bothering it. */
#define MAX_CONSECUTIVE_FAILURES 3
#define MAX_FEED_PAGES 20
/* Once the hub answered, complaints are locked for sending this many at a
 * time, in one durable commit. */
#define LOCK_BATCH 32
/* Surveys are read from the store this many at a time. */
#define SURVEY_BATCH 50
#define FEED_PAGE_SIZE 500
#define LOCK_FILE_NAME "sync.lock"
#define LOCK_WAIT_MS 10000
#define OFFLINE_RETRY_SECONDS 60

struct _AduanSyncEngine
{
  GObject          parent_instance;

  AduanStore      *store;              /* (owned) */
  GMainContext    *context;            /* (owned) where signals are emitted */
  GNetworkMonitor *network_monitor;    /* (owned) (nullable) */
  GProxyResolver  *proxy_resolver;     /* (owned) (nullable) */

  gboolean         auto_sync;
  guint            interval;
  guint            connect_timeout;
  guint            stall_timeout;
  guint64          chunk_size;

  AduanSyncStatus  status;
  gboolean         syncing;
  gboolean         offline;
  gboolean         enrolled;
  gboolean         refused;
  guint            n_waiting;
  guint            n_failed;
  gint64           last_sync;
  char            *last_error;         /* (owned) (nullable) */
  char            *hub_url;            /* (owned) (nullable) */
  guint64          traffic_sent;
  guint64          traffic_received;

  GHashTable      *sending;            /* (owned) uuid → double*, items in flight */
  GCancellable    *pass_cancellable;   /* (owned) (nullable) the running pass */
  GMutex           cancel_lock;        /* guards pass_cancellable for other threads */
  GPtrArray       *waiting_tasks;      /* (owned) tasks for the pass after this one */
  AduanSyncFlags   next_flags;
  gboolean         pass_again;
  GSource         *timer;              /* (owned) (nullable) */
  gint64           timer_due;          /* monotonic */
  gulong           saved_id;
  gulong           network_id;
  gboolean         emitting_saved;
};

G_DEFINE_FINAL_TYPE (AduanSyncEngine, aduan_sync_engine, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (AduanSyncStatus, aduan_sync_status,
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_NOT_ENROLLED, "not-enrolled"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_ENROLL_AGAIN, "enroll-again"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_NEEDS_ATTENTION, "needs-attention"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_STATUS_ALL_SENT, "all-sent"))

G_DEFINE_ENUM_TYPE (AduanSyncItemState, aduan_sync_item_state,
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_ITEM_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_ITEM_SENDING, "sending"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_ITEM_RECEIVED, "received"),
  G_DEFINE_ENUM_VALUE (ADUAN_SYNC_ITEM_REFUSED, "refused"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_STATUS,
  PROP_SYNCING,
  PROP_N_WAITING,
  PROP_N_FAILED,
  PROP_LAST_SYNC,
  PROP_LAST_ERROR,
  PROP_HUB_URL,
  PROP_AUTO_SYNC,
  PROP_INTERVAL,
  PROP_CONNECT_TIMEOUT,
  PROP_STALL_TIMEOUT,
  PROP_CHUNK_SIZE,
  PROP_PROXY_RESOLVER,
  PROP_NETWORK_MONITOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_ITEM_PROGRESS,
  SIGNAL_ITEM_CHANGED,
  SIGNAL_PASS_STARTED,
  SIGNAL_PASS_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * aduan_sync_status_get_label:
 *
 * Returns: (transfer none): the status in a few words, translated
 */
const char *
aduan_sync_status_get_label (AduanSyncStatus status)
{
  switch (status)
    {
    case ADUAN_SYNC_STATUS_NOT_ENROLLED:
      return _("Not connected to a hub");
    case ADUAN_SYNC_STATUS_ENROLL_AGAIN:
      return _("Enroll this device again");
    case ADUAN_SYNC_STATUS_OFFLINE:
      return _("Offline");
    case ADUAN_SYNC_STATUS_SYNCING:
      return _("Sending…");
    case ADUAN_SYNC_STATUS_WAITING:
      return _("Waiting to send");
    case ADUAN_SYNC_STATUS_NEEDS_ATTENTION:
      return _("Some complaints were refused");
    case ADUAN_SYNC_STATUS_ALL_SENT:
      return _("All sent");
    default:
      return "";
    }
}

/* ------------------------------------------------------------------ */
/* The pass, in the worker thread                                      */
/* ------------------------------------------------------------------ */

typedef enum {
  EVENT_PROGRESS,
  EVENT_CHANGED,
} EventKind;

/* Something the worker tells the main context. */
typedef struct
{
  AduanSyncEngine    *engine;  /* (owned) */
  EventKind           kind;
  char               *uuid;    /* (owned) */
  AduanSyncItemState  state;
  double              fraction;
} Event;

typedef struct
{
  AduanSyncEngine *engine;         /* (owned) */
  AduanStore      *store;          /* (owned) */
  GMainContext    *context;        /* (owned) */
  AduanSyncFlags   flags;
  guint            connect_timeout;
  guint            stall_timeout;
  guint64          chunk_size;
  GProxyResolver  *proxy_resolver; /* (owned) (nullable) */

  AduanHttpClient *http;           /* (owned) (nullable) */
  char            *hub_url;        /* (owned) (nullable) */
  int              lock_fd;
  gboolean         hub_reached;
  guint            consecutive_failures;
  GError          *stop_error;     /* (owned) (nullable) why the pass stopped early */
  guint64          traffic_sent;
  guint64          traffic_received;
} Pass;

/* One item being sent: for the progress and upload-URL callbacks. */
typedef struct
{
  Pass             *pass;
  const char       *uuid;
  AduanOutboxPhoto *photo;
  gint64            bytes_total;
  gint64            bytes_done;    /* of the photos finished before this one */
  gint64            last_saved_offset;
} ItemContext;

typedef enum {
  OUTCOME_SENT,
  OUTCOME_SKIPPED,
  OUTCOME_FAILED,     /* refused for good */
  OUTCOME_RETRY,      /* scheduled for later */
  OUTCOME_STOP,       /* the whole pass must stop: pass->stop_error */
} Outcome;

static void
event_free (Event *event)
{
  g_object_unref (event->engine);
  g_free (event->uuid);
  g_free (event);
}

static void
pass_free (Pass *pass)
{
  g_clear_object (&pass->engine);
  g_clear_object (&pass->store);
  g_clear_pointer (&pass->context, g_main_context_unref);
  g_clear_object (&pass->proxy_resolver);
  g_clear_pointer (&pass->http, aduan_http_client_free);
  g_free (pass->hub_url);
  if (pass->lock_fd >= 0)
    close (pass->lock_fd);
  g_clear_error (&pass->stop_error);
  g_free (pass);
}

static gboolean dispatch_event_cb (gpointer user_data);

static void
post_event (Pass               *pass,
            EventKind           kind,
            const char         *uuid,
            AduanSyncItemState  state,
            double              fraction)
{
  Event *event = g_new0 (Event, 1);

  event->engine = g_object_ref (pass->engine);
  event->kind = kind;
  event->uuid = g_strdup (uuid);
  event->state = state;
  event->fraction = fraction;

  g_main_context_invoke_full (pass->context, G_PRIORITY_DEFAULT, dispatch_event_cb, event,
                              (GDestroyNotify) event_free);
}

/* Takes the data folder's sync lock, waiting a little for another
 * program's pass to end. */
static gboolean
take_lock (Pass          *pass,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *path = g_build_filename (aduan_store_get_data_dir (pass->store), LOCK_FILE_NAME, NULL);
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_MS * 1000;

  pass->lock_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (pass->lock_fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_LOCKED,
                   _("Cannot open the sync lock %s (%s); check that the data folder is writable"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  while (flock (pass->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        break;

      if (g_get_monotonic_time () > deadline)
        {
          g_set_error_literal (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_LOCKED,
                               _("Another Aduan program is sending this device’s complaints right now; "
                                 "try again when it is done"));
          return FALSE;
        }

      if (!aduan_http_sleep (200, cancellable))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped"));
          return FALSE;
        }
    }

  return TRUE;
}

/* Exponential backoff with jitter, in microseconds. */
static gint64
backoff_delay (guint attempts)
{
  gint64 delay = BACKOFF_BASE_SECONDS;

  for (guint i = 1; i < attempts && delay < BACKOFF_MAX_SECONDS; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_MAX_SECONDS) * G_USEC_PER_SEC;

  return delay / 2 + g_random_int_range (0, (gint32) MIN (delay / 2, G_MAXINT32 - 1) + 1);
}

static gboolean
save_url_cb (const char  *upload_url,
             gpointer     user_data,
             GError     **error)
{
  ItemContext *item = user_data;

  item->last_saved_offset = 0;
  return _aduan_outbox_save_upload (item->pass->store, item->uuid, item->photo->sha256, upload_url, 0, error);
}

static void
upload_progress_cb (gint64   offset,
                    gint64   length,
                    gpointer user_data)
{
  ItemContext *item = user_data;
  double fraction = item->bytes_total > 0 ? (double) (item->bytes_done + offset) / item->bytes_total : 0;

  post_event (item->pass, EVENT_PROGRESS, item->uuid, ADUAN_SYNC_ITEM_SENDING, MIN (fraction, 1.0));
}

/* Reads the PUT answer's "missing_photos": what the hub still lacks. */
static GPtrArray *
missing_photos_from (AduanHttpResponse *response)
{
  g_autoptr(JsonNode) node = aduan_http_response_get_json (response);
  g_autoptr(GPtrArray) missing = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  member = json_object_get_member (object, "missing_photos");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    return NULL;

  array = json_node_get_array (member);
  missing = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return NULL;
      g_ptr_array_add (missing, g_ascii_strdown (json_node_get_string (element), -1));
    }

  return g_steal_pointer (&missing);
}

/* The uploads the hub made for the photos it lacks (`"uploads": {SHA-256:
 * URL}`), kept in the outbox before a byte is sent, as a POST's would be. */
static gboolean
take_offered_uploads (Pass              *pass,
                      AduanComplaint    *complaint,
                      GPtrArray         *photos,
                      AduanHttpResponse *response,
                      GError           **error)
{
  g_autoptr(JsonNode) node = aduan_http_response_get_json (response);
  JsonNode *member;
  JsonObject *uploads;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  member = json_object_get_member (json_node_get_object (node), "uploads");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    return TRUE;
  uploads = json_node_get_object (member);

  for (guint i = 0; i < photos->len; i++)
    {
      AduanOutboxPhoto *photo = g_ptr_array_index (photos, i);
      JsonNode *location = json_object_get_member (uploads, photo->sha256);
      g_autofree char *url = NULL;

      if (photo->done || photo->upload_url != NULL || location == NULL ||
          !JSON_NODE_HOLDS_VALUE (location) || json_node_get_value_type (location) != G_TYPE_STRING)
        continue;

      url = aduan_http_client_resolve (pass->http, json_node_get_string (location));
      if (url == NULL)
        continue;
      if (!_aduan_outbox_save_upload (pass->store, complaint->uuid, photo->sha256, url, 0, error))
        return FALSE;
      photo->upload_url = g_steal_pointer (&url);
      photo->bytes_sent = 0;
      photo->fresh_upload = TRUE;
    }

  return TRUE;
}

static gboolean
send_complaint_json (Pass            *pass,
                     AduanComplaint  *complaint,
                     GPtrArray       *photos,
                     guint           *out_status,
                     GError         **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(GPtrArray) missing = NULL;
  char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_WIRE, FALSE);
  g_autofree char *path = NULL;
  gboolean want_uploads = FALSE;
  gsize json_length = strlen (json);
  g_autoptr(GBytes) body = g_bytes_new_take (json, json_length);
  const char *headers[] = { "Content-Type: application/json", NULL };

  /* A photo without an upload yet: the hub makes them in the same answer
   * (a hub that does not know the parameter ignores it). */
  for (guint i = 0; i < photos->len; i++)
    {
      AduanOutboxPhoto *photo = g_ptr_array_index (photos, i);

      if (!photo->done && photo->upload_url == NULL)
        want_uploads = TRUE;
    }
  path = g_strconcat ("v1/complaints/", complaint->uuid, want_uploads ? "?uploads=create" : "", NULL);

  request.method = "PUT";
  request.url = path;
  request.headers = headers;
  request.body = body;
  response = aduan_http_client_send (pass->http, &request, error);
  if (response == NULL)
    return FALSE;

  *out_status = response->status;
  pass->hub_reached = TRUE;

  if (response->status == 201 || response->status == 200)
    {
      missing = missing_photos_from (response);
      if (!_aduan_outbox_mark_json_sent (pass->store, complaint->uuid, missing, error))
        return FALSE;

      /* What the hub already holds needs no upload. */
      for (guint i = 0; missing != NULL && i < photos->len; i++)
        {
          AduanOutboxPhoto *photo = g_ptr_array_index (photos, i);

          if (!g_ptr_array_find_with_equal_func (missing, photo->sha256, g_str_equal, NULL))
            photo->done = TRUE;
        }
      return !want_uploads || take_offered_uploads (pass, complaint, photos, response, error);
    }

  if (response->status == 409)
    {
      g_autofree char *message = aduan_http_response_get_message (response);

      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_REFUSED,
                   _("The hub already holds a different complaint under the same ID, so this one was not sent "
                     "(hub says: %s). Nothing was lost; tell the hub’s admin, quoting tracking code %s"),
                   message, complaint->tracking_code);
      return FALSE;
    }

  if (response->status == 422 || response->status == 400)
    {
      g_autofree char *message = aduan_http_response_get_message (response);

      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_REFUSED,
                   _("The hub refused the complaint as invalid (hub says: %s). This device’s catalog may differ "
                     "from the hub’s: ask the hub’s admin, then retry sending it"),
                   message);
      return FALSE;
    }

  /* No such address at all: not an item's fault, the hub's address is
   * wrong (or a captive portal answered). */
  if (response->status == 404 || response->status == 405 || response->status == 501 ||
      (response->status >= 300 && response->status < 400))
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PROTOCOL,
                   _("The address %s does not answer as an Aduan hub (HTTP %u); check the hub address, "
                     "or sign in to the network if it needs it"),
                   aduan_http_client_get_base_url (pass->http), response->status);
      return FALSE;
    }

  aduan_http_response_to_error (response, N_("sending a complaint"), error);
  return FALSE;
}

/* Does the photo on this device still match its name? */
static gboolean
photo_is_intact (const char *path,
                 const char *sha256)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  g_autofree char *actual = NULL;

  if (file == NULL)
    return FALSE;

  actual = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) g_mapped_file_get_contents (file),
                                        g_mapped_file_get_length (file));
  return g_ascii_strcasecmp (actual, sha256) == 0;
}

static gboolean
send_photo (Pass               *pass,
            AduanComplaint     *complaint,
            ItemContext        *item,
            GError            **error)
{
  AduanOutboxPhoto *photo = item->photo;
  g_autofree char *path = _aduan_outbox_photo_path (pass->store, photo->sha256);
  g_autofree char *filename = g_strconcat (photo->sha256, ".jpg", NULL);
  g_autofree char *metadata = NULL;
  g_autoptr(GError) local_error = NULL;
  AduanTusUpload upload = { 0 };
  gboolean ok;

  metadata = aduan_tus_build_metadata ("complaint", complaint->uuid,
                                       "sha256", photo->sha256,
                                       "filename", filename,
                                       "filetype", photo->content_type,
                                       NULL);

  upload.endpoint = "v1/uploads";
  upload.path = path;
  upload.length = photo->size;
  upload.metadata = metadata;
  /* A chunk size asks for checksummed chunks; the hub checks sha256. */
  upload.chunk_size = (gsize) pass->chunk_size;
  upload.checksum = pass->chunk_size > 0;
  upload.upload_url = g_strdup (photo->upload_url);
  upload.fresh = photo->fresh_upload;
  photo->fresh_upload = FALSE;
  upload.save_url = save_url_cb;
  upload.progress = upload_progress_cb;
  upload.user_data = item;

  ok = aduan_tus_upload_run (pass->http, &upload, &local_error);

  /* What to resume from next time, even after a failure. */
  if (g_strcmp0 (upload.upload_url, photo->upload_url) != 0 || upload.offset != photo->bytes_sent)
    {
      g_free (photo->upload_url);
      photo->upload_url = g_strdup (upload.upload_url);
      photo->bytes_sent = upload.offset;
      if (!ok)
        _aduan_outbox_save_upload (pass->store, item->uuid, photo->sha256, upload.upload_url, upload.offset, NULL);
    }
  aduan_tus_upload_clear (&upload);

  if (ok)
    {
      photo->done = TRUE;
      return _aduan_outbox_mark_photo_done (pass->store, item->uuid, photo->sha256, error);
    }

  /* The hub's copy did not match: say so plainly if ours is damaged. */
  if (g_error_matches (local_error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_CHECKSUM) &&
      !photo_is_intact (path, photo->sha256))
    {
      g_set_error (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_PHOTO_MISSING,
                   _("The photo %s on this device is damaged (it no longer matches its checksum); "
                     "restore it from a backup to the data folder, then retry"),
                   path);
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Is the error about the hub or the link, rather than this item? */
static gboolean
error_stops_pass (const GError *error)
{
  return g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE) ||
         g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN) ||
         g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_TLS) ||
         g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_INVALID_URL) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static Outcome
process_item (Pass         *pass,
              const char   *uuid,
              GCancellable *cancellable)
{
  g_autoptr(AduanComplaint) complaint = NULL;
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  ItemContext item = { pass, uuid, NULL, 0, 0, 0 };
  guint http_status = 0;
  guint attempts = 0;
  gint64 next = 0;

  if (!_aduan_outbox_begin_sending (pass->store, uuid, &complaint, &photos, &error))
    {
      pass->stop_error = g_steal_pointer (&error);
      return OUTCOME_STOP;
    }
  if (complaint == NULL)
    return OUTCOME_SKIPPED;

  post_event (pass, EVENT_CHANGED, uuid, ADUAN_SYNC_ITEM_SENDING, 0);

  for (guint i = 0; i < photos->len; i++)
    item.bytes_total += ((AduanOutboxPhoto *) g_ptr_array_index (photos, i))->size;

  for (guint tries = 0; tries < MAX_TRIES_IN_PASS; tries++)
    {
      gint64 retry_at;
      gint64 wait;
      gboolean ok = TRUE;

      g_clear_error (&error);
      http_status = 0;

      /* The JSON goes every time: idempotent, and the answer lists the
       * photos the hub still lacks. */
      ok = send_complaint_json (pass, complaint, photos, &http_status, &error);

      item.bytes_done = 0;
      for (guint i = 0; ok && i < photos->len; i++)
        {
          item.photo = g_ptr_array_index (photos, i);
          if (!item.photo->done)
            ok = send_photo (pass, complaint, &item, &error);
          item.bytes_done += item.photo->size;
        }

      if (ok)
        {
          if (!_aduan_outbox_mark_sent (pass->store, uuid, &error))
            break;
          g_debug ("Complaint %s is at the hub", uuid);
          pass->consecutive_failures = 0;
          post_event (pass, EVENT_CHANGED, uuid, ADUAN_SYNC_ITEM_RECEIVED, 1.0);
          return OUTCOME_SENT;
        }

      if (!aduan_sync_error_is_transient (error) || error_stops_pass (error) ||
          g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE))
        break;

      /* Busy: wait as asked if that is soon, otherwise come back later. */
      retry_at = aduan_http_client_get_retry_after (pass->http);
      wait = retry_at > 0 ? retry_at - g_get_real_time () : (gint64) (500 << tries) * 1000;
      if (wait > MAX_WAIT_IN_PASS_SECONDS * G_USEC_PER_SEC || tries + 1 >= MAX_TRIES_IN_PASS)
        break;

      g_debug ("Complaint %s: %s; trying again in %" G_GINT64_FORMAT " ms", uuid, error->message,
               MAX (wait, 0) / 1000);
      if (wait > 0 && !aduan_http_sleep ((guint) (wait / 1000), cancellable))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped"));
          break;
        }
    }

  g_assert (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      pass->stop_error = g_steal_pointer (&error);
      post_event (pass, EVENT_CHANGED, uuid, ADUAN_SYNC_ITEM_WAITING, 0);
      return OUTCOME_STOP;
    }

  if (error->domain == ADUAN_ERROR)
    {
      /* The device store failed: nothing else will work either. */
      pass->stop_error = g_steal_pointer (&error);
      return OUTCOME_STOP;
    }

  if (!aduan_sync_error_is_transient (error) && !error_stops_pass (error))
    {
      g_message ("Complaint %s refused: %s", uuid, error->message);
      _aduan_outbox_mark_failed (pass->store, uuid, http_status, error->message, NULL);
      pass->consecutive_failures = 0;
      post_event (pass, EVENT_CHANGED, uuid, ADUAN_SYNC_ITEM_REFUSED, 0);
      return OUTCOME_FAILED;
    }

  /* For later: the hub's Retry-After, else backoff. */
  {
    g_autoptr(AduanOutboxItem) queued = aduan_outbox_get (pass->store, uuid, NULL);

    attempts = queued != NULL ? queued->attempts + 1 : 1;
  }
  next = aduan_http_client_get_retry_after (pass->http);
  if (next == 0)
    next = g_get_real_time () + backoff_delay (attempts);
  g_debug ("Complaint %s: %s; next attempt in %" G_GINT64_FORMAT " s", uuid, error->message,
           (next - g_get_real_time ()) / G_USEC_PER_SEC);

  /* The hub or the link being down is nobody's attempt at this item. */
  if (!error_stops_pass (error))
    _aduan_outbox_schedule_retry (pass->store, uuid, http_status, error->message, next, NULL, NULL);
  post_event (pass, EVENT_CHANGED, uuid, ADUAN_SYNC_ITEM_WAITING, 0);

  if (error_stops_pass (error) ||
      g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY) ||
      ++pass->consecutive_failures >= MAX_CONSECUTIVE_FAILURES)
    {
      if (g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY))
        _aduan_outbox_set_meta_int (pass->store, ADUAN_SYNC_META_NOT_BEFORE, next, NULL);
      pass->stop_error = g_steal_pointer (&error);
      return OUTCOME_STOP;
    }

  return OUTCOME_RETRY;
}

typedef enum {
  SURVEY_SENT,
  SURVEY_REFUSED,      /* for good: marked failed */
  SURVEY_NOT_TAKEN,    /* a hub without surveys: left waiting */
  SURVEY_ERROR,        /* the link or the hub: @error */
} SurveyOutcome;

static SurveyOutcome
send_survey (Pass         *pass,
             AduanSurvey  *survey,
             GError      **error)
{
  AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
  g_autoptr(AduanHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = aduan_survey_to_json (survey);
  g_autofree char *path = g_strconcat ("v1/surveys/", survey->uuid, NULL);
  char *json = json_to_string (node, FALSE);
  g_autoptr(GBytes) body = g_bytes_new_take (json, strlen (json));
  const char *headers[] = { "Content-Type: application/json", NULL };

  request.method = "PUT";
  request.url = path;
  request.headers = headers;
  request.body = body;
  response = aduan_http_client_send (pass->http, &request, error);
  if (response == NULL)
    return SURVEY_ERROR;

  pass->hub_reached = TRUE;

  if (response->status == 201 || response->status == 200)
    return aduan_survey_store_mark (pass->store, survey->uuid, ADUAN_SYNC_STATE_SENT, error) ? SURVEY_SENT
                                                                                             : SURVEY_ERROR;

  if (response->status == 409 || response->status == 422 || response->status == 400)
    {
      g_autofree char *message = aduan_http_response_get_message (response);

      /* Only the ID and the hub's words: a survey says nothing of anyone. */
      g_message ("Survey %s refused by the hub (HTTP %u): %s", survey->uuid, response->status, message);
      return aduan_survey_store_mark (pass->store, survey->uuid, ADUAN_SYNC_STATE_FAILED, error) ? SURVEY_REFUSED
                                                                                               : SURVEY_ERROR;
    }

  /* A hub from before surveys: they wait for one that takes them. */
  if (response->status == 404 || response->status == 405)
    return SURVEY_NOT_TAKEN;

  aduan_http_response_to_error (response, N_("sending a satisfaction survey"), error);
  return SURVEY_ERROR;
}

/* Sends the surveys waiting on the device, oldest first, after the
 * complaints: one PUT each, idempotent, so a survey sent twice (a cut
 * after the hub stored it) is simply 200 the second time. */
static gboolean
send_surveys (Pass     *pass,
              guint    *out_sent,
              GError  **error)
{
  gboolean again = TRUE;

  *out_sent = 0;

  while (again)
    {
      g_autoptr(GPtrArray) surveys = aduan_survey_store_list_unsent (pass->store, SURVEY_BATCH, error);

      if (surveys == NULL)
        return FALSE;

      again = surveys->len == SURVEY_BATCH;
      for (guint i = 0; i < surveys->len; i++)
        {
          switch (send_survey (pass, g_ptr_array_index (surveys, i), error))
            {
            case SURVEY_SENT:
              (*out_sent)++;
              break;
            case SURVEY_REFUSED:
              break;
            case SURVEY_NOT_TAKEN:
              g_message ("The hub does not take satisfaction surveys yet; they stay on this device");
              return TRUE;
            case SURVEY_ERROR:
            default:
              return FALSE;
            }
        }
    }

  return TRUE;
}

/* Reads the change feed from the stored cursor into the status history. */
static gboolean
read_changes (Pass     *pass,
              GError  **error)
{
  for (guint page = 0; page < MAX_FEED_PAGES; page++)
    {
      AduanHttpRequest request = ADUAN_HTTP_REQUEST_INIT;
      g_autoptr(AduanHttpResponse) response = NULL;
      g_autoptr(GPtrArray) events = NULL;
      g_autoptr(GPtrArray) uuids = NULL;
      g_autofree char *cursor = _aduan_outbox_get_meta (pass->store, ADUAN_SYNC_META_CURSOR, NULL);
      g_autofree char *escaped = g_uri_escape_string (cursor != NULL ? cursor : "", NULL, FALSE);
      g_autofree char *url = g_strdup_printf ("v1/changes?since=%s&limit=%d", escaped, FEED_PAGE_SIZE);
      g_autofree char *next = NULL;
      gsize length = 0;
      const char *data;
      gboolean more = FALSE;

      request.method = "GET";
      request.url = url;
      response = aduan_http_client_send (pass->http, &request, error);
      if (response == NULL)
        return FALSE;

      if (response->status != 200)
        {
          aduan_http_response_to_error (response, N_("reading news from the hub"), error);
          return FALSE;
        }

      pass->hub_reached = TRUE;
      data = g_bytes_get_data (response->body, &length);
      if (!aduan_change_feed_parse (data != NULL ? data : "", length, &events, &next, &more, error))
        {
          g_prefix_error (error, _("The hub’s news could not be read: "));
          return FALSE;
        }

      if (!_aduan_outbox_store_changes (pass->store, pass->hub_url, events, next, &uuids, error))
        return FALSE;

      for (guint i = 0; i < uuids->len; i++)
        post_event (pass, EVENT_CHANGED, g_ptr_array_index (uuids, i), ADUAN_SYNC_ITEM_RECEIVED, 1.0);

      if (!more || events->len == 0)
        return TRUE;
    }

  return TRUE;
}

static void
pass_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Pass *pass = task_data;
  g_autoptr(AduanEnrollment) enrollment = NULL;
  g_autoptr(GPtrArray) uuids = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  gboolean due_only = (pass->flags & ADUAN_SYNC_FLAGS_DUE_ONLY) != 0;
  gint64 now = g_get_real_time ();
  guint n_sent = 0, n_failed = 0, n_retry = 0, n_surveys = 0;

  if (!take_lock (pass, cancellable, &error))
    goto done;

  enrollment = aduan_credentials_get_enrollment (pass->store, &error);
  if (error != NULL)
    goto done;
  if (enrollment == NULL)
    {
      g_set_error_literal (&error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_NOT_ENROLLED,
                           _("This device is not enrolled with a hub yet; enroll it with the hub’s address "
                             "and a one-time code from the hub’s admin"));
      goto done;
    }
  pass->hub_url = g_strdup (enrollment->hub_url);

  if (due_only && enrollment->refused)
    {
      g_set_error_literal (&error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN,
                           _("The hub no longer accepts this device. Ask the hub’s admin for a new enrollment code "
                             "and enroll again; nothing on this device is lost"));
      goto done;
    }

  if (due_only && _aduan_outbox_get_meta_int (pass->store, ADUAN_SYNC_META_NOT_BEFORE) > now)
    {
      g_set_error_literal (&error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_HUB_BUSY,
                           _("The hub asked to wait before sending more; sending resumes automatically"));
      goto done;
    }

  token = aduan_credentials_lookup_token (pass->store, cancellable, &error);
  if (token == NULL)
    goto done;

  pass->http = aduan_http_client_new ();
  aduan_http_client_set_base_url (pass->http, enrollment->hub_url);
  aduan_http_client_set_token (pass->http, token);
  memset (token, 0, strlen (token));
  aduan_http_client_set_ca_file (pass->http, enrollment->ca_file);
  aduan_http_client_set_timeouts (pass->http, pass->connect_timeout, pass->stall_timeout);
  aduan_http_client_set_proxy_resolver (pass->http, pass->proxy_resolver);
  aduan_http_client_set_cancellable (pass->http, cancellable);

  uuids = _aduan_outbox_list_due (pass->store, now, due_only, &error);
  if (uuids == NULL)
    goto done;

  g_debug ("Sync pass: %u complaints to send to %s", uuids->len, enrollment->hub_url);

  for (guint i = 0, locked_to = 0; i < uuids->len; i++)
    {
      Outcome outcome;

      /* The first complaint is locked alone (by begin_sending); once the
       * hub answers, the next ones in batches, one fsync for many. */
      if (pass->hub_reached && i >= locked_to)
        {
          locked_to = MIN (i + LOCK_BATCH, uuids->len);
          if (!_aduan_outbox_lock_for_sending (pass->store, (const char * const *) uuids->pdata + i,
                                               locked_to - i, &error))
            goto done;
        }

      outcome = process_item (pass, g_ptr_array_index (uuids, i), cancellable);

      if (outcome == OUTCOME_SENT)
        n_sent++;
      else if (outcome == OUTCOME_FAILED)
        n_failed++;
      else if (outcome == OUTCOME_RETRY)
        n_retry++;
      else if (outcome == OUTCOME_STOP)
        break;
    }

  if (pass->stop_error == NULL && !send_surveys (pass, &n_surveys, &pass->stop_error))
    g_debug ("Sync pass: surveys stopped: %s", pass->stop_error->message);

  if (pass->stop_error != NULL)
    error = g_steal_pointer (&pass->stop_error);
  else if (!read_changes (pass, &error))
    {
      /* News can wait for the next pass; complaints were the point. */
      if (!error_stops_pass (error))
        {
          g_message ("Sync pass: %s", error->message);
          g_clear_error (&error);
        }
    }

done:
  if (pass->http != NULL)
    aduan_http_client_get_traffic (pass->http, &pass->traffic_sent, &pass->traffic_received);

  if (g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_ENROLL_AGAIN))
    _aduan_outbox_set_meta (pass->store, ADUAN_SYNC_META_AUTH_REFUSED, "1", NULL);
  else if (pass->hub_reached)
    _aduan_outbox_set_meta (pass->store, ADUAN_SYNC_META_AUTH_REFUSED, NULL, NULL);

  if (pass->hub_reached && error == NULL)
    {
      _aduan_outbox_set_meta_int (pass->store, ADUAN_SYNC_META_LAST_SYNC, g_get_real_time (), NULL);
      _aduan_outbox_set_meta (pass->store, ADUAN_SYNC_META_NOT_BEFORE, NULL, NULL);
    }
  _aduan_outbox_set_meta_int (pass->store, ADUAN_SYNC_META_LAST_ATTEMPT, g_get_real_time (), NULL);
  if (!g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_LOCKED))
    _aduan_outbox_set_meta (pass->store, ADUAN_SYNC_META_LAST_ERROR, error != NULL ? error->message : NULL, NULL);

  if (pass->lock_fd >= 0)
    {
      close (pass->lock_fd);
      pass->lock_fd = -1;
    }

  g_debug ("Sync pass done: %u sent, %u refused, %u for later, %u surveys%s%s", n_sent, n_failed, n_retry, n_surveys,
           error != NULL ? "; " : "", error != NULL ? error->message : "");

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* The main context: state, scheduling, signals                         */
/* ------------------------------------------------------------------ */

static void schedule_pass (AduanSyncEngine *self,
                           guint            delay_ms,
                           AduanSyncFlags   flags);

static void
set_string (char       **field,
            const char  *value,
            gboolean    *changed)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  *changed = TRUE;
}

/* Reads counts and enrollment from the store and works out the status;
 * notifies what changed. */
static void
refresh_state (AduanSyncEngine *self)
{
  g_autoptr(AduanEnrollment) enrollment = aduan_credentials_get_enrollment (self->store, NULL);
  g_autofree char *last_error = _aduan_outbox_get_meta (self->store, ADUAN_SYNC_META_LAST_ERROR, NULL);
  guint n_waiting = self->n_waiting, n_failed = self->n_failed;
  gint64 last_sync = _aduan_outbox_get_meta_int (self->store, ADUAN_SYNC_META_LAST_SYNC);
  gboolean error_changed = FALSE, url_changed = FALSE;
  AduanSyncStatus status;

  g_object_freeze_notify (G_OBJECT (self));

  if (!aduan_outbox_count (self->store, &n_waiting, &n_failed, NULL))
    {
      n_waiting = self->n_waiting;
      n_failed = self->n_failed;
    }

  self->enrolled = enrollment != NULL;
  self->refused = enrollment != NULL && enrollment->refused;
  set_string (&self->hub_url, enrollment != NULL ? enrollment->hub_url : NULL, &url_changed);
  set_string (&self->last_error, last_error, &error_changed);

  if (!self->enrolled)
    status = ADUAN_SYNC_STATUS_NOT_ENROLLED;
  else if (self->refused)
    status = ADUAN_SYNC_STATUS_ENROLL_AGAIN;
  else if (self->syncing)
    status = ADUAN_SYNC_STATUS_SYNCING;
  else if (self->offline)
    status = ADUAN_SYNC_STATUS_OFFLINE;
  else if (n_waiting > 0)
    status = ADUAN_SYNC_STATUS_WAITING;
  else if (n_failed > 0)
    status = ADUAN_SYNC_STATUS_NEEDS_ATTENTION;
  else
    status = ADUAN_SYNC_STATUS_ALL_SENT;

  if (n_waiting != self->n_waiting)
    {
      self->n_waiting = n_waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WAITING]);
    }
  if (n_failed != self->n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
  if (last_sync != self->last_sync)
    {
      self->last_sync = last_sync;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  if (url_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HUB_URL]);
  if (status != self->status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
dispatch_event_cb (gpointer user_data)
{
  Event *event = user_data;
  AduanSyncEngine *self = event->engine;

  if (event->state == ADUAN_SYNC_ITEM_SENDING)
    {
      double *fraction = g_hash_table_lookup (self->sending, event->uuid);

      if (fraction == NULL)
        {
          fraction = g_new (double, 1);
          g_hash_table_insert (self->sending, g_strdup (event->uuid), fraction);
        }
      *fraction = event->fraction;
    }
  else
    g_hash_table_remove (self->sending, event->uuid);

  if (event->kind == EVENT_CHANGED)
    {
      refresh_state (self);
      /* The app's lists listen to the store; tell them the row changed.
       * The engine's own handler knows to ignore it. */
      self->emitting_saved = TRUE;
      g_signal_emit_by_name (self->store, "complaint-saved", event->uuid);
      self->emitting_saved = FALSE;
      g_signal_emit (self, signals[SIGNAL_ITEM_CHANGED], 0, event->uuid);
    }

  g_signal_emit (self, signals[SIGNAL_ITEM_PROGRESS], 0, event->uuid, event->state, event->fraction);

  return G_SOURCE_REMOVE;
}

static void
set_syncing (AduanSyncEngine *self,
             gboolean         syncing)
{
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

static void start_pass (AduanSyncEngine *self,
                        AduanSyncFlags   flags);

/* After a pass: when to look again, at the latest. */
static void
schedule_next (AduanSyncEngine *self)
{
  g_autoptr(GPtrArray) items = NULL;
  gint64 now = g_get_real_time ();
  gint64 due = now + (gint64) self->interval * G_USEC_PER_SEC;
  gint64 not_before;

  if (!self->auto_sync || !self->enrolled || self->refused)
    return;

  /* The network monitor cannot see a hub on a local network come back:
   * look again soon. */
  if (self->offline)
    due = MIN (due, now + OFFLINE_RETRY_SECONDS * G_USEC_PER_SEC);

  items = aduan_outbox_list (self->store, NULL);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      AduanOutboxItem *item = g_ptr_array_index (items, i);

      if (item->sync_state != ADUAN_SYNC_STATE_FAILED)
        due = MIN (due, MAX (item->next_attempt_at, now + G_USEC_PER_SEC));
    }

  not_before = _aduan_outbox_get_meta_int (self->store, ADUAN_SYNC_META_NOT_BEFORE);
  if (not_before > due)
    due = not_before;

  schedule_pass (self, (guint) MIN ((due - now) / 1000, G_MAXUINT32 / 2), ADUAN_SYNC_FLAGS_DUE_ONLY);
}

static void
pass_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  AduanSyncEngine *self = ADUAN_SYNC_ENGINE (source);
  GPtrArray *tasks = user_data;
  Pass *pass = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->traffic_sent += pass->traffic_sent;
  self->traffic_received += pass->traffic_received;
  g_mutex_lock (&self->cancel_lock);
  g_clear_object (&self->pass_cancellable);
  g_mutex_unlock (&self->cancel_lock);
  g_hash_table_remove_all (self->sending);

  if (ok || pass->hub_reached)
    self->offline = FALSE;
  else if (g_error_matches (error, ADUAN_SYNC_ERROR, ADUAN_SYNC_ERROR_UNREACHABLE))
    self->offline = TRUE;

  set_syncing (self, FALSE);
  refresh_state (self);

  g_signal_emit (self, signals[SIGNAL_PASS_FINISHED], 0, ok, error != NULL ? error->message : NULL);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (ok)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (error));
    }
  g_ptr_array_unref (tasks);

  if (self->pass_again)
    {
      AduanSyncFlags flags = self->next_flags;

      self->pass_again = FALSE;
      self->next_flags = ADUAN_SYNC_FLAGS_DUE_ONLY;
      start_pass (self, flags);
    }
  else
    schedule_next (self);
}

static void
start_pass (AduanSyncEngine *self,
            AduanSyncFlags   flags)
{
  g_autoptr(GTask) task = NULL;
  Pass *pass;
  GPtrArray *tasks;

  g_assert (self->pass_cancellable == NULL);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  pass = g_new0 (Pass, 1);
  pass->engine = g_object_ref (self);
  pass->store = g_object_ref (self->store);
  pass->context = g_main_context_ref (self->context);
  pass->flags = flags;
  pass->connect_timeout = self->connect_timeout;
  pass->stall_timeout = self->stall_timeout;
  pass->chunk_size = self->chunk_size;
  pass->proxy_resolver = self->proxy_resolver != NULL ? g_object_ref (self->proxy_resolver) : NULL;
  pass->lock_fd = -1;

  /* The callers waiting for this pass: they get its result. */
  tasks = self->waiting_tasks;
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&self->cancel_lock);
  self->pass_cancellable = g_cancellable_new ();
  g_mutex_unlock (&self->cancel_lock);
  task = g_task_new (self, self->pass_cancellable, pass_done_cb, tasks);
  g_task_set_source_tag (task, start_pass);
  g_task_set_task_data (task, pass, (GDestroyNotify) pass_free);
  g_task_set_return_on_cancel (task, FALSE);

  set_syncing (self, TRUE);
  refresh_state (self);
  g_signal_emit (self, signals[SIGNAL_PASS_STARTED], 0);

  g_task_run_in_thread (task, pass_thread);
}

static gboolean
timer_cb (gpointer user_data)
{
  AduanSyncEngine *self = user_data;
  AduanSyncFlags flags = self->next_flags;

  g_clear_pointer (&self->timer, g_source_unref);
  self->next_flags = ADUAN_SYNC_FLAGS_DUE_ONLY;
  start_pass (self, flags);

  return G_SOURCE_REMOVE;
}

/* A pass in @delay_ms (or sooner, if one is already due sooner); while a
 * pass runs, another one after it. A pass without %ADUAN_SYNC_FLAGS_DUE_ONLY
 * wins over one with it. */
static void
schedule_pass (AduanSyncEngine *self,
               guint            delay_ms,
               AduanSyncFlags   flags)
{
  gint64 due = g_get_monotonic_time () + (gint64) delay_ms * 1000;

  self->next_flags &= flags;

  if (self->pass_cancellable != NULL)
    {
      self->pass_again = TRUE;
      return;
    }

  if (self->timer != NULL)
    {
      if (self->timer_due <= due)
        return;
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  self->timer_due = due;
  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_name (self->timer, "[aduan] sync pass");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
}

static void
complaint_saved_cb (AduanStore      *store,
                    const char      *uuid,
                    AduanSyncEngine *self)
{
  if (self->emitting_saved)
    return;

  refresh_state (self);
  if (self->auto_sync && self->enrolled)
    schedule_pass (self, SAVE_DELAY_MS, ADUAN_SYNC_FLAGS_DUE_ONLY);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    AduanSyncEngine *self)
{
  if (!available)
    return;

  /* The network came back: what waited for it may go now. */
  if (self->auto_sync && self->enrolled && (self->offline || self->n_waiting > 0))
    schedule_pass (self, 0, ADUAN_SYNC_FLAGS_NONE);
}

static void
connect_sources (AduanSyncEngine *self)
{
  if (self->saved_id == 0)
    self->saved_id = g_signal_connect (self->store, "complaint-saved", G_CALLBACK (complaint_saved_cb), self);

  if (self->network_id == 0)
    {
      if (self->network_monitor == NULL)
        self->network_monitor = g_object_ref (g_network_monitor_get_default ());
      self->network_id = g_signal_connect (self->network_monitor, "network-changed",
                                           G_CALLBACK (network_changed_cb), self);
    }
}

static void
disconnect_sources (AduanSyncEngine *self)
{
  g_clear_signal_handler (&self->saved_id, self->store);
  if (self->network_monitor != NULL)
    g_clear_signal_handler (&self->network_id, self->network_monitor);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
aduan_sync_engine_constructed (GObject *object)
{
  AduanSyncEngine *self = (AduanSyncEngine *) object;

  G_OBJECT_CLASS (aduan_sync_engine_parent_class)->constructed (object);

  g_assert (ADUAN_IS_STORE (self->store));
  self->context = g_main_context_ref_thread_default ();
  refresh_state (self);
}

static void
aduan_sync_engine_dispose (GObject *object)
{
  AduanSyncEngine *self = (AduanSyncEngine *) object;

  if (self->pass_cancellable != NULL)
    g_cancellable_cancel (self->pass_cancellable);
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->store != NULL)
    disconnect_sources (self);

  G_OBJECT_CLASS (aduan_sync_engine_parent_class)->dispose (object);
}

static void
aduan_sync_engine_finalize (GObject *object)
{
  AduanSyncEngine *self = (AduanSyncEngine *) object;

  g_clear_object (&self->store);
  g_clear_object (&self->network_monitor);
  g_clear_object (&self->proxy_resolver);
  g_clear_object (&self->pass_cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->sending, g_hash_table_unref);
  g_clear_pointer (&self->waiting_tasks, g_ptr_array_unref);
  g_free (self->last_error);
  g_free (self->hub_url);
  g_mutex_clear (&self->cancel_lock);

  G_OBJECT_CLASS (aduan_sync_engine_parent_class)->finalize (object);
}

static void
aduan_sync_engine_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  AduanSyncEngine *self = ADUAN_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_N_WAITING:
      g_value_set_uint (value, self->n_waiting);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_HUB_URL:
      g_value_set_string (value, self->hub_url);
      break;
    case PROP_AUTO_SYNC:
      g_value_set_boolean (value, self->auto_sync);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout);
      break;
    case PROP_CHUNK_SIZE:
      g_value_set_uint64 (value, self->chunk_size);
      break;
    case PROP_PROXY_RESOLVER:
      g_value_set_object (value, self->proxy_resolver);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->network_monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_sync_engine_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  AduanSyncEngine *self = ADUAN_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_AUTO_SYNC:
      aduan_sync_engine_set_auto_sync (self, g_value_get_boolean (value));
      break;
    case PROP_INTERVAL:
      aduan_sync_engine_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      aduan_sync_engine_set_timeouts (self, g_value_get_uint (value), self->stall_timeout);
      break;
    case PROP_STALL_TIMEOUT:
      aduan_sync_engine_set_timeouts (self, self->connect_timeout, g_value_get_uint (value));
      break;
    case PROP_CHUNK_SIZE:
      aduan_sync_engine_set_chunk_size (self, g_value_get_uint64 (value));
      break;
    case PROP_PROXY_RESOLVER:
      aduan_sync_engine_set_proxy_resolver (self, g_value_get_object (value));
      break;
    case PROP_NETWORK_MONITOR:
      g_set_object (&self->network_monitor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_sync_engine_class_init (AduanSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = aduan_sync_engine_constructed;
  object_class->dispose = aduan_sync_engine_dispose;
  object_class->finalize = aduan_sync_engine_finalize;
  object_class->get_property = aduan_sync_engine_get_property;
  object_class->set_property = aduan_sync_engine_set_property;

  /**
   * AduanSyncEngine:store:
   *
   * The device store whose outbox is sent.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ADUAN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:status:
   *
   * The one indicator for the UI: offline, n waiting, syncing, all sent…
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, ADUAN_TYPE_SYNC_STATUS, ADUAN_SYNC_STATUS_NOT_ENROLLED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:syncing:
   *
   * Whether a pass is running.
   */
  properties[PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:n-waiting:
   *
   * Complaints still to send (refused ones not counted).
   */
  properties[PROP_N_WAITING] =
    g_param_spec_uint ("n-waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:n-failed:
   *
   * Complaints the hub refused; aduan_outbox_list() says why.
   */
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:last-sync:
   *
   * When a pass last reached the hub and finished (UTC microseconds), 0
   * if never.
   */
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:last-error:
   *
   * Why the last pass stopped early, in words a person can act on; %NULL
   * when it did not.
   */
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:hub-url:
   *
   * The hub this device is enrolled with, %NULL if none.
   */
  properties[PROP_HUB_URL] =
    g_param_spec_string ("hub-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:auto-sync:
   *
   * Whether passes start by themselves: after a save, when the network
   * comes back, and on a timer. aduan_sync_engine_start() sets it.
   */
  properties[PROP_AUTO_SYNC] =
    g_param_spec_boolean ("auto-sync", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:interval:
   *
   * Seconds between automatic passes when nothing else starts one.
   */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 1, 24 * 3600, DEFAULT_INTERVAL_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:connect-timeout:
   *
   * Seconds a connection to the hub may take to open; 0 for the default.
   */
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, 600, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:stall-timeout:
   *
   * Seconds a transfer may make no progress before it is given up and
   * resumed; 0 for the default (15).
   */
  properties[PROP_STALL_TIMEOUT] =
    g_param_spec_uint ("stall-timeout", NULL, NULL, 0, 600, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:chunk-size:
   *
   * 0 (the default): each photo goes in one streamed PATCH, and after a
   * cut resumes from the last byte the hub holds. Otherwise: PATCHes of
   * this many bytes, each with its SHA-256 in Upload-Checksum, kept whole
   * or not at all by the hub.
   */
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint64 ("chunk-size", NULL, NULL, 0, G_MAXUINT32, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:proxy-resolver:
   *
   * Where to ask for a proxy, such as g_proxy_resolver_get_default() for
   * the desktop's settings; %NULL leaves it to libcurl and the
   * `https_proxy`, `http_proxy` and `no_proxy` variables.
   */
  properties[PROP_PROXY_RESOLVER] =
    g_param_spec_object ("proxy-resolver", NULL, NULL, G_TYPE_PROXY_RESOLVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * AduanSyncEngine:network-monitor:
   *
   * Tells when the network comes back; %NULL for the default one.
   */
  properties[PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AduanSyncEngine::item-progress:
   * @self: the engine
   * @uuid: the complaint
   * @state: an #AduanSyncItemState
   * @fraction: for %ADUAN_SYNC_ITEM_SENDING, how much of its photos the
   *   hub holds or is being sent, 0 to 1
   *
   * Emitted often while a complaint is being sent, and when it is done.
   */
  signals[SIGNAL_ITEM_PROGRESS] =
    g_signal_new ("item-progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, ADUAN_TYPE_SYNC_ITEM_STATE, G_TYPE_DOUBLE);

  /**
   * AduanSyncEngine::item-changed:
   * @self: the engine
   * @uuid: the complaint
   *
   * Emitted after a complaint's sync state or status history changed in
   * the store: reload it (aduan_sync_engine_get_item_state(),
   * aduan_outbox_list_status_events()).
   */
  signals[SIGNAL_ITEM_CHANGED] =
    g_signal_new ("item-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * AduanSyncEngine::pass-started:
   * @self: the engine
   *
   * A pass began.
   */
  signals[SIGNAL_PASS_STARTED] =
    g_signal_new ("pass-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * AduanSyncEngine::pass-finished:
   * @self: the engine
   * @success: whether the pass reached the hub and went through the
   *   outbox (complaints may still wait or have been refused)
   * @message: (nullable): otherwise, why it stopped, for a person
   *
   * A pass ended.
   */
  signals[SIGNAL_PASS_FINISHED] =
    g_signal_new ("pass-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
aduan_sync_engine_init (AduanSyncEngine *self)
{
  self->interval = DEFAULT_INTERVAL_SECONDS;
  self->status = ADUAN_SYNC_STATUS_NOT_ENROLLED;
  self->next_flags = ADUAN_SYNC_FLAGS_DUE_ONLY;
  self->sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->waiting_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&self->cancel_lock);
}

/**
 * aduan_sync_engine_new:
 * @store: the device store
 *
 * Makes an engine for @store, idle until aduan_sync_engine_start() (the
 * app) or aduan_sync_engine_sync_async() (a one-off pass, as `aduanctl
 * sync` does). Signals are emitted on the thread-default main context of
 * the caller.
 *
 * Returns: (transfer full): the engine
 */
AduanSyncEngine *
aduan_sync_engine_new (AduanStore *store)
{
  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  return g_object_new (ADUAN_TYPE_SYNC_ENGINE, "store", store, NULL);
}

/**
 * aduan_sync_engine_get_store:
 *
 * Returns: (transfer none): the store
 */
AduanStore *
aduan_sync_engine_get_store (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), NULL);

  return self->store;
}

/**
 * aduan_sync_engine_set_auto_sync:
 * @auto_sync: whether passes start by themselves
 */
void
aduan_sync_engine_set_auto_sync (AduanSyncEngine *self,
                                 gboolean         auto_sync)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  auto_sync = !!auto_sync;
  if (self->auto_sync == auto_sync)
    return;

  self->auto_sync = auto_sync;
  if (auto_sync)
    {
      connect_sources (self);
      schedule_pass (self, 0, ADUAN_SYNC_FLAGS_DUE_ONLY);
    }
  else
    {
      disconnect_sources (self);
      if (self->timer != NULL)
        {
          g_source_destroy (self->timer);
          g_clear_pointer (&self->timer, g_source_unref);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SYNC]);
}

gboolean
aduan_sync_engine_get_auto_sync (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), FALSE);

  return self->auto_sync;
}

/**
 * aduan_sync_engine_start:
 *
 * Starts syncing by itself: a pass now, then after every save, when the
 * network comes back, when a retry is due and every
 * #AduanSyncEngine:interval seconds.
 */
void
aduan_sync_engine_start (AduanSyncEngine *self)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  aduan_sync_engine_set_auto_sync (self, TRUE);
}

/**
 * aduan_sync_engine_stop:
 *
 * Stops syncing by itself, and stops a running pass (what it sent is
 * kept; the next pass resumes).
 */
void
aduan_sync_engine_stop (AduanSyncEngine *self)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  aduan_sync_engine_set_auto_sync (self, FALSE);
  self->pass_again = FALSE;
  if (self->pass_cancellable != NULL)
    g_cancellable_cancel (self->pass_cancellable);
}

/**
 * aduan_sync_engine_sync_now:
 *
 * "Sync now": a pass at once, trying every complaint still to send even
 * if its next attempt was not due. While a pass runs, another follows it.
 */
void
aduan_sync_engine_sync_now (AduanSyncEngine *self)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  schedule_pass (self, 0, ADUAN_SYNC_FLAGS_NONE);
}

static void
sync_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  AduanSyncEngine *self = user_data;

  /* Runs in the thread that cancelled: only touch what is thread-safe. */
  g_mutex_lock (&self->cancel_lock);
  if (self->pass_cancellable != NULL)
    g_cancellable_cancel (self->pass_cancellable);
  g_mutex_unlock (&self->cancel_lock);
}

typedef struct
{
  GCancellable *cancellable;  /* (owned) */
  gulong        handler_id;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_cancellable_disconnect (data->cancellable, data->handler_id);
  g_object_unref (data->cancellable);
  g_free (data);
}

/**
 * aduan_sync_engine_sync_async:
 * @self: the engine
 * @flags: what to send
 * @cancellable: (nullable): stops the pass
 * @callback: called when it ended
 * @user_data: for @callback
 *
 * Runs one pass (after the running one, if any) and reports how it went.
 */
void
aduan_sync_engine_sync_async (AduanSyncEngine     *self,
                              AduanSyncFlags       flags,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_sync_engine_sync_async);
  if (cancellable != NULL)
    {
      WaitData *data = g_new0 (WaitData, 1);

      /* Disconnected when the task goes, before the engine can. */
      data->cancellable = g_object_ref (cancellable);
      data->handler_id = g_cancellable_connect (cancellable, G_CALLBACK (sync_cancelled_cb), self, NULL);
      g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);
    }

  if (self->pass_cancellable != NULL)
    {
      /* The running pass may have passed some complaints already. */
      self->pass_again = TRUE;
      self->next_flags &= flags;
      g_ptr_array_add (self->waiting_tasks, task);
      return;
    }

  g_ptr_array_add (self->waiting_tasks, task);
  /* A "Sync now" waiting on the timer is served by this pass. */
  if (self->timer != NULL)
    flags &= self->next_flags;
  self->next_flags = ADUAN_SYNC_FLAGS_DUE_ONLY;
  start_pass (self, flags);
}

/**
 * aduan_sync_engine_sync_finish:
 *
 * Returns: %TRUE if the pass reached the hub and went through the outbox
 *   (see aduan_outbox_list() for what still waits or was refused);
 *   otherwise why not, e.g. %ADUAN_SYNC_ERROR_UNREACHABLE or
 *   %ADUAN_SYNC_ERROR_ENROLL_AGAIN
 */
gboolean
aduan_sync_engine_sync_finish (AduanSyncEngine  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

AduanSyncStatus
aduan_sync_engine_get_status (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), ADUAN_SYNC_STATUS_NOT_ENROLLED);

  return self->status;
}

gboolean
aduan_sync_engine_get_syncing (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), FALSE);

  return self->syncing;
}

guint
aduan_sync_engine_get_n_waiting (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), 0);

  return self->n_waiting;
}

guint
aduan_sync_engine_get_n_failed (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), 0);

  return self->n_failed;
}

gint64
aduan_sync_engine_get_last_sync (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), 0);

  return self->last_sync;
}

/**
 * aduan_sync_engine_get_last_error:
 *
 * Returns: (transfer none) (nullable): see #AduanSyncEngine:last-error
 */
const char *
aduan_sync_engine_get_last_error (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), NULL);

  return self->last_error;
}

/**
 * aduan_sync_engine_get_hub_url:
 *
 * Returns: (transfer none) (nullable): see #AduanSyncEngine:hub-url
 */
const char *
aduan_sync_engine_get_hub_url (AduanSyncEngine *self)
{
  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), NULL);

  return self->hub_url;
}

/**
 * aduan_sync_engine_get_item_state:
 * @self: the engine
 * @uuid: a saved complaint
 * @out_fraction: (out) (optional): for %ADUAN_SYNC_ITEM_SENDING and
 *   %ADUAN_SYNC_ITEM_WAITING, how much of its photos the hub holds
 *
 * Returns: where the complaint stands; for its status at the hub see
 *   aduan_outbox_get_hub_status()
 */
AduanSyncItemState
aduan_sync_engine_get_item_state (AduanSyncEngine *self,
                                  const char      *uuid,
                                  double          *out_fraction)
{
  g_autoptr(AduanOutboxItem) item = NULL;
  double *sending;
  double fraction = 0;
  AduanSyncItemState state;

  g_return_val_if_fail (ADUAN_IS_SYNC_ENGINE (self), ADUAN_SYNC_ITEM_WAITING);
  g_return_val_if_fail (uuid != NULL, ADUAN_SYNC_ITEM_WAITING);

  sending = g_hash_table_lookup (self->sending, uuid);
  if (sending != NULL)
    {
      state = ADUAN_SYNC_ITEM_SENDING;
      fraction = *sending;
    }
  else if ((item = aduan_outbox_get (self->store, uuid, NULL)) == NULL)
    {
      state = ADUAN_SYNC_ITEM_RECEIVED;
      fraction = 1;
    }
  else
    {
      state = item->sync_state == ADUAN_SYNC_STATE_FAILED ? ADUAN_SYNC_ITEM_REFUSED : ADUAN_SYNC_ITEM_WAITING;
      fraction = item->bytes_total > 0 ? (double) item->bytes_sent / item->bytes_total : 0;
    }

  if (out_fraction != NULL)
    *out_fraction = fraction;

  return state;
}

/**
 * aduan_sync_engine_set_interval:
 * @seconds: see #AduanSyncEngine:interval
 */
void
aduan_sync_engine_set_interval (AduanSyncEngine *self,
                                guint            seconds)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));
  g_return_if_fail (seconds > 0);

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * aduan_sync_engine_set_timeouts:
 * @connect_seconds: see #AduanSyncEngine:connect-timeout
 * @stall_seconds: see #AduanSyncEngine:stall-timeout
 *
 * Applies from the next pass.
 */
void
aduan_sync_engine_set_timeouts (AduanSyncEngine *self,
                                guint            connect_seconds,
                                guint            stall_seconds)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  if (self->connect_timeout != connect_seconds)
    {
      self->connect_timeout = connect_seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
    }
  if (self->stall_timeout != stall_seconds)
    {
      self->stall_timeout = stall_seconds;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
    }
}

/**
 * aduan_sync_engine_set_chunk_size:
 * @chunk_size: see #AduanSyncEngine:chunk-size
 */
void
aduan_sync_engine_set_chunk_size (AduanSyncEngine *self,
                                  guint64          chunk_size)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  if (self->chunk_size == chunk_size)
    return;

  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

/**
 * aduan_sync_engine_set_proxy_resolver:
 * @resolver: (nullable): see #AduanSyncEngine:proxy-resolver
 */
void
aduan_sync_engine_set_proxy_resolver (AduanSyncEngine *self,
                                      GProxyResolver  *resolver)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  if (g_set_object (&self->proxy_resolver, resolver))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROXY_RESOLVER]);
}

/**
 * aduan_sync_engine_get_traffic:
 * @out_sent: (out) (optional): bytes of requests, headers and bodies
 * @out_received: (out) (optional): bytes of answers
 *
 * What the finished passes put on the wire, above TCP and TLS.
 */
void
aduan_sync_engine_get_traffic (AduanSyncEngine *self,
                               guint64         *out_sent,
                               guint64         *out_received)
{
  g_return_if_fail (ADUAN_IS_SYNC_ENGINE (self));

  if (out_sent != NULL)
    *out_sent = self->traffic_sent;
  if (out_received != NULL)
    *out_received = self->traffic_received;
}
