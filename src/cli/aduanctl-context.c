/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-error.h"
#include "aduanctl-context.h"

/**
 * aduanctl_usage_error:
 *
 * Says what was wrong with the command line, on one line of stderr.
 *
 * Returns: %ADUANCTL_EXIT_USAGE
 */
int
aduanctl_usage_error (AduanctlContext *context,
                      const char      *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("aduanctl %s: %s (%s)\n", context->command, message,
              _("see --help"));
  return ADUANCTL_EXIT_USAGE;
}

/**
 * aduanctl_error:
 *
 * Reports a failure on one line of stderr.
 *
 * Returns: %ADUANCTL_EXIT_ERROR
 */
int
aduanctl_error (AduanctlContext *context,
                const GError    *error)
{
  g_autofree char *oneline = g_strdup (error->message);

  g_strdelimit (oneline, "\n\r", ' ');
  g_printerr ("aduanctl %s: %s\n", context->command, oneline);
  return ADUANCTL_EXIT_ERROR;
}

/**
 * aduanctl_parse_options:
 *
 * Parses a command's own options together with the shared --data-dir and
 * --json. Returns %FALSE when the command should exit with @out_status
 * (after --help, or a usage error).
 */
gboolean
aduanctl_parse_options (AduanctlContext  *context,
                        GOptionEntry     *entries,
                        const char       *parameter_string,
                        const char       *summary,
                        int              *argc,
                        char           ***argv,
                        int              *out_status)
{
  g_autoptr(GOptionContext) option_context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean help = FALSE;
  GOptionEntry shared_entries[] = {
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &context->data_dir,
      N_("Folder of the device store (default: $ADUAN_DATA_DIR or $XDG_DATA_HOME/aduan)"), N_("DIR") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &context->json,
      N_("Print JSON instead of text"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, N_("Show this help"), NULL },
    { NULL }
  };

  option_context = g_option_context_new (parameter_string);
  g_option_context_set_summary (option_context, summary);
  g_option_context_set_help_enabled (option_context, FALSE);
  g_option_context_set_translation_domain (option_context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (option_context, shared_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (option_context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (option_context, argc, argv, &error))
    {
      *out_status = aduanctl_usage_error (context, "%s", error->message);
      return FALSE;
    }

  if (help)
    {
      g_autofree char *text = g_option_context_get_help (option_context, TRUE, NULL);

      g_print ("%s", text);
      *out_status = ADUANCTL_EXIT_OK;
      return FALSE;
    }

  /* Everything after the command's own options must have been consumed
   * except its positional arguments; an option g_option left over (after
   * "--") is the caller's business. */
  return TRUE;
}

/**
 * aduanctl_open_store:
 * @with_catalog: also load the catalog and the village index, so saving
 *   checks categories and village codes
 *
 * Returns: (transfer full) (nullable): the store
 */
AduanStore *
aduanctl_open_store (AduanctlContext  *context,
                     gboolean          with_catalog,
                     GError          **error)
{
  g_autoptr(AduanStore) store = aduan_store_open (context->data_dir, error);

  if (store == NULL)
    return NULL;

  if (with_catalog)
    {
      g_autoptr(AduanCatalog) catalog = aduan_catalog_new_default (error);
      g_autoptr(AduanAreaIndex) areas = NULL;

      if (catalog == NULL)
        return NULL;

      areas = aduan_area_index_open_default (error);
      if (areas == NULL)
        return NULL;

      aduan_store_set_catalog (store, catalog);
      aduan_store_set_area_index (store, areas);
    }

  return g_steal_pointer (&store);
}

void
aduanctl_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* Local time, minutes: what a person reads in a terminal. */
char *
aduanctl_format_time (gint64 usec)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (usec == 0)
    return g_strdup ("-");

  utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}
