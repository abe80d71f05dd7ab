/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <math.h>
#ifdef HAVE_LIBGPS
#include <gps.h>
#endif
#include <glib/gi18n-lib.h>

#include "aduan-location-gpsd.h"
#include "aduan-location-private.h"

/* gpsd greets every client with a VERSION object at once; a server that
 * has not within this time is not gpsd. */
#define GREETING_TIMEOUT_USEC (5 * G_USEC_PER_SEC)
#define POLL_INTERVAL_MS      1000
#define DEFAULT_SILENCE_TIMEOUT 10

/**
 * AduanLocationGpsd:
 *
 * Positions from gpsd, the daemon that speaks to USB and serial GPS
 * receivers, through libgps. A worker thread holds the connection (libgps
 * blocks on connect and read); what it learns reaches the provider on the
 * main context it was started on. When the receiver sends nothing usable —
 * unplugged, no sky, or bytes gpsd cannot understand — the provider stays
 * in the WAITING state and its status says which.
 */
struct _AduanLocationGpsd
{
  AduanLocationProvider  parent_instance;

  char                  *host;             /* (owned) */
  char                  *port;             /* (owned) */
  guint                  silence_timeout;  /* seconds */
  struct _Worker        *worker;           /* (owned) (nullable) the running one */
};

G_DEFINE_FINAL_TYPE (AduanLocationGpsd, aduan_location_gpsd, ADUAN_TYPE_LOCATION_PROVIDER)

enum {
  PROP_0,
  PROP_HOST,
  PROP_PORT,
  PROP_SILENCE_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the worker thread shares with the provider. The provider may be
 * stopped or finalized while the thread is still blocked in connect(), so
 * the worker is reference counted and only points back weakly. */
typedef struct _Worker
{
  gatomicrefcount  ref_count;
  GMainContext    *context;      /* (owned) where updates go */
  GWeakRef         owner;        /* AduanLocationGpsd */
  GCancellable    *cancellable;  /* (owned) */
  char            *host;         /* (owned) */
  char            *port;         /* (owned) */
  gint64           silence_usec;
} Worker;

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_main_context_unref (worker->context);
  g_weak_ref_clear (&worker->owner);
  g_object_unref (worker->cancellable);
  g_free (worker->host);
  g_free (worker->port);
  g_free (worker);
}

typedef enum {
  UPDATE_STATE,
  UPDATE_FIX,
  UPDATE_FAILED,
} UpdateKind;

typedef struct
{
  Worker             *worker;  /* (owned) */
  UpdateKind          kind;
  AduanLocationState  state;
  char               *status;  /* (owned) (nullable) */
  AduanLocationFix    fix;
  GError             *error;   /* (owned) (nullable) */
} Update;

static void
update_free (gpointer data)
{
  Update *update = data;

  worker_unref (update->worker);
  g_free (update->status);
  g_clear_error (&update->error);
  g_free (update);
}

static gboolean
apply_update_cb (gpointer data)
{
  Update *update = data;
  g_autoptr(AduanLocationGpsd) self = g_weak_ref_get (&update->worker->owner);

  /* Late news from a worker that was stopped or replaced. */
  if (self == NULL || self->worker != update->worker)
    return G_SOURCE_REMOVE;

  switch (update->kind)
    {
    case UPDATE_STATE:
      _aduan_location_provider_set_state (ADUAN_LOCATION_PROVIDER (self), update->state, update->status);
      break;
    case UPDATE_FIX:
      _aduan_location_provider_set_fix (ADUAN_LOCATION_PROVIDER (self), &update->fix);
      break;
    case UPDATE_FAILED:
      g_clear_pointer (&self->worker, worker_unref);
      _aduan_location_provider_fail (ADUAN_LOCATION_PROVIDER (self), update->error);
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
post (Worker *worker,
      Update *update)
{
  update->worker = worker_ref (worker);
  g_main_context_invoke_full (worker->context, G_PRIORITY_DEFAULT, apply_update_cb, update, update_free);
}

static void
post_state (Worker             *worker,
            AduanLocationState  state,
            const char         *status)
{
  Update *update = g_new0 (Update, 1);

  update->kind = UPDATE_STATE;
  update->state = state;
  update->status = g_strdup (status);
  post (worker, update);
}

static void
post_failed (Worker     *worker,
             int         code,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
post_failed (Worker     *worker,
             int         code,
             const char *format,
             ...)
{
  Update *update = g_new0 (Update, 1);
  va_list args;

  va_start (args, format);
  update->kind = UPDATE_FAILED;
  update->error = g_error_new_valist (ADUAN_LOCATION_ERROR, code, format, args);
  va_end (args);
  post (worker, update);
}

#ifdef HAVE_LIBGPS

static gint64
timespec_to_usec (const timespec_t *time)
{
  return (gint64) time->tv_sec * G_USEC_PER_SEC + time->tv_nsec / 1000;
}

static double
horizontal_error (const struct gps_fix_t *fix)
{
  /* gpsd's eph is its horizontal estimate; older receivers give only the
   * per-axis errors. */
  if (isfinite (fix->eph) && fix->eph >= 0)
    return fix->eph;
  if (isfinite (fix->epx) && isfinite (fix->epy))
    return MAX (fix->epx, fix->epy);
  return -1;
}

/* Per-connection bookkeeping of the worker thread. */
typedef struct
{
  gint64    connected_at;
  gint64    last_heard;       /* last time the receiver said anything useful */
  gboolean  greeted;          /* gpsd sent VERSION */
  int       devices;          /* -1 until gpsd listed them */
  gboolean  device_identified;
  char      device_path[GPS_PATH_MAX];
  char     *status;           /* last status posted */
} Session;

static void
post_waiting_once (Worker     *worker,
                   Session    *session,
                   const char *status)
{
  if (g_strcmp0 (session->status, status) == 0)
    return;

  g_free (session->status);
  session->status = g_strdup (status);
  post_state (worker, ADUAN_LOCATION_STATE_WAITING, status);
}

static void
read_message (Worker            *worker,
              Session           *session,
              struct gps_data_t *gps)
{
  gint64 now = g_get_monotonic_time ();

  if (gps->set & VERSION_SET)
    session->greeted = TRUE;

  if (gps->set & DEVICELIST_SET)
    {
      session->devices = gps->devices.ndevices;
      if (session->devices > 0)
        {
          g_strlcpy (session->device_path, gps->devices.list[0].path, sizeof session->device_path);
          session->device_identified = gps->devices.list[0].driver[0] != '\0';
        }
      else
        post_waiting_once (worker, session, _("gpsd has no GPS receiver. Plug one in."));
    }

  if (gps->set & DEVICE_SET)
    {
      g_strlcpy (session->device_path, gps->dev.path, sizeof session->device_path);
      session->device_identified = gps->dev.driver[0] != '\0';
      if (session->devices < 1)
        session->devices = 1;
    }

  if (gps->set & ERROR_SET)
    {
      g_autofree char *message = g_strndup (gps->error, sizeof gps->error);
      g_autofree char *status = NULL;

      status = g_strdup_printf (_("gpsd reports a problem: %s"),
                                g_utf8_validate (message, -1, NULL) ? message : "?");
      post_waiting_once (worker, session, status);
    }

  if (gps->set & MODE_SET)
    {
      if (gps->fix.mode >= MODE_2D && (gps->set & LATLON_SET) &&
          isfinite (gps->fix.latitude) && isfinite (gps->fix.longitude) &&
          fabs (gps->fix.latitude) <= 90 && fabs (gps->fix.longitude) <= 180)
        {
          Update *update = g_new0 (Update, 1);
          gint64 time = (gps->set & TIME_SET) ? timespec_to_usec (&gps->fix.time) : 0;

          update->kind = UPDATE_FIX;
          update->fix.source = ADUAN_LOCATION_SOURCE_GPS;
          update->fix.latitude = gps->fix.latitude;
          update->fix.longitude = gps->fix.longitude;
          update->fix.accuracy_m = horizontal_error (&gps->fix);
          update->fix.time = time > 0 ? time : g_get_real_time ();
          post (worker, update);

          g_clear_pointer (&session->status, g_free);
          session->last_heard = now;
          session->device_identified = TRUE;
        }
      else if (gps->fix.mode == MODE_NO_FIX)
        {
          post_waiting_once (worker, session,
                             _("The GPS receiver has no position yet. Take it outside, under open sky."));
          session->last_heard = now;
          session->device_identified = TRUE;
        }
    }
}

/* Called when nothing arrived for a while: says why nothing comes. */
static gboolean
check_silence (Worker  *worker,
               Session *session)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *status = NULL;

  if (!session->greeted)
    {
      if (now - session->connected_at < GREETING_TIMEOUT_USEC)
        return TRUE;
      post_failed (worker, ADUAN_LOCATION_ERROR_BAD_DATA,
                   _("The service at %s:%s does not answer like gpsd. Check the gpsd host and port."),
                   worker->host, worker->port);
      return FALSE;
    }

  if (now - session->last_heard < worker->silence_usec)
    return TRUE;

  if (session->devices == 0)
    status = g_strdup (_("gpsd has no GPS receiver. Plug one in."));
  else if (session->devices > 0 && !session->device_identified)
    status = g_strdup_printf (_("The GPS receiver at %s sends data gpsd cannot understand. Check the receiver’s speed and that it is a GPS."),
                              session->device_path);
  else if (session->devices < 0)
    status = g_strdup (_("gpsd sends no data about a GPS receiver."));
  else
    status = g_strdup (_("The GPS receiver has gone quiet."));

  post_waiting_once (worker, session, status);
  return TRUE;
}

static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;
  g_autofree struct gps_data_t *gps = g_new0 (struct gps_data_t, 1);
  Session session = { 0 };
  GPollFD fds[2];
  gboolean cancellable_polled;

  session.devices = -1;

  if (gps_open (worker->host, worker->port, gps) != 0)
    {
      int saved_errno = errno;

      post_failed (worker, ADUAN_LOCATION_ERROR_UNAVAILABLE,
                   _("Cannot connect to gpsd at %s:%s (%s). Is gpsd installed and running?"),
                   worker->host, worker->port, gps_errstr (saved_errno));
      worker_unref (worker);
      return NULL;
    }

  if (gps_stream (gps, WATCH_ENABLE | WATCH_JSON, NULL) != 0)
    {
      post_failed (worker, ADUAN_LOCATION_ERROR_UNAVAILABLE,
                   _("gpsd at %s:%s closed the connection."), worker->host, worker->port);
      goto out;
    }

  post_state (worker, ADUAN_LOCATION_STATE_WAITING, _("Connected to gpsd; waiting for the GPS receiver…"));
  session.connected_at = session.last_heard = g_get_monotonic_time ();

  fds[0].fd = gps->gps_fd;
  fds[0].events = G_IO_IN | G_IO_HUP | G_IO_ERR;
  cancellable_polled = g_cancellable_make_pollfd (worker->cancellable, &fds[1]);

  while (!g_cancellable_is_cancelled (worker->cancellable))
    {
      int n;

      /* libgps may hold whole lines it already read; only wait on the
       * socket when it holds none. */
      if (!gps_waiting (gps, 0))
        {
          int ready = g_poll (fds, cancellable_polled ? 2 : 1, POLL_INTERVAL_MS);

          if (g_cancellable_is_cancelled (worker->cancellable))
            break;
          if (ready < 0 && errno == EINTR)
            continue;
          if (ready <= 0 || fds[0].revents == 0)
            {
              if (!check_silence (worker, &session))
                break;
              continue;
            }
        }

      errno = 0;
      gps->set = 0;
      n = gps_read (gps, NULL, 0);
      if (n < 0)
        {
          /* Read errors and lines that are not gpsd's JSON both end here;
           * before the greeting it was never gpsd. */
          if (session.greeted)
            post_failed (worker, ADUAN_LOCATION_ERROR_UNAVAILABLE,
                         _("gpsd at %s:%s closed the connection."), worker->host, worker->port);
          else
            post_failed (worker, ADUAN_LOCATION_ERROR_BAD_DATA,
                         _("The service at %s:%s does not answer like gpsd. Check the gpsd host and port."),
                         worker->host, worker->port);
          break;
        }

      read_message (worker, &session, gps);
      if (!check_silence (worker, &session))
        break;
    }

  if (cancellable_polled)
    g_cancellable_release_fd (worker->cancellable);

out:
  gps_close (gps);
  g_free (session.status);
  worker_unref (worker);
  return NULL;
}

#else /* !HAVE_LIBGPS */

/* Built without libgps (the Flatpak's runtime has none): the source is
 * there, and says plainly why it gives no position. */
static gpointer
worker_thread (gpointer data)
{
  Worker *worker = data;

  (void) post_state;
  post_failed (worker, ADUAN_LOCATION_ERROR_UNAVAILABLE,
               _("This build of Aduan cannot read a GPS receiver through gpsd. Choose another location source."));
  worker_unref (worker);
  return NULL;
}

#endif /* HAVE_LIBGPS */

static void
aduan_location_gpsd_start (AduanLocationProvider *provider)
{
  AduanLocationGpsd *self = ADUAN_LOCATION_GPSD (provider);
  g_autoptr(GError) error = NULL;
  Worker *worker;
  GThread *thread;

  g_assert (self->worker == NULL);

  worker = g_new0 (Worker, 1);
  g_atomic_ref_count_init (&worker->ref_count);
  worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&worker->owner, self);
  worker->cancellable = g_cancellable_new ();
  worker->host = g_strdup (self->host);
  worker->port = g_strdup (self->port);
  worker->silence_usec = (gint64) self->silence_timeout * G_USEC_PER_SEC;
  self->worker = worker;

  thread = g_thread_try_new ("aduan-gpsd", worker_thread, worker_ref (worker), &error);
  if (thread == NULL)
    {
      g_autoptr(GError) failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_FAILED,
                                               _("Cannot start reading from gpsd: %s"), error->message);

      worker_unref (worker);
      g_clear_pointer (&self->worker, worker_unref);
      _aduan_location_provider_fail (provider, failure);
      return;
    }

  /* The thread ends on its own once cancelled; nobody joins it. */
  g_thread_unref (thread);
}

static void
aduan_location_gpsd_stop (AduanLocationProvider *provider)
{
  AduanLocationGpsd *self = ADUAN_LOCATION_GPSD (provider);

  if (self->worker == NULL)
    return;

  g_cancellable_cancel (self->worker->cancellable);
  g_clear_pointer (&self->worker, worker_unref);
}

static void
aduan_location_gpsd_dispose (GObject *object)
{
  aduan_location_gpsd_stop (ADUAN_LOCATION_PROVIDER (object));

  G_OBJECT_CLASS (aduan_location_gpsd_parent_class)->dispose (object);
}

static void
aduan_location_gpsd_finalize (GObject *object)
{
  AduanLocationGpsd *self = ADUAN_LOCATION_GPSD (object);

  g_free (self->host);
  g_free (self->port);

  G_OBJECT_CLASS (aduan_location_gpsd_parent_class)->finalize (object);
}

static void
aduan_location_gpsd_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AduanLocationGpsd *self = ADUAN_LOCATION_GPSD (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_string (value, self->port);
      break;
    case PROP_SILENCE_TIMEOUT:
      g_value_set_uint (value, self->silence_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_location_gpsd_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AduanLocationGpsd *self = ADUAN_LOCATION_GPSD (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_free (self->host);
      self->host = g_value_dup_string (value);
      if (self->host == NULL || *self->host == '\0')
        {
          g_free (self->host);
          self->host = g_strdup (ADUAN_LOCATION_GPSD_DEFAULT_HOST);
        }
      break;
    case PROP_PORT:
      g_free (self->port);
      self->port = g_value_dup_string (value);
      if (self->port == NULL || *self->port == '\0')
        {
          g_free (self->port);
          self->port = g_strdup (ADUAN_LOCATION_GPSD_DEFAULT_PORT);
        }
      break;
    case PROP_SILENCE_TIMEOUT:
      aduan_location_gpsd_set_silence_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_location_gpsd_class_init (AduanLocationGpsdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AduanLocationProviderClass *provider_class = ADUAN_LOCATION_PROVIDER_CLASS (klass);

  object_class->dispose = aduan_location_gpsd_dispose;
  object_class->finalize = aduan_location_gpsd_finalize;
  object_class->get_property = aduan_location_gpsd_get_property;
  object_class->set_property = aduan_location_gpsd_set_property;

  provider_class->start = aduan_location_gpsd_start;
  provider_class->stop = aduan_location_gpsd_stop;
  provider_class->source = ADUAN_LOCATION_SOURCE_GPS;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, ADUAN_LOCATION_GPSD_DEFAULT_HOST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PORT] =
    g_param_spec_string ("port", NULL, NULL, ADUAN_LOCATION_GPSD_DEFAULT_PORT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * AduanLocationGpsd:silence-timeout:
   *
   * Seconds without a usable message before the status says why nothing
   * comes. Takes effect at the next start.
   */
  properties[PROP_SILENCE_TIMEOUT] =
    g_param_spec_uint ("silence-timeout", NULL, NULL, 1, 600, DEFAULT_SILENCE_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aduan_location_gpsd_init (AduanLocationGpsd *self)
{
  self->silence_timeout = DEFAULT_SILENCE_TIMEOUT;
}

/**
 * aduan_location_gpsd_new:
 * @host: (nullable): where gpsd runs; %NULL for localhost
 * @port: (nullable): its TCP port; %NULL for 2947
 *
 * Returns: (transfer full): a provider, stopped
 */
AduanLocationProvider *
aduan_location_gpsd_new (const char *host,
                         const char *port)
{
  return g_object_new (ADUAN_TYPE_LOCATION_GPSD, "host", host, "port", port, NULL);
}

/**
 * aduan_location_gpsd_get_host:
 *
 * Returns: where gpsd runs
 */
const char *
aduan_location_gpsd_get_host (AduanLocationGpsd *self)
{
  g_return_val_if_fail (ADUAN_IS_LOCATION_GPSD (self), NULL);

  return self->host;
}

/**
 * aduan_location_gpsd_get_port:
 *
 * Returns: gpsd's TCP port
 */
const char *
aduan_location_gpsd_get_port (AduanLocationGpsd *self)
{
  g_return_val_if_fail (ADUAN_IS_LOCATION_GPSD (self), NULL);

  return self->port;
}

/**
 * aduan_location_gpsd_get_silence_timeout:
 *
 * Returns: seconds without usable data before the status explains
 */
guint
aduan_location_gpsd_get_silence_timeout (AduanLocationGpsd *self)
{
  g_return_val_if_fail (ADUAN_IS_LOCATION_GPSD (self), 0);

  return self->silence_timeout;
}

/**
 * aduan_location_gpsd_set_silence_timeout:
 * @seconds: 1–600
 */
void
aduan_location_gpsd_set_silence_timeout (AduanLocationGpsd *self,
                                         guint              seconds)
{
  g_return_if_fail (ADUAN_IS_LOCATION_GPSD (self));
  g_return_if_fail (seconds >= 1 && seconds <= 600);

  if (self->silence_timeout == seconds)
    return;

  self->silence_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SILENCE_TIMEOUT]);
}
