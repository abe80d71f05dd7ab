/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "aduan-location-private.h"

G_DEFINE_QUARK (aduan-location-error-quark, aduan_location_error)

G_DEFINE_ENUM_TYPE (AduanLocationState, aduan_location_state,
  G_DEFINE_ENUM_VALUE (ADUAN_LOCATION_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (ADUAN_LOCATION_STATE_STARTING, "starting"),
  G_DEFINE_ENUM_VALUE (ADUAN_LOCATION_STATE_WAITING, "waiting"),
  G_DEFINE_ENUM_VALUE (ADUAN_LOCATION_STATE_ACTIVE, "active"),
  G_DEFINE_ENUM_VALUE (ADUAN_LOCATION_STATE_FAILED, "failed"))

G_DEFINE_BOXED_TYPE (AduanLocationFix, aduan_location_fix, aduan_location_fix_copy, aduan_location_fix_free)

/**
 * aduan_location_fix_new:
 * @source: where it came from
 * @latitude: degrees, south negative
 * @longitude: degrees, west negative
 * @accuracy_m: metres, < 0 when unknown
 * @time: UTC microseconds of the fix, 0 when unknown
 *
 * Returns: (transfer full): a new fix
 */
AduanLocationFix *
aduan_location_fix_new (AduanLocationSource source,
                        double              latitude,
                        double              longitude,
                        double              accuracy_m,
                        gint64              time)
{
  AduanLocationFix *fix = g_new0 (AduanLocationFix, 1);

  fix->source = source;
  fix->latitude = latitude;
  fix->longitude = longitude;
  fix->accuracy_m = isfinite (accuracy_m) && accuracy_m >= 0 ? accuracy_m : -1;
  fix->time = time;

  return fix;
}

/**
 * aduan_location_fix_new_kiosk:
 * @latitude: where the kiosk stands
 * @longitude: where the kiosk stands
 * @accuracy_m: how well that is known, < 0 when unknown
 *
 * A kiosk does not move: its configured place, marked "kiosk", with the
 * current time so it reads as the place of the report when it was made.
 *
 * Returns: (transfer full): a new fix
 */
AduanLocationFix *
aduan_location_fix_new_kiosk (double latitude,
                              double longitude,
                              double accuracy_m)
{
  return aduan_location_fix_new (ADUAN_LOCATION_SOURCE_KIOSK, latitude, longitude, accuracy_m,
                                 g_get_real_time ());
}

/**
 * aduan_location_fix_new_from_photo:
 * @import: a processed photo
 *
 * Returns: (transfer full) (nullable): the position in the photo's EXIF,
 *   marked "photo", or %NULL when it had none
 */
AduanLocationFix *
aduan_location_fix_new_from_photo (const AduanPhotoImport *import)
{
  g_return_val_if_fail (import != NULL, NULL);

  if (!import->has_location)
    return NULL;

  return aduan_location_fix_new (ADUAN_LOCATION_SOURCE_PHOTO, import->latitude, import->longitude,
                                 import->accuracy_m,
                                 import->location_time != 0 ? import->location_time : import->taken_at);
}

/**
 * aduan_location_fix_copy:
 *
 * Returns: (transfer full): a copy of @fix
 */
AduanLocationFix *
aduan_location_fix_copy (const AduanLocationFix *fix)
{
  g_return_val_if_fail (fix != NULL, NULL);

  return g_memdup2 (fix, sizeof *fix);
}

void
aduan_location_fix_free (AduanLocationFix *fix)
{
  g_free (fix);
}

/**
 * aduan_location_fix_is_valid:
 *
 * Returns: %TRUE when the coordinates are on Earth
 */
gboolean
aduan_location_fix_is_valid (const AduanLocationFix *fix)
{
  g_return_val_if_fail (fix != NULL, FALSE);

  return isfinite (fix->latitude) && fix->latitude >= -90 && fix->latitude <= 90 &&
         isfinite (fix->longitude) && fix->longitude >= -180 && fix->longitude <= 180 &&
         (guint) fix->source < ADUAN_LOCATION_SOURCE_N && fix->source != ADUAN_LOCATION_SOURCE_NONE;
}

/**
 * aduan_location_fix_apply:
 * @fix: a position
 * @complaint: receives it, replacing any location it had
 */
void
aduan_location_fix_apply (const AduanLocationFix *fix,
                          AduanComplaint         *complaint)
{
  g_return_if_fail (fix != NULL);
  g_return_if_fail (complaint != NULL);

  complaint->has_location = TRUE;
  complaint->latitude = fix->latitude;
  complaint->longitude = fix->longitude;
  complaint->accuracy_m = fix->accuracy_m;
  complaint->location_source = fix->source;
  complaint->location_time = fix->time;
}

static gboolean
source_is_live (AduanLocationSource source)
{
  return source == ADUAN_LOCATION_SOURCE_GPS || source == ADUAN_LOCATION_SOURCE_GEOCLUE;
}

/* A person picking a village or a point on a map, or an admin setting a
 * kiosk's place, chose it; only measured positions need an accuracy. */
static gboolean
source_is_measured (AduanLocationSource source)
{
  return source_is_live (source) || source == ADUAN_LOCATION_SOURCE_PHOTO;
}

static char *
format_age (GTimeSpan age)
{
  guint64 seconds = (guint64) (age / G_TIME_SPAN_SECOND);
  guint64 minutes = seconds / 60;

  if (minutes == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", (gulong) seconds),
                            (guint) seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", (gulong) minutes),
                          (guint) minutes);
}

/**
 * aduan_location_fix_check:
 * @fix: a position
 * @policy: (nullable): thresholds; %NULL for 50 m and 5 minutes
 * @now: the current time, UTC microseconds (g_get_real_time())
 * @out_warning: (out) (optional) (transfer full) (nullable): sentences
 *   for the person, %NULL when the fix is good
 *
 * Says whether a position is good enough to keep without a second look.
 * The age only counts for live sources (GPS, GeoClue): a photo's position
 * is where the photo was taken, however long ago, and a kiosk, a village
 * or a point on the map does not get older.
 *
 * Returns: what is wrong with it, %ADUAN_LOCATION_QUALITY_GOOD if nothing
 */
AduanLocationQuality
aduan_location_fix_check (const AduanLocationFix    *fix,
                          const AduanLocationPolicy *policy,
                          gint64                     now,
                          char                     **out_warning)
{
  static const AduanLocationPolicy defaults = ADUAN_LOCATION_POLICY_INIT;
  AduanLocationQuality quality = ADUAN_LOCATION_QUALITY_GOOD;
  g_autoptr(GString) warning = g_string_new (NULL);

  g_return_val_if_fail (fix != NULL, ADUAN_LOCATION_QUALITY_INVALID);

  if (policy == NULL)
    policy = &defaults;

  if (!aduan_location_fix_is_valid (fix))
    {
      quality |= ADUAN_LOCATION_QUALITY_INVALID;
      g_string_append (warning, _("The coordinates are out of range."));
    }

  if (fix->accuracy_m >= 0 && fix->accuracy_m > policy->max_accuracy_m)
    {
      quality |= ADUAN_LOCATION_QUALITY_INACCURATE;
      if (warning->len > 0)
        g_string_append_c (warning, ' ');
      g_string_append_printf (warning, _("The position may be off by up to %.0f m (more than %.0f m)."),
                              fix->accuracy_m, policy->max_accuracy_m);
    }
  else if (fix->accuracy_m < 0 && source_is_measured (fix->source))
    {
      quality |= ADUAN_LOCATION_QUALITY_ACCURACY_UNKNOWN;
      if (warning->len > 0)
        g_string_append_c (warning, ' ');
      g_string_append (warning, _("How accurate the position is, is not known."));
    }

  if (source_is_live (fix->source))
    {
      if (fix->time == 0)
        {
          quality |= ADUAN_LOCATION_QUALITY_TIME_UNKNOWN;
          if (warning->len > 0)
            g_string_append_c (warning, ' ');
          g_string_append (warning, _("When the position was measured is not known."));
        }
      else if (now - fix->time > policy->max_age)
        {
          g_autofree char *age = format_age (now - fix->time);
          g_autofree char *limit = format_age (policy->max_age);

          quality |= ADUAN_LOCATION_QUALITY_STALE;
          if (warning->len > 0)
            g_string_append_c (warning, ' ');
          g_string_append_printf (warning, _("The position is %s old (more than %s)."), age, limit);
        }
    }

  if (out_warning != NULL)
    *out_warning = quality == ADUAN_LOCATION_QUALITY_GOOD ? NULL : g_string_free (g_steal_pointer (&warning), FALSE);

  return quality;
}

/* AduanLocationProvider */

typedef struct
{
  AduanLocationState  state;
  char               *status;  /* (owned) (nullable) */
  AduanLocationFix   *fix;     /* (owned) (nullable) */
  GError             *error;   /* (owned) (nullable) */
} AduanLocationProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AduanLocationProvider, aduan_location_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STATUS,
  PROP_FIX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
aduan_location_provider_finalize (GObject *object)
{
  AduanLocationProvider *self = ADUAN_LOCATION_PROVIDER (object);
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_clear_pointer (&priv->status, g_free);
  g_clear_pointer (&priv->fix, aduan_location_fix_free);
  g_clear_error (&priv->error);

  G_OBJECT_CLASS (aduan_location_provider_parent_class)->finalize (object);
}

static void
aduan_location_provider_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AduanLocationProvider *self = ADUAN_LOCATION_PROVIDER (object);
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, priv->state);
      break;
    case PROP_STATUS:
      g_value_set_string (value, priv->status);
      break;
    case PROP_FIX:
      g_value_set_boxed (value, priv->fix);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_location_provider_class_init (AduanLocationProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aduan_location_provider_finalize;
  object_class->get_property = aduan_location_provider_get_property;

  /**
   * AduanLocationProvider:state:
   *
   * Where the provider stands; notified on every change.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, ADUAN_TYPE_LOCATION_STATE, ADUAN_LOCATION_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * AduanLocationProvider:status:
   *
   * One translated sentence for the person: what is happening and, when
   * nothing comes, why.
   */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * AduanLocationProvider:fix:
   *
   * The latest position, or %NULL; notified for every new one.
   */
  properties[PROP_FIX] =
    g_param_spec_boxed ("fix", NULL, NULL, ADUAN_TYPE_LOCATION_FIX,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aduan_location_provider_init (AduanLocationProvider *self)
{
}

/**
 * aduan_location_provider_start:
 *
 * Starts delivering fixes, from the STOPPED or FAILED state; otherwise
 * does nothing. Never blocks: connecting happens in the background and
 * every change is notified on the calling thread's main context.
 */
void
aduan_location_provider_start (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_if_fail (ADUAN_IS_LOCATION_PROVIDER (self));

  if (priv->state != ADUAN_LOCATION_STATE_STOPPED && priv->state != ADUAN_LOCATION_STATE_FAILED)
    return;

  g_clear_error (&priv->error);
  _aduan_location_provider_set_state (self, ADUAN_LOCATION_STATE_STARTING, NULL);
  ADUAN_LOCATION_PROVIDER_GET_CLASS (self)->start (self);
}

/**
 * aduan_location_provider_stop:
 *
 * Stops, releasing the service. The last fix stays readable.
 */
void
aduan_location_provider_stop (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_if_fail (ADUAN_IS_LOCATION_PROVIDER (self));

  if (priv->state == ADUAN_LOCATION_STATE_STOPPED)
    return;

  if (priv->state != ADUAN_LOCATION_STATE_FAILED)
    ADUAN_LOCATION_PROVIDER_GET_CLASS (self)->stop (self);
  _aduan_location_provider_set_state (self, ADUAN_LOCATION_STATE_STOPPED, NULL);
}

/**
 * aduan_location_provider_get_state:
 *
 * Returns: where the provider stands
 */
AduanLocationState
aduan_location_provider_get_state (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_val_if_fail (ADUAN_IS_LOCATION_PROVIDER (self), ADUAN_LOCATION_STATE_STOPPED);

  return priv->state;
}

/**
 * aduan_location_provider_get_status:
 *
 * Returns: (nullable): a translated sentence saying what is happening
 */
const char *
aduan_location_provider_get_status (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_val_if_fail (ADUAN_IS_LOCATION_PROVIDER (self), NULL);

  return priv->status;
}

/**
 * aduan_location_provider_get_fix:
 *
 * Returns: (nullable) (transfer none): the latest position; check it with
 *   aduan_location_fix_check() before keeping it
 */
const AduanLocationFix *
aduan_location_provider_get_fix (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_val_if_fail (ADUAN_IS_LOCATION_PROVIDER (self), NULL);

  return priv->fix;
}

/**
 * aduan_location_provider_get_error:
 *
 * Returns: (nullable) (transfer none): why the provider is in the FAILED
 *   state, in the %ADUAN_LOCATION_ERROR domain
 */
const GError *
aduan_location_provider_get_error (AduanLocationProvider *self)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_return_val_if_fail (ADUAN_IS_LOCATION_PROVIDER (self), NULL);

  return priv->error;
}

/**
 * aduan_location_provider_get_source:
 *
 * Returns: what this provider's fixes are marked with
 */
AduanLocationSource
aduan_location_provider_get_source (AduanLocationProvider *self)
{
  g_return_val_if_fail (ADUAN_IS_LOCATION_PROVIDER (self), ADUAN_LOCATION_SOURCE_NONE);

  return ADUAN_LOCATION_PROVIDER_GET_CLASS (self)->source;
}

void
_aduan_location_provider_set_state (AduanLocationProvider *self,
                                    AduanLocationState     state,
                                    const char            *status)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);
  gboolean state_changed = priv->state != state;

  if (status == NULL)
    {
      switch (state)
        {
        case ADUAN_LOCATION_STATE_STOPPED: status = _("Location is off."); break;
        case ADUAN_LOCATION_STATE_STARTING: status = _("Connecting to the location service…"); break;
        case ADUAN_LOCATION_STATE_WAITING: status = _("Waiting for a position…"); break;
        case ADUAN_LOCATION_STATE_ACTIVE: status = _("Position found."); break;
        case ADUAN_LOCATION_STATE_FAILED:
        default: status = priv->error != NULL ? priv->error->message : _("The location service failed."); break;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  priv->state = state;
  if (g_strcmp0 (priv->status, status) != 0)
    {
      g_free (priv->status);
      priv->status = g_strdup (status);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_aduan_location_provider_set_fix (AduanLocationProvider  *self,
                                  const AduanLocationFix *fix)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&priv->fix, aduan_location_fix_free);
  priv->fix = aduan_location_fix_copy (fix);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIX]);
  _aduan_location_provider_set_state (self, ADUAN_LOCATION_STATE_ACTIVE, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_aduan_location_provider_fail (AduanLocationProvider *self,
                               const GError          *error)
{
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  g_clear_error (&priv->error);
  priv->error = g_error_copy (error);
  _aduan_location_provider_set_state (self, ADUAN_LOCATION_STATE_FAILED, error->message);
}

/* Waiting for one fix */

typedef struct
{
  gulong   state_handler;
  GSource *timeout;      /* (owned) */
  GSource *cancelled;    /* (owned) (nullable) */
  guint    timeout_seconds;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_assert (data->state_handler == 0);
  if (data->timeout != NULL)
    {
      g_source_destroy (data->timeout);
      g_source_unref (data->timeout);
    }
  if (data->cancelled != NULL)
    {
      g_source_destroy (data->cancelled);
      g_source_unref (data->cancelled);
    }
  g_free (data);
}

/* Stops listening; the task's own reference keeps it alive until its
 * callback has run. */
static void
wait_finish_listening (GTask *task)
{
  AduanLocationProvider *self = g_task_get_source_object (task);
  WaitData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->state_handler, self);
  if (data->timeout != NULL)
    g_source_destroy (data->timeout);
  if (data->cancelled != NULL)
    g_source_destroy (data->cancelled);
}

static gboolean
wait_check (GTask *task)
{
  AduanLocationProvider *self = g_task_get_source_object (task);
  AduanLocationProviderPrivate *priv = aduan_location_provider_get_instance_private (self);

  if (priv->state == ADUAN_LOCATION_STATE_ACTIVE && priv->fix != NULL)
    {
      wait_finish_listening (task);
      g_task_return_pointer (task, aduan_location_fix_copy (priv->fix), (GDestroyNotify) aduan_location_fix_free);
      return TRUE;
    }
  if (priv->state == ADUAN_LOCATION_STATE_FAILED && priv->error != NULL)
    {
      wait_finish_listening (task);
      g_task_return_error (task, g_error_copy (priv->error));
      return TRUE;
    }
  if (priv->state == ADUAN_LOCATION_STATE_STOPPED)
    {
      wait_finish_listening (task);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Location was turned off"));
      return TRUE;
    }

  return FALSE;
}

static void
wait_state_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
  GTask *task = user_data;

  g_object_ref (task);
  wait_check (task);
  g_object_unref (task);
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  AduanLocationProvider *self = g_task_get_source_object (task);
  WaitData *data = g_task_get_task_data (task);
  const char *status = aduan_location_provider_get_status (self);

  g_object_ref (task);
  wait_finish_listening (task);
  g_task_return_new_error (task, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_TIMED_OUT,
                           g_dngettext (GETTEXT_PACKAGE, "No position within %u second. %s",
                                        "No position within %u seconds. %s", data->timeout_seconds),
                           data->timeout_seconds, status != NULL ? status : "");
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;

  g_object_ref (task);
  wait_finish_listening (task);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/**
 * aduan_location_provider_wait_for_fix_async:
 * @timeout_seconds: give up after this long
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the caller's thread-default main context
 * @user_data: data for @callback
 *
 * Starts the provider if needed and waits for its first position: the
 * "Use my location" button. The provider keeps running afterwards.
 * Fails with the provider's own error, or with
 * %ADUAN_LOCATION_ERROR_TIMED_OUT whose message includes the status (why
 * nothing came).
 */
void
aduan_location_provider_wait_for_fix_async (AduanLocationProvider *self,
                                            guint                  timeout_seconds,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  WaitData *data;

  g_return_if_fail (ADUAN_IS_LOCATION_PROVIDER (self));

  data = g_new0 (WaitData, 1);
  data->timeout_seconds = timeout_seconds;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aduan_location_provider_wait_for_fix_async);
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (aduan_location_provider_get_state (self) == ADUAN_LOCATION_STATE_STOPPED ||
      aduan_location_provider_get_state (self) == ADUAN_LOCATION_STATE_FAILED)
    aduan_location_provider_start (self);

  if (wait_check (task))
    return;

  data->state_handler = g_signal_connect (self, "notify::state", G_CALLBACK (wait_state_cb), task);
  data->timeout = g_timeout_source_new_seconds (timeout_seconds);
  g_task_attach_source (task, data->timeout, wait_timeout_cb);
  if (cancellable != NULL)
    {
      data->cancelled = g_cancellable_source_new (cancellable);
      g_task_attach_source (task, data->cancelled, (GSourceFunc) wait_cancelled_cb);
    }
}

/**
 * aduan_location_provider_wait_for_fix_finish:
 * @result: as given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the first position
 */
AduanLocationFix *
aduan_location_provider_wait_for_fix_finish (AduanLocationProvider  *self,
                                             GAsyncResult           *result,
                                             GError                **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
