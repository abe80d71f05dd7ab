/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "aduan-catalog.h"
#include "aduan-error.h"
#include "aduan-hub-auth.h"
#include "aduan-hub-config.h"
#include "aduan-hub-server.h"
#include "aduan-hub-storage-sqlite.h"
#include "aduan-tracking-code.h"

#define DATABASE_NAME "hub.sqlite"

static const char summary[] =
  "Commands:\n"
  "  serve        Run the hub\n"
  "  enroll-code  Make a one-time code a device enrolls with\n"
  "  token        Make a token for office work (admin or agency)\n"
  "  revoke       Revoke a device's or office token's access\n"
  "  devices      List devices and office tokens\n"
  "\n"
  "Run “aduan-hub COMMAND --help” for a command's options.";

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("aduan-hub %s: %s\n", command, error->message);
  return error->domain == G_OPTION_ERROR ? 2 : 1;
}

static gboolean
parse_options (const char    *command,
               const char    *parameters,
               const char    *description,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv,
               GError       **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *title = g_strdup_printf ("%s%s%s", command, parameters != NULL ? " " : "",
                                            parameters != NULL ? parameters : "");

  context = g_option_context_new (title);
  g_option_context_set_summary (context, description);
  g_option_context_add_main_entries (context, entries, NULL);

  return g_option_context_parse (context, argc, argv, error);
}

static AduanHubStorage *
open_storage (const char  *data_dir,
              GError     **error)
{
  g_autofree char *path = NULL;

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot make the data folder %s: %s", data_dir, g_strerror (saved_errno));
      return NULL;
    }

  path = g_build_filename (data_dir, DATABASE_NAME, NULL);
  return aduan_hub_storage_sqlite_open (path, error);
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_CONTINUE;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autoptr(AduanHubConfig) config = aduan_hub_config_new ();
  g_autoptr(AduanHubServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *upload_expiry = NULL;
  g_autofree char *zone = NULL;
  int working_days = (int) config->working_days;
  int rate_limit = (int) config->requests_per_minute;
  gint64 max_photo_size = config->max_photo_size;
  guint term_id, int_id;
  GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen, "Where to listen (default " ADUAN_HUB_DEFAULT_LISTEN "; port 0 picks a free one)", "HOST:PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Where the database and photos live", "DIR" },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &config->tls_cert, "Serve HTTPS with this PEM certificate", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &config->tls_key, "The certificate's PEM private key", "FILE" },
    { "working-days", 0, 0, G_OPTION_ARG_INT, &working_days, "Follow-up deadline in working days (default 5)", "N" },
    { "holidays", 0, 0, G_OPTION_ARG_FILENAME, &config->holidays_file, "Public holidays, one YYYY-MM-DD a line", "FILE" },
    { "timezone", 0, 0, G_OPTION_ARG_STRING, &zone, "Zone working days are counted in (default " ADUAN_HUB_DEFAULT_TIMEZONE ")", "ZONE" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "Requests per minute per device (default 600; 0: no limit)", "N" },
    { "max-photo-size", 0, 0, G_OPTION_ARG_INT64, &max_photo_size, "Largest photo in bytes (default 20 MiB)", "BYTES" },
    { "upload-expiry", 0, 0, G_OPTION_ARG_STRING, &upload_expiry, "How long unfinished uploads are kept (default 3d)", "DURATION" },
    { NULL }
  };

  if (!parse_options ("serve", NULL, "Runs the hub until SIGTERM or SIGINT. The first line printed is its URL.",
                      entries, &argc, &argv, &error))
    return fail ("serve", error);

  if (argc > 1)
    {
      g_printerr ("aduan-hub serve: unexpected “%s”\n", argv[1]);
      return 2;
    }

  if (working_days <= 0 || rate_limit < 0 || max_photo_size <= 0 ||
      (upload_expiry != NULL && !aduan_hub_auth_parse_duration (upload_expiry, &config->upload_expiry)))
    {
      g_printerr ("aduan-hub serve: --working-days, --rate-limit, --max-photo-size or --upload-expiry is out of range\n");
      return 2;
    }

  config->working_days = (guint) working_days;
  config->requests_per_minute = (guint) rate_limit;
  config->max_photo_size = max_photo_size;
  if (listen != NULL)
    {
      g_free (config->listen);
      config->listen = g_steal_pointer (&listen);
    }
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (zone != NULL)
    {
      g_free (config->timezone);
      config->timezone = g_steal_pointer (&zone);
    }

  server = aduan_hub_server_new (config, &error);
  if (server == NULL || !aduan_hub_server_listen (server, &error))
    return fail ("serve", error);

  url = aduan_hub_server_get_url (server);
  g_print ("%s\n", url);
  fflush (stdout);
  g_message ("Listening on %s, data in %s", url, config->data_dir);

  loop = g_main_loop_new (NULL, FALSE);
  term_id = g_unix_signal_add (SIGTERM, quit_cb, loop);
  int_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  aduan_hub_server_shutdown (server);
  g_message ("Stopped");

  return 0;
}

static int
command_enroll_code (int    argc,
                     char **argv)
{
  g_autoptr(AduanHubStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *expires_text = NULL;
  g_autofree char *code = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *until = NULL;
  g_autoptr(GDateTime) expires_time = NULL;
  gint64 expires = 24 * 3600 * (gint64) G_USEC_PER_SEC;
  gint64 now = g_get_real_time ();
  AduanHubRole role;
  GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "What to call the device, e.g. “Kiosk MPP Sleman”", "NAME" },
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_text, "officer or kiosk", "ROLE" },
    { "expires", 'e', 0, G_OPTION_ARG_STRING, &expires_text, "How long the code is valid (default 24h)", "DURATION" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The hub's data folder", "DIR" },
    { NULL }
  };

  if (!parse_options ("enroll-code", NULL,
                      "Prints a one-time code. The device sends it to POST /v1/enroll and gets its token.",
                      entries, &argc, &argv, &error))
    return fail ("enroll-code", error);

  /* GOption overwrites without freeing, so the default comes after. */
  if (data_dir == NULL)
    data_dir = aduan_hub_config_default_data_dir ();

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 200)
    {
      g_printerr ("aduan-hub enroll-code: give the device a --name\n");
      return 2;
    }

  if (!aduan_hub_role_from_string (role_text, &role) ||
      (role != ADUAN_HUB_ROLE_OFFICER && role != ADUAN_HUB_ROLE_KIOSK))
    {
      g_printerr ("aduan-hub enroll-code: --role must be officer or kiosk\n");
      return 2;
    }

  if (expires_text != NULL && !aduan_hub_auth_parse_duration (expires_text, &expires))
    {
      g_printerr ("aduan-hub enroll-code: --expires must be a duration such as 30m, 24h or 7d\n");
      return 2;
    }

  storage = open_storage (data_dir, &error);
  if (storage == NULL)
    return fail ("enroll-code", error);

  code = aduan_hub_auth_new_enroll_code ();
  normalized = aduan_hub_auth_normalize_code (code);
  hash = aduan_hub_auth_hash_secret (normalized);
  if (!aduan_hub_storage_add_enroll_code (storage, hash, name, role, now, now + expires, &error))
    return fail ("enroll-code", error);

  expires_time = g_date_time_new_from_unix_local ((now + expires) / G_USEC_PER_SEC);
  until = g_date_time_format (expires_time, "%Y-%m-%d %H:%M %Z");
  g_print ("%s\n", code);
  g_printerr ("One-time %s code, valid until %s\n", aduan_hub_role_to_string (role), until);

  return 0;
}

static gboolean
agency_is_known (AduanHubStorage  *storage,
                 const char       *agency,
                 GError          **error)
{
  g_autofree char *json = NULL;
  g_autoptr(AduanCatalog) catalog = NULL;

  json = aduan_hub_storage_get_catalog (storage, NULL, error);
  if (json == NULL && error != NULL && *error != NULL)
    return FALSE;

  catalog = json != NULL ? aduan_catalog_new_from_data (json, -1, error) : aduan_catalog_new_default (error);
  if (catalog == NULL)
    return FALSE;

  if (aduan_catalog_lookup_agency (catalog, agency) == NULL)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_NOT_FOUND,
                   "--agency: “%s” is not an agency in the hub’s catalog", agency);
      return FALSE;
    }

  return TRUE;
}

static int
command_token (int    argc,
               char **argv)
{
  g_autoptr(AduanHubStorage) storage = NULL;
  g_autoptr(AduanHubDevice) device = aduan_hub_device_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *role_text = NULL;
  g_autofree char *agency = NULL;
  g_autofree char *name = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_text, "admin or agency", "ROLE" },
    { "agency", 'a', 0, G_OPTION_ARG_STRING, &agency, "The agency code, for an agency token", "CODE" },
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name, "Whose token it is, e.g. “Admin Diskominfo”", "NAME" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The hub's data folder", "DIR" },
    { NULL }
  };

  if (!parse_options ("token", NULL,
                      "Prints a bearer token for office work. It is shown only this once; the hub keeps a hash.",
                      entries, &argc, &argv, &error))
    return fail ("token", error);

  /* GOption overwrites without freeing, so the default comes after. */
  if (data_dir == NULL)
    data_dir = aduan_hub_config_default_data_dir ();

  if (!aduan_hub_role_from_string (role_text, &device->role) ||
      (device->role != ADUAN_HUB_ROLE_ADMIN && device->role != ADUAN_HUB_ROLE_AGENCY))
    {
      g_printerr ("aduan-hub token: --role must be admin or agency\n");
      return 2;
    }

  if ((device->role == ADUAN_HUB_ROLE_AGENCY) != (agency != NULL))
    {
      g_printerr ("aduan-hub token: an agency token needs --agency, and only it\n");
      return 2;
    }

  if (name != NULL && (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 200))
    {
      g_printerr ("aduan-hub token: --name is too long\n");
      return 2;
    }

  storage = open_storage (data_dir, &error);
  if (storage == NULL)
    return fail ("token", error);

  if (agency != NULL && !agency_is_known (storage, agency, &error))
    return fail ("token", error);

  token = aduan_hub_auth_new_token ();
  hash = aduan_hub_auth_hash_secret (token);
  device->id = aduan_hub_auth_new_device_id (device->role);
  device->name = name != NULL ? g_strdup (name)
                              : g_strdup_printf ("%s token", aduan_hub_role_to_string (device->role));
  device->agency_code = g_strdup (agency);
  device->created_at = g_get_real_time ();

  if (!aduan_hub_storage_add_device (storage, device, hash, &error))
    return fail ("token", error);

  g_print ("%s\n", token);
  g_printerr ("Token for %s (%s%s%s); keep it secret, it is not shown again\n",
              device->id, aduan_hub_role_to_string (device->role),
              agency != NULL ? ", agency " : "", agency != NULL ? agency : "");

  return 0;
}

static int
command_revoke (int    argc,
                char **argv)
{
  g_autoptr(AduanHubStorage) storage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The hub's data folder", "DIR" },
    { NULL }
  };

  if (!parse_options ("revoke", "DEVICE", "Revokes a device's token; it must enroll again.",
                      entries, &argc, &argv, &error))
    return fail ("revoke", error);

  /* GOption overwrites without freeing, so the default comes after. */
  if (data_dir == NULL)
    data_dir = aduan_hub_config_default_data_dir ();

  if (argc != 2 || !aduan_hub_auth_is_safe_id (argv[1]))
    {
      g_printerr ("aduan-hub revoke: give one device ID, as “aduan-hub devices” lists them\n");
      return 2;
    }

  storage = open_storage (data_dir, &error);
  if (storage == NULL || !aduan_hub_storage_revoke_device (storage, argv[1], g_get_real_time (), &error))
    return fail ("revoke", error);

  g_printerr ("Revoked %s\n", argv[1]);
  return 0;
}

static int
command_devices (int    argc,
                 char **argv)
{
  g_autoptr(AduanHubStorage) storage = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "The hub's data folder", "DIR" },
    { NULL }
  };

  if (!parse_options ("devices", NULL, "Lists devices and office tokens: ID, role, state, name.",
                      entries, &argc, &argv, &error))
    return fail ("devices", error);

  /* GOption overwrites without freeing, so the default comes after. */
  if (data_dir == NULL)
    data_dir = aduan_hub_config_default_data_dir ();

  storage = open_storage (data_dir, &error);
  if (storage == NULL || (devices = aduan_hub_storage_list_devices (storage, &error)) == NULL)
    return fail ("devices", error);

  for (guint i = 0; i < devices->len; i++)
    {
      const AduanHubDevice *device = g_ptr_array_index (devices, i);

      g_print ("%s\t%s%s%s\t%s\t%s\n", device->id, aduan_hub_role_to_string (device->role),
               device->agency_code != NULL ? ":" : "", device->agency_code != NULL ? device->agency_code : "",
               device->revoked_at != 0 ? "revoked" : "active", device->name);
    }

  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const struct
  {
    const char *name;
    int (*run) (int argc, char **argv);
  } commands[] = {
    { "serve", command_serve },
    { "enroll-code", command_enroll_code },
    { "token", command_token },
    { "revoke", command_revoke },
    { "devices", command_devices },
  };

  /* Messages to programs and logs stay in English; the tracking page
   * picks Indonesian itself. Only the character set comes from the
   * environment, for file names. */
  setlocale (LC_CTYPE, "");
  g_set_prgname ("aduan-hub");
  /* Standard output is for results (the URL, a code, a token); every log
   * line, debug and info included, goes to standard error. */
  g_log_writer_default_set_use_stderr (TRUE);

  if (argc >= 2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        if (g_str_equal (argv[1], commands[i].name))
          return commands[i].run (argc - 1, argv + 1);

      if (g_str_equal (argv[1], "--version"))
        {
          g_print ("aduan-hub %s\n", PACKAGE_VERSION);
          return 0;
        }
    }

  g_printerr ("Usage: aduan-hub COMMAND [OPTION…]\n\n%s\n", summary);
  return argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")) ? 0 : 2;
}
