/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gunixoutputstream.h>

#include "aduanctl-context.h"

/* Rows are read from the store a page at a time, so exporting 100 000
 * complaints never holds them all in memory. */
#define EXPORT_PAGE_SIZE 1000

static const char * const csv_header[] = {
  "tracking_code", "uuid", "kind", "category", "title", "description",
  "anonymous", "confidential", "reporter_name", "reporter_phone",
  "reporter_nik", "reporter_address", "channel", "village_code",
  "village_label", "latitude", "longitude", "accuracy_m", "location_source",
  "occurred_at", "created_at", "officer", "sync_state", "photos",
};

/* RFC 4180 quoting, and a leading apostrophe on cells a spreadsheet would
 * run as a formula: exports are opened in office spreadsheets, and a
 * complaint's text comes from the public. */
static void
append_csv_cell (GString    *line,
                 const char *value,
                 gboolean    first)
{
  if (!first)
    g_string_append_c (line, ',');
  if (value == NULL)
    return;

  g_string_append_c (line, '"');
  if (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
      value[0] == '\t' || value[0] == '\r')
    g_string_append_c (line, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static char *
format_double (double value,
               gboolean present)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!present)
    return NULL;

  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static void
append_csv_row (GString              *line,
                const AduanComplaint *c,
                gboolean              personal)
{
  g_autofree char *lat = format_double (c->latitude, c->has_location);
  g_autofree char *lon = format_double (c->longitude, c->has_location);
  g_autofree char *accuracy = format_double (c->accuracy_m, c->has_location && c->accuracy_m >= 0);
  g_autofree char *occurred = c->occurred_at ? aduan_format_time_iso8601 (c->occurred_at) : NULL;
  g_autofree char *created = aduan_format_time_iso8601 (c->created_at);
  g_autofree char *photos = g_strdup_printf ("%u", c->photos ? c->photos->len : 0);
  const char *cells[G_N_ELEMENTS (csv_header)] = {
    c->tracking_code, c->uuid, aduan_report_kind_to_string (c->kind), c->category,
    c->title, c->description, c->anonymous ? "true" : "false",
    c->confidential ? "true" : "false",
    personal ? c->reporter_name : NULL, personal ? c->reporter_phone : NULL,
    personal ? c->reporter_nik : NULL, personal ? c->reporter_address : NULL,
    aduan_channel_to_string (c->channel), c->village_code, c->village_label,
    lat, lon, accuracy,
    c->has_location ? aduan_location_source_to_string (c->location_source) : NULL,
    occurred, created, c->officer, aduan_sync_state_to_string (c->sync_state), photos,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    append_csv_cell (line, cells[i], i == 0);
  g_string_append (line, "\r\n");
}

static gboolean
write_all (GOutputStream  *out,
           GString        *text,
           GError        **error)
{
  gboolean ok = g_output_stream_write_all (out, text->str, text->len, NULL, NULL, error);

  g_string_truncate (text, 0);
  return ok;
}

static gboolean
export (AduanStore     *store,
        GOutputStream  *out,
        gboolean        csv,
        gboolean        personal,
        GError        **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  gboolean first = TRUE;

  if (csv)
    {
      for (guint i = 0; i < G_N_ELEMENTS (csv_header); i++)
        g_string_append_printf (text, "%s%s", i ? "," : "", csv_header[i]);
      g_string_append (text, "\r\n");
    }
  else
    g_string_append (text, "[");

  query.limit = EXPORT_PAGE_SIZE;
  for (;;)
    {
      g_autoptr(GPtrArray) page = aduan_store_list (store, &query, error);

      if (page == NULL)
        return FALSE;

      for (guint i = 0; i < page->len; i++)
        {
          AduanComplaint *complaint = g_ptr_array_index (page, i);

          if (!personal)
            aduan_complaint_clear_reporter (complaint);

          if (csv)
            append_csv_row (text, complaint, personal);
          else
            {
              g_autofree char *json = aduan_complaint_to_json_string (complaint, ADUAN_JSON_LOCAL, FALSE);

              g_string_append_printf (text, "%s\n%s", first ? "" : ",", json);
              first = FALSE;
            }
        }

      if (!write_all (out, text, error))
        return FALSE;

      if (page->len < EXPORT_PAGE_SIZE)
        break;
      query.offset += EXPORT_PAGE_SIZE;
    }

  if (!csv)
    g_string_append (text, "\n]\n");

  return write_all (out, text, error);
}

int
aduanctl_command_export (AduanctlContext  *context,
                         int               argc,
                         char            **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gboolean no_personal = FALSE;
  gboolean csv;
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("csv or json (default csv)"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write to this file instead of standard output"), N_("FILE") },
    { "no-personal", 0, 0, G_OPTION_ARG_NONE, &no_personal, N_("Leave out reporters’ names, phones, NIKs and addresses"), NULL },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, NULL, _("Export every complaint on this device."),
                               &argc, &argv, &status))
    return status;

  if (argc > 1)
    return aduanctl_usage_error (context, _("unexpected argument “%s”"), argv[1]);

  if (format == NULL && context->json)
    format = g_strdup ("json");
  if (format == NULL || g_str_equal (format, "csv"))
    csv = TRUE;
  else if (g_str_equal (format, "json"))
    csv = FALSE;
  else
    return aduanctl_usage_error (context, _("--format must be csv or json"));

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  if (output != NULL)
    {
      /* Replaced atomically: a failed export leaves the old file intact. */
      file = g_file_new_for_commandline_arg (output);
      out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, &error));
      if (out == NULL)
        return aduanctl_error (context, error);
    }
  else
    out = g_unix_output_stream_new (1, FALSE);

  if (!export (store, out, csv, !no_personal, &error))
    {
      if (file != NULL)
        {
          g_autoptr(GCancellable) cancelled = g_cancellable_new ();

          /* Closing cancelled drops the temporary file, keeping the old one. */
          g_cancellable_cancel (cancelled);
          g_output_stream_close (out, cancelled, NULL);
        }
      return aduanctl_error (context, error);
    }

  if (!g_output_stream_close (out, NULL, &error))
    return aduanctl_error (context, error);

  return ADUANCTL_EXIT_OK;
}
