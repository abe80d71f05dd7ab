/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "aduan-location-gpsd.h"
#include "aduan-test-util.h"

/* The real gpsd, started by gpsfake (Debian's gpsd-clients) on a free
 * port and fed an NMEA log written here. */
typedef struct
{
  char  *dir;
  GPid   pid;
  guint  port;
  char  *port_text;
} GpsFake;

static char *
find_gpsfake (void)
{
  return g_find_program_in_path ("gpsfake");
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static char *
nmea (const char *body)
{
  guint8 checksum = 0;

  for (const char *p = body; *p != '\0'; p++)
    checksum ^= (guint8) *p;

  return g_strdup_printf ("$%s*%02X\r\n", body, checksum);
}

/* A few seconds of fixes around Madiun (-7.63, 111.52), stamped with the
 * current UTC time so they are fresh; @hdop sets gpsd's error estimate. */
static char *
madiun_log (double hdop)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GString *log = g_string_new (NULL);

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_seconds (now, i);
      g_autofree char *hms = g_date_time_format (t, "%H%M%S.00");
      g_autofree char *dmy = g_date_time_format (t, "%d%m%y");
      /* 7°37.800' S = -7.63, 111°31.200' E = 111.52, drifting a little. */
      g_autofree char *lat = g_strdup_printf ("0737.%03u", 800 + i);
      g_autofree char *gga = g_strdup_printf ("GPGGA,%s,%s,S,11131.200,E,1,08,%.1f,64.0,M,0.0,M,,", hms, lat, hdop);
      g_autofree char *rmc = g_strdup_printf ("GPRMC,%s,A,%s,S,11131.200,E,0.0,0.0,%s,,,A", hms, lat, dmy);
      g_autofree char *gsa = g_strdup_printf ("GPGSA,A,3,01,02,03,04,05,06,07,08,,,,,%.1f,%.1f,1.2", hdop * 1.5, hdop);
      g_autofree char *s1 = nmea (gga);
      g_autofree char *s2 = nmea (rmc);
      g_autofree char *s3 = nmea (gsa);

      g_string_append (log, s1);
      g_string_append (log, s2);
      g_string_append (log, s3);
    }

  return g_string_free (log, FALSE);
}

/* What a receiver at the wrong speed, or not a GPS at all, sends. */
static char *
garbage_log (void)
{
  GString *log = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint line = 0; line < 40; line++)
    {
      if (line % 4 == 0)
        g_string_append (log, "$GPGGA,not,a,real,sentence*FF\r\n");
      else if (line % 4 == 1)
        g_string_append (log, "AT+CGPS=1\r\nOK\r\n");
      else
        {
          for (guint i = 0; i < 60; i++)
            g_string_append_c (log, (char) (0x80 | g_rand_int_range (rand, 0, 0x7f)));
          g_string_append (log, "\r\n");
        }
    }

  return g_string_free (log, FALSE);
}

/* A plain socket: GSocketClient would consult the proxy settings. */
static gboolean
port_accepts (guint port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, (guint16) port);

  return g_socket_connect (socket, address, NULL, NULL);
}

static void
child_setup (gpointer user_data)
{
  /* Its own process group, so gpsfake and the gpsd it starts go together. */
  setpgid (0, 0);
}

static gboolean
gpsfake_start (GpsFake    *fake,
               const char *log_text)
{
  g_autofree char *gpsfake = find_gpsfake ();
  g_autofree char *log_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *path_env = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int output;

  if (gpsfake == NULL)
    return FALSE;

  fake->dir = aduan_test_make_temp_dir ("gpsfake");
  fake->port = free_port ();
  fake->port_text = g_strdup_printf ("%u", fake->port);
  log_path = g_build_filename (fake->dir, "receiver.nmea", NULL);
  g_file_set_contents (log_path, log_text, -1, &error);
  g_assert_no_error (error);
  output_path = g_build_filename (fake->dir, "gpsfake.log", NULL);
  output = g_open (output_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  g_assert_cmpint (output, >=, 0);

  /* gpsfake looks for gpsd on PATH; Debian keeps it in /usr/sbin. */
  path_env = g_strconcat (g_environ_getenv (envp, "PATH") ? g_environ_getenv (envp, "PATH") : "/usr/bin",
                          ":/usr/sbin:/sbin", NULL);
  envp = g_environ_setenv (envp, "PATH", path_env, TRUE);

  {
    const char *argv[] = { gpsfake, "-q", "-c", "0.1", "-P", fake->port_text, log_path, NULL };

    g_spawn_async_with_fds (fake->dir, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, child_setup, NULL,
                            &fake->pid, -1, output, output, &error);
  }
  close (output);
  g_assert_no_error (error);

  for (guint i = 0; i < 200 && !port_accepts (fake->port); i++)
    g_usleep (50 * 1000);
  if (!port_accepts (fake->port))
    {
      g_autofree char *output_text = NULL;

      g_file_get_contents (output_path, &output_text, NULL, NULL);
      g_error ("gpsfake did not start gpsd on port %u: %s", fake->port, output_text ? output_text : "");
    }

  return TRUE;
}

static void
gpsfake_stop (GpsFake *fake)
{
  int status;

  if (fake->pid > 0)
    {
      kill (-fake->pid, SIGTERM);
      for (guint i = 0; i < 40; i++)
        {
          if (waitpid (fake->pid, &status, WNOHANG) == fake->pid)
            {
              fake->pid = 0;
              break;
            }
          g_usleep (50 * 1000);
        }
      if (fake->pid > 0)
        {
          /* gpsfake does not always heed SIGTERM. */
          kill (-fake->pid, SIGKILL);
          waitpid (fake->pid, &status, 0);
        }
      g_spawn_close_pid (fake->pid);
      fake->pid = 0;
    }

  g_clear_pointer (&fake->dir, g_free);
  g_clear_pointer (&fake->port_text, g_free);
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
              guint                  timeout_seconds,
              Wait                  *wait)
{
  wait->loop = g_main_loop_new (NULL, FALSE);
  aduan_location_provider_wait_for_fix_async (provider, timeout_seconds, NULL, wait_done_cb, wait);
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
}

static void
wait_clear (Wait *wait)
{
  g_clear_pointer (&wait->fix, aduan_location_fix_free);
  g_clear_error (&wait->error);
}

/* Fixes from the real gpsd reach the main loop: Madiun's coordinates,
 * marked GPS, with gpsd's error estimate and a fresh time; stopping and
 * starting again works. */
static void
test_fix (void)
{
  g_autofree char *log = madiun_log (0.9);
  g_autoptr(AduanLocationProvider) provider = NULL;
  GpsFake fake = { 0 };
  Wait wait = { 0 };
  g_autofree char *warning = NULL;

  if (!gpsfake_start (&fake, log))
    {
      g_test_skip ("gpsfake is not installed (Debian: gpsd-clients)");
      return;
    }

  provider = aduan_location_gpsd_new ("127.0.0.1", fake.port_text);
  g_assert_cmpint (aduan_location_provider_get_source (provider), ==, ADUAN_LOCATION_SOURCE_GPS);

  /* A start cut short leaves nothing behind. */
  aduan_location_provider_start (provider);
  aduan_location_provider_stop (provider);
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_STOPPED);

  wait_for_fix (provider, 30, &wait);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.fix);
  g_assert_cmpint (wait.fix->source, ==, ADUAN_LOCATION_SOURCE_GPS);
  g_assert_cmpfloat (fabs (wait.fix->latitude - -7.63), <, 0.001);
  g_assert_cmpfloat (fabs (wait.fix->longitude - 111.52), <, 0.001);
  g_assert_cmpfloat (wait.fix->accuracy_m, >, 0);
  g_assert_cmpfloat (wait.fix->accuracy_m, <, 50);
  g_assert_cmpint (ABS (wait.fix->time - g_get_real_time ()), <, 60 * G_USEC_PER_SEC);
  g_assert_cmpint (aduan_location_fix_check (wait.fix, NULL, g_get_real_time (), &warning), ==,
                   ADUAN_LOCATION_QUALITY_GOOD);
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_ACTIVE);
  g_test_message ("fix %.6f, %.6f ±%.1f m", wait.fix->latitude, wait.fix->longitude, wait.fix->accuracy_m);

  aduan_location_provider_stop (provider);
  g_assert_nonnull (aduan_location_provider_get_fix (provider));
  wait_clear (&wait);
  gpsfake_stop (&fake);
}

/* A receiver with a poor view of the sky (HDOP 5) gives a fix that the
 * 50 m threshold flags. */
static void
test_inaccurate (void)
{
  g_autofree char *log = madiun_log (5.0);
  g_autoptr(AduanLocationProvider) provider = NULL;
  GpsFake fake = { 0 };
  Wait wait = { 0 };
  g_autofree char *warning = NULL;

  if (!gpsfake_start (&fake, log))
    {
      g_test_skip ("gpsfake is not installed (Debian: gpsd-clients)");
      return;
    }

  provider = aduan_location_gpsd_new ("127.0.0.1", fake.port_text);
  wait_for_fix (provider, 30, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpint (aduan_location_fix_check (wait.fix, NULL, g_get_real_time (), &warning), ==,
                   ADUAN_LOCATION_QUALITY_INACCURATE);
  g_test_message ("%s", warning);

  wait_clear (&wait);
  g_clear_object (&provider);
  gpsfake_stop (&fake);
}

static void
status_cb (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  GPtrArray *statuses = user_data;

  g_ptr_array_add (statuses, g_strdup (aduan_location_provider_get_status (ADUAN_LOCATION_PROVIDER (object))));
}

/* NMEA garbage from the receiver leaves gpsd with nothing to report: the
 * provider stays waiting, its status says the receiver's data cannot be
 * understood, and waiting for a fix times out with that reason. */
static void
test_garbage (void)
{
  g_autofree char *log = garbage_log ();
  g_autoptr(AduanLocationProvider) provider = NULL;
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func (g_free);
  GpsFake fake = { 0 };
  Wait wait = { 0 };
  gboolean explained = FALSE;

  if (!gpsfake_start (&fake, log))
    {
      g_test_skip ("gpsfake is not installed (Debian: gpsd-clients)");
      return;
    }

  provider = aduan_location_gpsd_new ("127.0.0.1", fake.port_text);
  aduan_location_gpsd_set_silence_timeout (ADUAN_LOCATION_GPSD (provider), 2);
  g_signal_connect (provider, "notify::status", G_CALLBACK (status_cb), statuses);

  wait_for_fix (provider, 6, &wait);
  g_assert_null (wait.fix);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_TIMED_OUT);
  g_test_message ("%s", wait.error->message);
  g_assert_nonnull (strstr (wait.error->message, "cannot understand"));
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_WAITING);
  g_assert_null (aduan_location_provider_get_fix (provider));
  for (guint i = 0; i < statuses->len; i++)
    if (strstr (g_ptr_array_index (statuses, i), "cannot understand") != NULL)
      explained = TRUE;
  g_assert_true (explained);

  wait_clear (&wait);
  aduan_location_provider_stop (provider);
  gpsfake_stop (&fake);
}

/* No gpsd on the port: the provider fails with "unavailable" and a
 * message that names gpsd. */
static void
test_not_running (void)
{
  guint port = free_port ();
  g_autofree char *port_text = g_strdup_printf ("%u", port);
  g_autoptr(AduanLocationProvider) provider = aduan_location_gpsd_new ("127.0.0.1", port_text);
  Wait wait = { 0 };

  wait_for_fix (provider, 10, &wait);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (wait.error->message, "gpsd"));
  g_assert_cmpint (aduan_location_provider_get_state (provider), ==, ADUAN_LOCATION_STATE_FAILED);
  g_assert_nonnull (aduan_location_provider_get_error (provider));
  g_test_message ("%s", wait.error->message);
  wait_clear (&wait);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  GPtrArray *connections = user_data;
  const char *reply = (const char *) g_object_get_data (G_OBJECT (service), "reply");
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (output, reply, strlen (reply), NULL, NULL, NULL);
  g_ptr_array_add (connections, g_object_ref (connection));
  return TRUE;
}

/* Something else on the port — here a server answering with broken JSON
 * and HTTP — fails with "bad data", not a crash. */
static void
test_not_gpsd (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(AduanLocationProvider) provider = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  Wait wait = { 0 };

  g_object_set_data (G_OBJECT (service), "reply",
                     (gpointer) "{\"class\":\"TPV\",\"lat\":[garbage\r\n{{{{\r\nHTTP/1.1 400 Bad Request\r\n\r\n");
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), connections);
  g_socket_service_start (service);
  port_text = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  provider = aduan_location_gpsd_new ("127.0.0.1", port_text);
  wait_for_fix (provider, 20, &wait);
  g_assert_error (wait.error, ADUAN_LOCATION_ERROR, ADUAN_LOCATION_ERROR_BAD_DATA);
  g_test_message ("%s", wait.error->message);
  wait_clear (&wait);

  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/location/gpsd/fix", test_fix);
  g_test_add_func ("/core/location/gpsd/inaccurate", test_inaccurate);
  g_test_add_func ("/core/location/gpsd/garbage", test_garbage);
  g_test_add_func ("/core/location/gpsd/not-running", test_not_running);
  g_test_add_func ("/core/location/gpsd/not-gpsd", test_not_gpsd);

  return g_test_run ();
}
