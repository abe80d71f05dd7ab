/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "aduan-location-geoclue.h"

/* A stand-in for GeoClue 2 on a private bus (GTestDBus): the manager, one
 * client and its location, with the properties and methods Aduan uses,
 * and switches to refuse permission or send a broken location. */

#define CLIENT_PATH   "/org/freedesktop/GeoClue2/Client/1"
#define LOCATION_PATH "/org/freedesktop/GeoClue2/Client/1/Location/1"

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.GeoClue2.Manager'>"
  "    <method name='GetClient'><arg name='client' type='o' direction='out'/></method>"
  "    <method name='DeleteClient'><arg name='client' type='o' direction='in'/></method>"
  "  </interface>"
  "  <interface name='org.freedesktop.GeoClue2.Client'>"
  "    <property name='Location' type='o' access='read'/>"
  "    <property name='DesktopId' type='s' access='readwrite'/>"
  "    <property name='RequestedAccuracyLevel' type='u' access='readwrite'/>"
  "    <property name='Active' type='b' access='read'/>"
  "    <method name='Start'/>"
  "    <method name='Stop'/>"
  "    <signal name='LocationUpdated'>"
  "      <arg name='old' type='o'/><arg name='new' type='o'/>"
  "    </signal>"
  "  </interface>"
  "  <interface name='org.freedesktop.GeoClue2.Location'>"
  "    <property name='Latitude' type='d' access='read'/>"
  "    <property name='Longitude' type='d' access='read'/>"
  "    <property name='Accuracy' type='d' access='read'/>"
  "    <property name='Altitude' type='d' access='read'/>"
  "    <property name='Description' type='s' access='read'/>"
  "    <property name='Timestamp' type='(tt)' access='read'/>"
  "  </interface>"
  "</node>";

typedef enum {
  FAKE_GIVES_LOCATION,
  FAKE_DENIES_START,
  FAKE_DENIES_CLIENT,
  FAKE_SENDS_BROKEN_LOCATION,
} FakeMode;

typedef struct
{
  GTestDBus       *bus;
  GDBusConnection *service;   /* the fake's own connection */
  GDBusConnection *client;    /* what the provider is given */
  GDBusNodeInfo   *info;
  guint            owner_id;
  guint            registrations[3];
  FakeMode         mode;
  char            *desktop_id;
  guint            accuracy_level;
  gboolean         name_acquired;
  gboolean         started;
  gboolean         stopped;
  gboolean         deleted;
} Fixture;

static void
manager_method_cb (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *path,
                   const char            *interface,
                   const char            *method,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (method, "GetClient"))
    {
      if (fixture->mode == FAKE_DENIES_CLIENT)
        g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED,
                                               "Agent refused this application");
      else
        g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", CLIENT_PATH));
    }
  else if (g_str_equal (method, "DeleteClient"))
    {
      fixture->deleted = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static void
client_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *path,
                  const char            *interface,
                  const char            *method,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (method, "Start"))
    {
      /* Real GeoClue refuses a client that did not say who it is. */
      if (fixture->desktop_id == NULL || *fixture->desktop_id == '\0')
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                                 "'DesktopId' property must be set");
          return;
        }
      if (fixture->mode == FAKE_DENIES_START)
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED,
                                                 "'%s' disallowed, no agent for UID 1000", fixture->desktop_id);
          return;
        }

      fixture->started = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
      g_dbus_connection_emit_signal (connection, NULL, CLIENT_PATH, "org.freedesktop.GeoClue2.Client",
                                     "LocationUpdated", g_variant_new ("(oo)", "/", LOCATION_PATH), NULL);
    }
  else if (g_str_equal (method, "Stop"))
    {
      fixture->stopped = TRUE;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
}

static GVariant *
client_get_property_cb (GDBusConnection  *connection,
                        const char       *sender,
                        const char       *path,
                        const char       *interface,
                        const char       *property,
                        GError          **error,
                        gpointer          user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (property, "Location"))
    return g_variant_new_object_path (fixture->started ? LOCATION_PATH : "/");
  if (g_str_equal (property, "DesktopId"))
    return g_variant_new_string (fixture->desktop_id ? fixture->desktop_id : "");
  if (g_str_equal (property, "RequestedAccuracyLevel"))
    return g_variant_new_uint32 (fixture->accuracy_level);
  if (g_str_equal (property, "Active"))
    return g_variant_new_boolean (fixture->started && !fixture->stopped);

  return NULL;
}

static gboolean
client_set_property_cb (GDBusConnection  *connection,
                        const char       *sender,
                        const char       *path,
                        const char       *interface,
                        const char       *property,
                        GVariant         *value,
                        GError          **error,
                        gpointer          user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (property, "DesktopId"))
    {
      g_free (fixture->desktop_id);
      fixture->desktop_id = g_variant_dup_string (value, NULL);
    }
  else if (g_str_equal (property, "RequestedAccuracyLevel"))
    fixture->accuracy_level = g_variant_get_uint32 (value);

  return TRUE;
}

static GVariant *
location_get_property_cb (GDBusConnection  *connection,
                          const char       *sender,
                          const char       *path,
                          const char       *interface,
                          const char       *property,
                          GError          **error,
                          gpointer          user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (property, "Latitude"))
    {
      if (fixture->mode == FAKE_SENDS_BROKEN_LOCATION)
        {
          g_set_error_literal (error, G_DBUS_ERROR, G_DBUS_ERROR_FAILED, "no latitude");
          return NULL;
        }
      return g_variant_new_double (-7.6298);
    }
  if (g_str_equal (property, "Longitude"))
    return g_variant_new_double (111.5239);
  if (g_str_equal (property, "Accuracy"))
    return g_variant_new_double (25.0);
  if (g_str_equal (property, "Altitude"))
    return g_variant_new_double (-1.7976931348623157e308);
  if (g_str_equal (property, "Description"))
    return g_variant_new_string ("WiFi");
  if (g_str_equal (property, "Timestamp"))
    return g_variant_new ("(tt)", (guint64) (g_get_real_time () / G_USEC_PER_SEC) - 3, (guint64) 500000);

  return NULL;
}

static const GDBusInterfaceVTable manager_vtable = { manager_method_cb, NULL, NULL, { 0 } };
static const GDBusInterfaceVTable client_vtable = { client_method_cb, client_get_property_cb, client_set_property_cb, { 0 } };
static const GDBusInterfaceVTable location_vtable = { NULL, location_get_property_cb, NULL, { 0 } };

static GDBusConnection *
connect_to (GTestDBus *bus)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (bus),
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Fixture *fixture = user_data;

  fixture->name_acquired = TRUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  fixture->client = connect_to (fixture->bus);
  fixture->service = connect_to (fixture->bus);
  fixture->info = g_dbus_node_info_new_for_xml (introspection_xml, &error);
  g_assert_no_error (error);
}

/* Puts the fake GeoClue on the bus and waits until it owns its name. */
static void
fake_start (Fixture  *fixture,
            FakeMode  mode)
{
  g_autoptr(GError) error = NULL;

  fixture->mode = mode;
  fixture->registrations[0] =
    g_dbus_connection_register_object (fixture->service, "/org/freedesktop/GeoClue2/Manager",
                                       g_dbus_node_info_lookup_interface (fixture->info, "org.freedesktop.GeoClue2.Manager"),
                                       &manager_vtable, fixture, NULL, &error);
  g_assert_no_error (error);
  fixture->registrations[1] =
    g_dbus_connection_register_object (fixture->service, CLIENT_PATH,
                                       g_dbus_node_info_lookup_interface (fixture->info, "org.freedesktop.GeoClue2.Client"),
                                       &client_vtable, fixture, NULL, &error);
  g_assert_no_error (error);
  fixture->registrations[2] =
    g_dbus_connection_register_object (fixture->service, LOCATION_PATH,
                                       g_dbus_node_info_lookup_interface (fixture->info, "org.freedesktop.GeoClue2.Location"),
                                       &location_vtable, fixture, NULL, &error);
  g_assert_no_error (error);

  fixture->owner_id = g_bus_own_name_on_connection (fixture->service, "org.freedesktop.GeoClue2",
                                                    G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                                    fixture, NULL);
  while (!fixture->name_acquired)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixture->registrations); i++)
    if (fixture->registrations[i] != 0)
      g_dbus_connection_unregister_object (fixture->service, fixture->registrations[i]);
  if (fixture->owner_id != 0)
    g_bus_unown_name (fixture->owner_id);

  g_dbus_connection_close_sync (fixture->client, NULL, NULL);
  g_dbus_connection_close_sync (fixture->service, NULL, NULL);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->service);
  g_clear_pointer (&fixture->info, g_dbus_node_info_unref);
  g_clear_pointer (&fixture->desktop_id, g_free);

  /* Let queued D-Bus callbacks run before the bus goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_test_dbus_down (fixture->bus);
  g_clear_object (&fixture->bus);
}

typedef struct
{
  GMainLoop        *loop;
  AduanLocationFix *fix;
  GError           *error;
} Wait;

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->fix = aduan_location_provider_wait_for_fix_finish (ADUAN_LOCATION_PROVIDER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
wait_for_fix (AduanLocationProvider *provider,
              Wait                  *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  aduan_location_provider_wait_for_fix_async (provider, 20, NULL, wait_done_cb, wait);
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->fix, aduan_location_fix_free);
  g_clear_error (&wait->error);
}

/* GeoClue's position arrives marked "geoclue" with its accuracy and time;
 * Aduan told GeoClue who it is and asked for exact accuracy, and stopping
 * releases the client. */
static void
test_fix (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(AduanLocationProvider) provider = aduan_location_geoclue_new (fixture->client, NULL);
  Wait wait = { 0 };

  fake_start (fixture, FAKE_GIVES_LOCATION);
  wait_for_fix (provider, &wait);

  g_assert_no_error (wait.error);
  g_assert_cmpint (wait.fix->source, ==, ADUAN_LOCATION_SOURCE_GEOCLUE);
  g_assert_cmpfloat_with_epsilon (wait.fix->latitude, -7.6298, 1e-9);
  g_assert_cmpfloat_with_epsilon (wait.fix->longitude, 111.5239, 1e-9);
  g_assert_cmpfloat_with_epsilon (wait.fix->accuracy_m, 25.0, 1e-9);
  g_assert_cmpint (ABS (wait.fix->time - g_get_real_time ()), <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (wait.fix->time % G_USEC_PER_SEC, ==, 500000);
  g_assert_cmpstr (fixture->desktop_id, ==, "id.go.aduan.Aduan");
  g_assert_cmpuint (fixture->accuracy_level, ==, 8);
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_ACTIVE);

  aduan_location_provider_stop (provider);
  while (!fixture->stopped || !fixture->deleted)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_STOPPED);

  wait_clear (&wait);
}

/* No GeoClue on the bus: "unavailable", with a message that suggests the
 * other ways to give a place. */
static void
test_missing (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(AduanLocationProvider) provider = aduan_location_geoclue_new (fixture->client, "id.go.aduan.Kiosk");
  Wait wait = { 0 };

  wait_for_fix (provider, &wait);
  g_assert_null (wait.fix);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (wait.error->message, "GeoClue"));
  g_test_message ("%s", wait.error->message);
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_FAILED);
  g_assert_cmpstr (aduan_location_provider_get_status (provider), ==, wait.error->message);
  wait_clear (&wait);
}

/* GeoClue refusing permission, at Start or already at GetClient, gives
 * "access denied" pointing at the privacy settings; once allowed, a new
 * start gets the position. */
static void
test_denied (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(AduanLocationProvider) provider = aduan_location_geoclue_new (fixture->client, NULL);
  Wait wait = { 0 };

  fake_start (fixture, FAKE_DENIES_START);
  wait_for_fix (provider, &wait);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (wait.error->message, "privacy"));
  g_test_message ("%s", wait.error->message);
  wait_clear (&wait);

  fixture->mode = FAKE_DENIES_CLIENT;
  wait_for_fix (provider, &wait);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_ACCESS_DENIED);
  wait_clear (&wait);

  fixture->mode = FAKE_GIVES_LOCATION;
  wait_for_fix (provider, &wait);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.fix);
  wait_clear (&wait);
}

/* A location object without coordinates is "bad data", not a crash or a
 * position at 0, 0. */
static void
test_broken_location (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(AduanLocationProvider) provider = aduan_location_geoclue_new (fixture->client, NULL);
  Wait wait = { 0 };

  fake_start (fixture, FAKE_SENDS_BROKEN_LOCATION);
  wait_for_fix (provider, &wait);
  g_assert_null (wait.fix);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_BAD_DATA);
  g_assert_null (aduan_location_provider_get_fix (provider));
  wait_clear (&wait);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/location/geoclue/fix", Fixture, NULL, fixture_set_up, test_fix, fixture_tear_down);
  g_test_add ("/core/location/geoclue/missing", Fixture, NULL, fixture_set_up, test_missing, fixture_tear_down);
  g_test_add ("/core/location/geoclue/denied", Fixture, NULL, fixture_set_up, test_denied, fixture_tear_down);
  g_test_add ("/core/location/geoclue/broken-location", Fixture, NULL, fixture_set_up, test_broken_location, fixture_tear_down);

  return g_test_run ();
}
