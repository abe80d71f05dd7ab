/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "aduan-location-geoclue.h"
#include "aduan-location-private.h"

/* GeoClue 2's D-Bus API, spoken directly with GDBus so libgeoclue is not
 * needed to build or run: a machine without GeoClue just reports it. */
#define GEOCLUE_NAME               "org.freedesktop.GeoClue2"
#define GEOCLUE_MANAGER_PATH       "/org/freedesktop/GeoClue2/Manager"
#define GEOCLUE_MANAGER_INTERFACE  "org.freedesktop.GeoClue2.Manager"
#define GEOCLUE_CLIENT_INTERFACE   "org.freedesktop.GeoClue2.Client"
#define GEOCLUE_LOCATION_INTERFACE "org.freedesktop.GeoClue2.Location"
#define PROPERTIES_INTERFACE       "org.freedesktop.DBus.Properties"
/* GClueAccuracyLevel: GPS-grade, which is what a complaint's place needs. */
#define GEOCLUE_ACCURACY_EXACT     8u

/**
 * AduanLocationGeoclue:
 *
 * Positions from GeoClue 2, the desktop's location service (Wi-Fi, 3G
 * modems' GPS, GPS receivers), over D-Bus. GeoClue asks its agent whether
 * Aduan may know the location; a refusal, or no GeoClue at all, ends in
 * the FAILED state with an error saying so.
 */
struct _AduanLocationGeoclue
{
  AduanLocationProvider  parent_instance;

  GDBusConnection       *connection;   /* (owned) (nullable) until the system bus is got */
  char                  *desktop_id;   /* (owned) */
  GCancellable          *cancellable;  /* (owned) (nullable) the running session */
  char                  *client_path;  /* (owned) (nullable) */
  guint                  signal_id;
};

G_DEFINE_FINAL_TYPE (AduanLocationGeoclue, aduan_location_geoclue, ADUAN_TYPE_LOCATION_PROVIDER)

enum {
  PROP_0,
  PROP_CONNECTION,
  PROP_DESKTOP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void aduan_location_geoclue_stop (AduanLocationProvider *provider);

/* Turns a D-Bus failure into what a person can act on; cancellation
 * (a stop) is not a failure. */
static void
fail_from_dbus (AduanLocationGeoclue *self,
                const GError         *error)
{
  g_autoptr(GError) failure = NULL;
  g_autoptr(GError) stripped = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  stripped = g_error_copy (error);
  g_dbus_error_strip_remote_error (stripped);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND))
    failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_UNAVAILABLE,
                           _("GeoClue, the location service, is not installed or not running (%s). Use the GPS receiver or pick the village instead."),
                           stripped->message);
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) ||
           g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED))
    failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_ACCESS_DENIED,
                           _("GeoClue refused to give the location to Aduan (%s). Allow location access for Aduan in the system’s privacy settings."),
                           stripped->message);
  else if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_BAD_DATA,
                           _("GeoClue answered in a way Aduan does not understand (%s)."), stripped->message);
  else
    failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_FAILED,
                           _("GeoClue failed: %s"), stripped->message);

  /* Straight to FAILED: passing through STOPPED would read as "turned
   * off" to whoever waits for a fix. */
  aduan_location_geoclue_stop (ADUAN_LOCATION_PROVIDER (self));
  _aduan_location_provider_fail (ADUAN_LOCATION_PROVIDER (self), failure);
}

static void
got_location_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) values = NULL;
  AduanLocationFix fix = { 0 };
  guint64 seconds = 0, microseconds = 0;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      fail_from_dbus (self, error);
      return;
    }

  values = g_variant_get_child_value (reply, 0);
  if (!g_variant_lookup (values, "Latitude", "d", &fix.latitude) ||
      !g_variant_lookup (values, "Longitude", "d", &fix.longitude))
    {
      g_autoptr(GError) bad = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                   "Location without Latitude or Longitude");
      fail_from_dbus (self, bad);
      return;
    }
  if (!g_variant_lookup (values, "Accuracy", "d", &fix.accuracy_m) || !isfinite (fix.accuracy_m) ||
      fix.accuracy_m < 0)
    fix.accuracy_m = -1;
  if (g_variant_lookup (values, "Timestamp", "(tt)", &seconds, &microseconds) && seconds > 0)
    fix.time = (gint64) seconds * G_USEC_PER_SEC + (gint64) microseconds;
  else
    fix.time = g_get_real_time ();
  fix.source = ADUAN_LOCATION_SOURCE_GEOCLUE;

  if (!aduan_location_fix_is_valid (&fix))
    {
      g_autoptr(GError) bad = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                   "coordinates out of range");
      fail_from_dbus (self, bad);
      return;
    }

  _aduan_location_provider_set_fix (ADUAN_LOCATION_PROVIDER (self), &fix);
}

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
location_updated_cb (GDBusConnection *connection,
                     const char      *sender_name,
                     const char      *object_path,
                     const char      *interface_name,
                     const char      *signal_name,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  g_autoptr(AduanLocationGeoclue) self = g_weak_ref_get (user_data);
  const char *new_path = NULL;

  if (self == NULL || self->cancellable == NULL || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(oo)")))
    return;

  g_variant_get (parameters, "(&o&o)", NULL, &new_path);
  g_dbus_connection_call (connection, GEOCLUE_NAME, new_path, PROPERTIES_INTERFACE, "GetAll",
                          g_variant_new ("(s)", GEOCLUE_LOCATION_INTERFACE), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, got_location_cb, g_object_ref (self));
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      fail_from_dbus (self, error);
      return;
    }

  /* A fix may already have come with the first LocationUpdated. */
  if (aduan_location_provider_get_state (ADUAN_LOCATION_PROVIDER (self)) == ADUAN_LOCATION_STATE_STARTING)
    _aduan_location_provider_set_state (ADUAN_LOCATION_PROVIDER (self), ADUAN_LOCATION_STATE_WAITING,
                                        _("Waiting for GeoClue’s first position…"));
}

static void
set_accuracy_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      fail_from_dbus (self, error);
      return;
    }

  /* No timeout: GeoClue's agent may be asking the person for permission. */
  g_dbus_connection_call (self->connection, GEOCLUE_NAME, self->client_path, GEOCLUE_CLIENT_INTERFACE, "Start",
                          NULL, G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, G_MAXINT,
                          self->cancellable, started_cb, g_object_ref (self));
}

static void
set_desktop_id_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      fail_from_dbus (self, error);
      return;
    }

  g_dbus_connection_call (self->connection, GEOCLUE_NAME, self->client_path, PROPERTIES_INTERFACE, "Set",
                          g_variant_new ("(ssv)", GEOCLUE_CLIENT_INTERFACE, "RequestedAccuracyLevel",
                                         g_variant_new_uint32 (GEOCLUE_ACCURACY_EXACT)),
                          G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, set_accuracy_cb, g_object_ref (self));
}

/* GeoClue tells its agent which application asks by the desktop id, and
 * refuses to start a client without one. */
static void
set_desktop_id (AduanLocationGeoclue *self)
{
  g_dbus_connection_call (self->connection, GEOCLUE_NAME, self->client_path, PROPERTIES_INTERFACE, "Set",
                          g_variant_new ("(ssv)", GEOCLUE_CLIENT_INTERFACE, "DesktopId",
                                         g_variant_new_string (self->desktop_id)),
                          G_VARIANT_TYPE_UNIT, G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, set_desktop_id_cb, g_object_ref (self));
}

static void
got_client_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  GWeakRef *owner;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      fail_from_dbus (self, error);
      return;
    }
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  g_clear_pointer (&self->client_path, g_free);
  g_variant_get (reply, "(o)", &self->client_path);

  /* A signal already queued may still be delivered after unsubscribing,
   * so the callback holds the provider only weakly. */
  owner = g_new0 (GWeakRef, 1);
  g_weak_ref_init (owner, self);
  self->signal_id = g_dbus_connection_signal_subscribe (self->connection, GEOCLUE_NAME, GEOCLUE_CLIENT_INTERFACE,
                                                        "LocationUpdated", self->client_path, NULL,
                                                        G_DBUS_SIGNAL_FLAGS_NONE, location_updated_cb,
                                                        owner, free_weak_ref);
  set_desktop_id (self);
}

static void
get_client (AduanLocationGeoclue *self)
{
  g_dbus_connection_call (self->connection, GEOCLUE_NAME, GEOCLUE_MANAGER_PATH, GEOCLUE_MANAGER_INTERFACE,
                          "GetClient", NULL, G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          self->cancellable, got_client_cb, g_object_ref (self));
}

static void
got_bus_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(AduanLocationGeoclue) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_bus_get_finish (result, &error);
  if (connection == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) failure = g_error_new (ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_UNAVAILABLE,
                                                   _("Cannot reach the system bus to ask GeoClue for the location: %s"),
                                                   error->message);

          aduan_location_geoclue_stop (ADUAN_LOCATION_PROVIDER (self));
          _aduan_location_provider_fail (ADUAN_LOCATION_PROVIDER (self), failure);
        }
      return;
    }

  g_clear_object (&self->connection);
  self->connection = connection;
  if (self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
    get_client (self);
}

static void
aduan_location_geoclue_start (AduanLocationProvider *provider)
{
  AduanLocationGeoclue *self = ADUAN_LOCATION_GEOCLUE (provider);

  g_assert (self->cancellable == NULL);
  self->cancellable = g_cancellable_new ();

  if (self->connection == NULL)
    g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, got_bus_cb, g_object_ref (self));
  else
    get_client (self);
}

static void
aduan_location_geoclue_stop (AduanLocationProvider *provider)
{
  AduanLocationGeoclue *self = ADUAN_LOCATION_GEOCLUE (provider);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->signal_id != 0)
    g_dbus_connection_signal_unsubscribe (self->connection, self->signal_id);
  self->signal_id = 0;

  /* Tell GeoClue we are done, so it can turn off the GPS; no answer is
   * awaited and a failure changes nothing. */
  if (self->client_path != NULL && self->connection != NULL)
    {
      g_dbus_connection_call (self->connection, GEOCLUE_NAME, self->client_path, GEOCLUE_CLIENT_INTERFACE,
                              "Stop", NULL, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      g_dbus_connection_call (self->connection, GEOCLUE_NAME, GEOCLUE_MANAGER_PATH, GEOCLUE_MANAGER_INTERFACE,
                              "DeleteClient", g_variant_new ("(o)", self->client_path), NULL,
                              G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
    }
  g_clear_pointer (&self->client_path, g_free);
}

static void
aduan_location_geoclue_dispose (GObject *object)
{
  aduan_location_geoclue_stop (ADUAN_LOCATION_PROVIDER (object));
  g_clear_object (&ADUAN_LOCATION_GEOCLUE (object)->connection);

  G_OBJECT_CLASS (aduan_location_geoclue_parent_class)->dispose (object);
}

static void
aduan_location_geoclue_finalize (GObject *object)
{
  g_free (ADUAN_LOCATION_GEOCLUE (object)->desktop_id);

  G_OBJECT_CLASS (aduan_location_geoclue_parent_class)->finalize (object);
}

static void
aduan_location_geoclue_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AduanLocationGeoclue *self = ADUAN_LOCATION_GEOCLUE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_DESKTOP_ID:
      g_value_set_string (value, self->desktop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_location_geoclue_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AduanLocationGeoclue *self = ADUAN_LOCATION_GEOCLUE (object);

  switch (prop_id)
    {
    case PROP_CONNECTION:
      self->connection = g_value_dup_object (value);
      break;
    case PROP_DESKTOP_ID:
      g_free (self->desktop_id);
      self->desktop_id = g_value_dup_string (value);
      if (self->desktop_id == NULL || *self->desktop_id == '\0')
        {
          g_free (self->desktop_id);
          self->desktop_id = g_strdup (APPLICATION_ID);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_location_geoclue_class_init (AduanLocationGeoclueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AduanLocationProviderClass *provider_class = ADUAN_LOCATION_PROVIDER_CLASS (klass);

  object_class->dispose = aduan_location_geoclue_dispose;
  object_class->finalize = aduan_location_geoclue_finalize;
  object_class->get_property = aduan_location_geoclue_get_property;
  object_class->set_property = aduan_location_geoclue_set_property;

  provider_class->start = aduan_location_geoclue_start;
  provider_class->stop = aduan_location_geoclue_stop;
  provider_class->source = ADUAN_LOCATION_SOURCE_GEOCLUE;

  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, G_TYPE_DBUS_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESKTOP_ID] =
    g_param_spec_string ("desktop-id", NULL, NULL, APPLICATION_ID,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aduan_location_geoclue_init (AduanLocationGeoclue *self)
{
}

/**
 * aduan_location_geoclue_new:
 * @connection: (nullable): the bus GeoClue is on; %NULL for the system bus
 * @desktop_id: (nullable): how GeoClue's agent knows the application;
 *   %NULL for Aduan's application id
 *
 * Returns: (transfer full): a provider, stopped
 */
AduanLocationProvider *
aduan_location_geoclue_new (GDBusConnection *connection,
                            const char      *desktop_id)
{
  g_return_val_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection), NULL);

  return g_object_new (ADUAN_TYPE_LOCATION_GEOCLUE, "connection", connection, "desktop-id", desktop_id, NULL);
}

/**
 * aduan_location_geoclue_get_desktop_id:
 *
 * Returns: the desktop id GeoClue is given
 */
const char *
aduan_location_geoclue_get_desktop_id (AduanLocationGeoclue *self)
{
  g_return_val_if_fail (ADUAN_IS_LOCATION_GEOCLUE (self), NULL);

  return self->desktop_id;
}
