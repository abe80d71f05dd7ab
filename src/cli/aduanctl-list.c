/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-error.h"
#include "aduanctl-context.h"

/* Pads or cuts to a number of characters, not bytes: titles are Indonesian
 * text and may hold any script. */
static char *
fit_column (const char *text,
            glong       width)
{
  glong length;

  if (text == NULL)
    text = "";

  length = g_utf8_strlen (text, -1);
  if (length > width)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, width - 1);
      return g_strconcat (cut, "…", NULL);
    }

  return g_strdup_printf ("%s%*s", text, (int) (width - length), "");
}

static void
print_complaints (AduanctlContext *context,
                  GPtrArray       *complaints)
{
  if (context->json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (complaints->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < complaints->len; i++)
        json_array_add_element (array, aduan_complaint_to_json (g_ptr_array_index (complaints, i), ADUAN_JSON_LOCAL));
      json_node_set_array (node, array);
      aduanctl_print_json (node);
      return;
    }

  for (guint i = 0; i < complaints->len; i++)
    {
      const AduanComplaint *complaint = g_ptr_array_index (complaints, i);
      g_autofree char *when = aduanctl_format_time (complaint->created_at);
      g_autofree char *title = fit_column (complaint->title, 40);
      g_autofree char *state = fit_column (aduan_sync_state_get_label (complaint->sync_state), 20);

      g_print ("%s  %s  %s  %s  %s\n", complaint->tracking_code, when, state, title,
               complaint->village_label ? complaint->village_label : (complaint->village_code ? complaint->village_code : ""));
    }
}

static int
run_query (AduanctlContext *context,
           const char      *search,
           const char      *state,
           int              limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AduanStore) store = NULL;
  g_autoptr(GPtrArray) complaints = NULL;
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;

  if (limit < 0)
    return aduanctl_usage_error (context, _("--limit must be 0 or more"));

  query.search = search;
  query.limit = (guint) limit;
  if (state != NULL)
    {
      AduanSyncState sync_state;

      if (!aduan_sync_state_from_string (state, &sync_state))
        return aduanctl_usage_error (context, _("--state must be waiting, sending, sent or failed"));
      query.sync_state = sync_state;
    }

  store = aduanctl_open_store (context, FALSE, &error);
  if (store == NULL)
    return aduanctl_error (context, error);

  complaints = aduan_store_list (store, &query, &error);
  if (complaints == NULL)
    return aduanctl_error (context, error);

  print_complaints (context, complaints);
  return ADUANCTL_EXIT_OK;
}

int
aduanctl_command_list (AduanctlContext  *context,
                       int               argc,
                       char            **argv)
{
  g_autofree char *state = NULL;
  int limit = 0;
  int status;
  GOptionEntry entries[] = {
    { "state", 's', 0, G_OPTION_ARG_STRING, &state, N_("Only complaints in this sync state: waiting, sending, sent, failed"), N_("STATE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many (0: all)"), N_("N") },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, NULL, _("List complaints, newest first."), &argc, &argv, &status))
    return status;

  if (argc > 1)
    return aduanctl_usage_error (context, _("unexpected argument “%s”"), argv[1]);

  return run_query (context, NULL, state, limit);
}

int
aduanctl_command_search (AduanctlContext  *context,
                         int               argc,
                         char            **argv)
{
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  int limit = 0;
  int status;
  GOptionEntry entries[] = {
    { "state", 's', 0, G_OPTION_ARG_STRING, &state, N_("Only complaints in this sync state"), N_("STATE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("At most this many (0: all)"), N_("N") },
    { NULL }
  };

  if (!aduanctl_parse_options (context, entries, _("TEXT…"),
                               _("Search titles, descriptions, tracking codes, reporters and villages."),
                               &argc, &argv, &status))
    return status;

  if (argc < 2)
    return aduanctl_usage_error (context, _("what to search for is missing"));

  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GError) error = g_error_new_literal (ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                                                     _("The search text is not valid UTF-8"));
      return aduanctl_error (context, error);
    }

  return run_query (context, text, state, limit);
}
