/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixinputstream.h>

#include "aduan-error.h"
#include "aduan-photo-pipeline.h"
#include "aduanctl-context.h"

/* Raw bytes from the command line: text options are read as filenames, so
 * invalid UTF-8 reaches the complaint's checks, which name the field,
 * instead of failing inside option parsing. */
typedef struct
{
  char     *kind;
  char     *category;
  char     *title;
  char     *description;
  char     *description_file;
  char     *reporter_name;
  char     *reporter_phone;
  char     *reporter_nik;
  char     *reporter_address;
  gboolean  anonymous;
  gboolean  confidential;
  char     *channel;
  char     *village;
  char     *latitude;
  char     *longitude;
  char     *accuracy;
  char     *location_source;
  char     *occurred_at;
  char     *officer;
  char    **photos;
} AddOptions;

static void
add_options_clear (AddOptions *options)
{
  g_free (options->kind);
  g_free (options->category);
  g_free (options->title);
  g_free (options->description);
  g_free (options->description_file);
  g_free (options->reporter_name);
  g_free (options->reporter_phone);
  g_free (options->reporter_nik);
  g_free (options->reporter_address);
  g_free (options->channel);
  g_free (options->village);
  g_free (options->latitude);
  g_free (options->longitude);
  g_free (options->accuracy);
  g_free (options->location_source);
  g_free (options->occurred_at);
  g_free (options->officer);
  g_strfreev (options->photos);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddOptions, add_options_clear)

static gboolean
parse_double (const char  *text,
              const char  *field,
              double      *out,
              GError     **error)
{
  char *end = NULL;

  *out = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: “%s” is not a number"), field,
                   g_utf8_validate (text, -1, NULL) ? text : "?");
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_description_file (const char  *path,
                       char       **out,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GInputStream) input = g_unix_input_stream_new (0, FALSE);
      g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

      if (g_output_stream_splice (memory, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &local_error) < 0)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("description: cannot read standard input: %s"), local_error->message);
          return FALSE;
        }
      g_output_stream_write (memory, "", 1, NULL, NULL);
      g_output_stream_close (memory, NULL, NULL);
      *out = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
      return TRUE;
    }

  if (!g_file_get_contents (path, out, &length, &local_error))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("description: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static AduanComplaint *
complaint_from_options (AddOptions  *options,
                        GError     **error)
{
  g_autoptr(AduanComplaint) complaint = aduan_complaint_new ();

  if (options->kind != NULL && !aduan_report_kind_from_string (options->kind, &complaint->kind))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("kind: must be complaint, aspiration or information-request"));
      return NULL;
    }

  if (options->channel != NULL && !aduan_channel_from_string (options->channel, &complaint->channel))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("channel: must be one of field-visit, kiosk, whatsapp, sms, phone, email, social-media, radio, walk-in, web"));
      return NULL;
    }

  aduan_complaint_set_string (&complaint->category, options->category);
  aduan_complaint_set_string (&complaint->title, options->title);

  if (options->description != NULL && options->description_file != NULL)
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("description: give --description or --description-file, not both"));
      return NULL;
    }
  if (options->description_file != NULL)
    {
      if (!read_description_file (options->description_file, &complaint->description, error))
        return NULL;
    }
  else
    aduan_complaint_set_string (&complaint->description, options->description);

  complaint->anonymous = options->anonymous;
  complaint->confidential = options->confidential;
  if (options->anonymous &&
      (options->reporter_name || options->reporter_phone || options->reporter_nik || options->reporter_address))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                           _("reporter: an anonymous report keeps no name, phone, NIK or address"));
      return NULL;
    }
  aduan_complaint_set_string (&complaint->reporter_name, options->reporter_name);
  aduan_complaint_set_string (&complaint->reporter_phone, options->reporter_phone);
  aduan_complaint_set_string (&complaint->reporter_nik, options->reporter_nik);
  aduan_complaint_set_string (&complaint->reporter_address, options->reporter_address);
  aduan_complaint_set_string (&complaint->village_code, options->village);
  aduan_complaint_set_string (&complaint->officer, options->officer);

  if (options->latitude != NULL || options->longitude != NULL)
    {
      if (options->latitude == NULL || options->longitude == NULL)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("location: give both --latitude and --longitude"));
          return NULL;
        }
      if (!parse_double (options->latitude, "location.latitude", &complaint->latitude, error) ||
          !parse_double (options->longitude, "location.longitude", &complaint->longitude, error))
        return NULL;
      if (options->accuracy != NULL &&
          !parse_double (options->accuracy, "location.accuracy_m", &complaint->accuracy_m, error))
        return NULL;

      complaint->has_location = TRUE;
      complaint->location_source = ADUAN_LOCATION_SOURCE_MANUAL;
      complaint->location_time = g_get_real_time ();
      if (options->location_source != NULL &&
          !aduan_location_source_from_string (options->location_source, &complaint->location_source))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("location.source: must be gps, geoclue, photo, kiosk, village, map or manual"));
          return NULL;
        }
    }

  if (options->occurred_at != NULL &&
      !aduan_parse_time_iso8601 (options->occurred_at, &complaint->occurred_at))
    {
      g_autoptr(GDateTime) local = NULL;
      g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

      /* A person types local time without an offset; accept that too. */
      local = g_date_time_new_from_iso8601 (options->occurred_at, zone);
      if (local == NULL)
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("occurred_at: must be a time such as 2026-11-23T09:30 or 2026-11-23T09:30:00+07:00"));
          return NULL;
        }
      complaint->occurred_at = g_date_time_to_unix (local) * G_USEC_PER_SEC;
    }

  return g_steal_pointer (&complaint);
}

/* Every photo is decoded and re-encoded before any is written, so one bad
 * photo (named in the error) leaves nothing behind; the good ones are
 * stored durably before the complaint that points to them is saved. */
static gboolean
attach_photos (AduanStore      *store,
               AduanComplaint  *complaint,
               char           **paths,
               GError         **error)
{
  g_autoptr(AduanPhotoStore) photo_store = NULL;
  g_autoptr(AduanPhotoPipeline) pipeline = NULL;
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_photo_import_free);
  guint n = paths != NULL ? g_strv_length (paths) : 0;

  if (n == 0)
    return TRUE;

  photo_store = aduan_photo_store_new (aduan_store_get_data_dir (store));
  pipeline = aduan_photo_pipeline_new (photo_store);
  if (!aduan_photo_pipeline_check_count (pipeline, complaint->photos->len, n, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      AduanPhotoImport *import = aduan_photo_pipeline_process (pipeline, file, NULL, error);

      if (import == NULL)
        return FALSE;
      if (import->warning != NULL)
        g_printerr ("aduanctl add: %s: %s\n", import->source_name, import->warning);
      g_ptr_array_add (imports, import);
    }

  /* A photo's place and time stand in for those the command line did not
   * give; the first photo that has them wins. */
  for (guint i = 0; i < imports->len; i++)
    aduan_photo_import_fill_complaint (g_ptr_array_index (imports, i), complaint);

  /* Catch a bad field before writing photos nobody would refer to. */
  if (!aduan_complaint_validate (complaint, NULL, NULL, error))
    return FALSE;

  for (guint i = 0; i < imports->len; i++)
    {
      AduanPhotoImport *import = g_ptr_array_index (imports, i);

      if (!aduan_photo_pipeline_store (pipeline, import, NULL, error))
        return FALSE;
      g_ptr_array_add (complaint->photos, aduan_photo_ref_copy (import->ref));
    }

  return TRUE;
}

int
aduanctl_command_add (AduanctlContext  *context,
                      int               argc,
                      char            **argv)
{
  g_auto(AddOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(AduanComplaint) complaint = NULL;
  int status;
  GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_FILENAME, &options.kind, N_("complaint, aspiration or information-request"), N_("KIND") },
    { "category", 'c', 0, G_OPTION_ARG_FILENAME, &options.category, N_("Category id from the catalog"), N_("ID") },
    { "title", 't', 0, G_OPTION_ARG_FILENAME, &options.title, N_("Short title"), N_("TEXT") },
    { "description", 0, 0, G_OPTION_ARG_FILENAME, &options.description, N_("What happened"), N_("TEXT") },
    { "description-file", 0, 0, G_OPTION_ARG_FILENAME, &options.description_file, N_("Read the description from a file (- for standard input)"), N_("FILE") },
    { "reporter-name", 0, 0, G_OPTION_ARG_FILENAME, &options.reporter_name, N_("Reporter’s name"), N_("NAME") },
    { "reporter-phone", 0, 0, G_OPTION_ARG_FILENAME, &options.reporter_phone, N_("Reporter’s phone"), N_("PHONE") },
    { "reporter-nik", 0, 0, G_OPTION_ARG_FILENAME, &options.reporter_nik, N_("Reporter’s NIK (16 digits)"), N_("NIK") },
    { "reporter-address", 0, 0, G_OPTION_ARG_FILENAME, &options.reporter_address, N_("Reporter’s address"), N_("TEXT") },
    { "anonymous", 0, 0, G_OPTION_ARG_NONE, &options.anonymous, N_("Keep no reporter identity"), NULL },
    { "confidential", 0, 0, G_OPTION_ARG_NONE, &options.confidential, N_("Content is not public"), NULL },
    { "channel", 0, 0, G_OPTION_ARG_FILENAME, &options.channel, N_("How the report came in (default field-visit)"), N_("CHANNEL") },
    { "village", 0, 0, G_OPTION_ARG_FILENAME, &options.village, N_("Kemendagri village code, e.g. 35.77.01.1001"), N_("CODE") },
    { "latitude", 0, 0, G_OPTION_ARG_FILENAME, &options.latitude, N_("Latitude in degrees"), N_("DEG") },
    { "longitude", 0, 0, G_OPTION_ARG_FILENAME, &options.longitude, N_("Longitude in degrees"), N_("DEG") },
    { "accuracy", 0, 0, G_OPTION_ARG_FILENAME, &options.accuracy, N_("Accuracy of the location in metres"), N_("M") },
    { "location-source", 0, 0, G_OPTION_ARG_FILENAME, &options.location_source, N_("Where the location came from (default manual)"), N_("SOURCE") },
    { "occurred-at", 0, 0, G_OPTION_ARG_FILENAME, &options.occurred_at, N_("When it happened (ISO 8601)"), N_("TIME") },
    { "officer", 0, 0, G_OPTION_ARG_FILENAME, &options.officer, N_("Officer who recorded it"), N_("NAME") },
    { "photo", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options.photos, N_("Attach a photo; repeat for more (at most 10)"), N_("FILE") },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, NULL, _("Record a complaint."), &argc, &argv, &status))
    return status;

  if (argc > 1)
    return aduanctl_usage_error (context, _("unexpected argument “%s”"), argv[1]);

  complaint = complaint_from_options (&options, &error);
  if (complaint == NULL)
    return aduanctl_error (context, error);

  store = aduanctl_open_store (context, TRUE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  if (!attach_photos (store, complaint, options.photos, &error))
    return aduanctl_error (context, error);

  if (!aduan_store_save (store, complaint, &error))
    return aduanctl_error (context, error);

  if (context->json)
    {
      g_autoptr(JsonNode) node = aduan_complaint_to_json (complaint, ADUAN_JSON_LOCAL);
      aduanctl_print_json (node);
    }
  else
    g_print ("%s\t%s\n", complaint->tracking_code, complaint->uuid);

  return ADUANCTL_EXIT_OK;
}
