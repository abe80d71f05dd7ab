/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <adwaita.h>

#include "aduan-complaint-list.h"
#include "aduan-test-script.h"

/*
 * Drives the real app from a script, for the UI tests, when
 * ADUAN_TEST_SCRIPT names one. Nothing here runs otherwise.
 *
 * One command a line, arguments split as a shell would; `#` starts a
 * comment. Widgets are named by their id in the .ui templates.
 *
 *   wait MS                 let the main loop run for MS milliseconds
 *   wait-file PATH          wait until PATH exists (the test's cue)
 *   set ID TEXT             put TEXT into an entry, text view, switch
 *                           ("true"/"false") or drop-down (an item's text)
 *   type ID TEXT            focus the widget, then type TEXT a character at
 *                           a time
 *   focus ID                give the widget the keyboard focus
 *   scroll-to ID            scroll the widget to the top of its scrolled
 *                           window, as a person scrolls to look at it
 *   activate ID             focus and click a button, or activate an entry
 *   activate-row ID N       activate row N of the list box or list view ID
 *   action NAME [PARAM]     activate a window or application action; PARAM
 *                           is a GVariant in text form, e.g. "uint32 5"
 *   action-on ID NAME [PARAM]  activate an action from widget ID
 *   expect-text ID TEXT     wait until the widget shows TEXT
 *   expect-visible ID       wait until the widget is on screen
 *   expect-sensitive ID     wait until the widget is on screen and usable
 *   expect-absent TEXT      wait until no widget of the window, on screen
 *                           or not, holds TEXT
 *   expect-label ID TEXT    wait until a label inside widget ID, on screen,
 *                           shows TEXT (messages made in code, list rows)
 *   expect-property ID NAME VALUE  wait until the widget's property NAME,
 *                           as text ("TRUE", "FALSE", "3"), is VALUE
 *   setting KEY VALUE       set a GSettings key; VALUE is a GVariant in
 *                           text form, e.g. "'videotestsrc'"
 *   clipboard-files PATH…   put files on the clipboard, as a file manager
 *                           does
 *   drop-files ID PATH…     drop files on widget ID, as from a file manager
 *   choose-files PATH       pick PATH in the open file chooser and accept
 *   expect-list TEXT        wait until a row of the complaint list shows TEXT
 *   expect-count N          wait until the list holds N complaints
 *   expect-dialog TEXT      wait for a message dialog that says TEXT, and
 *                           print what it says
 *   respond ID              answer the message dialog with response ID
 *   snapshot FILE           write the main window to FILE as PNG
 *   snapshot-of ID FILE     write the window that holds widget ID to FILE
 *   resize W H              resize the main window
 *   maximize                maximize the main window
 *   kill                    die at once, as a crash or a power cut would
 *   quit                    leave; the exit status says if all went well
 *
 * A step that waits gives up after ADUAN_TEST_TIMEOUT_MS (10 s by default),
 * prints why on stderr and makes the app exit with status 1.
 */

#define POLL_INTERVAL_MS 50

typedef enum {
  STEP_DONE,
  STEP_WAIT,
  STEP_FAILED,
} StepResult;

typedef struct
{
  AduanApplication *application;  /* (owned) */
  GtkWindow        *window;       /* (owned) */
  char             *path;
  char            **lines;
  guint             line;
  gint64            deadline;     /* for the step being waited on, or 0 */
  gint64            timeout_usec;
  gboolean          focused;      /* the step's widget has the focus */
  char             *failure;
} Script;

static void script_continue (Script *script,
                             guint   delay_ms);

static void
script_free (Script *script)
{
  g_clear_object (&script->application);
  g_clear_object (&script->window);
  g_free (script->path);
  g_strfreev (script->lines);
  g_free (script->failure);
  g_free (script);
}

static StepResult
fail (Script     *script,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static StepResult
fail (Script     *script,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_free (script->failure);
  script->failure = g_strdup_vprintf (format, args);
  va_end (args);

  return STEP_FAILED;
}

static GtkWidget *
find_in_tree (GtkWidget  *widget,
              const char *id,
              gboolean    mapped_only)
{
  const char *widget_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (mapped_only && !gtk_widget_get_mapped (widget))
    return NULL;

  if (widget_id != NULL && g_str_equal (widget_id, id))
    return widget;

  /* Widgets made in code are known by their name. */
  if (g_str_equal (gtk_widget_get_name (widget), id))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_in_tree (child, id, mapped_only);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* What a person sees first: a widget on screen wins over one with the same
 * id elsewhere (GTK's own templates reuse ids such as "search_entry"). */
static GtkWidget *
find_widget (Script     *script,
             const char *id)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);

  for (int mapped_only = TRUE; mapped_only >= FALSE; mapped_only--)
    {
      GtkWidget *found = find_in_tree (GTK_WIDGET (script->window), id, mapped_only);

      if (found != NULL)
        return found;

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          found = find_in_tree (toplevel, id, mapped_only);
          if (found != NULL)
            return found;
        }
    }

  return NULL;
}

static GtkWidget *
find_editable (GtkWidget *widget)
{
  if (GTK_IS_EDITABLE (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_editable (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
select_item (GListModel *model,
             const char *text,
             guint      *out_position)
{
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (GTK_IS_STRING_OBJECT (item) &&
          g_strcmp0 (gtk_string_object_get_string (GTK_STRING_OBJECT (item)), text) == 0)
        {
          *out_position = i;
          return TRUE;
        }
    }

  return FALSE;
}

/* A person scrolls to a field before using it; popovers in particular
 * are placed against where their widget is on screen. */
static gboolean
focus_first (Script    *script,
             GtkWidget *widget)
{
  if (script->focused)
    return FALSE;

  script->focused = TRUE;
  gtk_widget_grab_focus (widget);
  return TRUE;
}

static StepResult
set_value (Script     *script,
           const char *id,
           const char *text,
           gboolean    typing)
{
  GtkWidget *widget = find_widget (script, id);
  GtkWidget *editable;
  guint position;

  if (widget == NULL)
    return fail (script, "no widget with id “%s”", id);

  if (typing && focus_first (script, widget))
    return STEP_WAIT;

  if (GTK_IS_TEXT_VIEW (widget))
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), text, -1);
      return STEP_DONE;
    }

  if (GTK_IS_SWITCH (widget))
    {
      gtk_switch_set_active (GTK_SWITCH (widget), g_str_equal (text, "true"));
      return STEP_DONE;
    }

  if (GTK_IS_CHECK_BUTTON (widget))
    {
      gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), g_str_equal (text, "true"));
      return STEP_DONE;
    }

  if (GTK_IS_DROP_DOWN (widget))
    {
      if (!select_item (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)), text, &position))
        return fail (script, "drop-down “%s” has no item “%s”", id, text);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (widget), position);
      return STEP_DONE;
    }

  if (ADW_IS_COMBO_ROW (widget))
    {
      if (!select_item (adw_combo_row_get_model (ADW_COMBO_ROW (widget)), text, &position))
        return fail (script, "combo row “%s” has no item “%s”", id, text);
      adw_combo_row_set_selected (ADW_COMBO_ROW (widget), position);
      return STEP_DONE;
    }

  editable = find_editable (widget);
  if (editable == NULL)
    return fail (script, "cannot type into “%s” (%s)", id, G_OBJECT_TYPE_NAME (widget));

  gtk_widget_grab_focus (editable);

  if (!typing)
    {
      gtk_editable_set_text (GTK_EDITABLE (editable), text);
      return STEP_DONE;
    }

  gtk_editable_set_text (GTK_EDITABLE (editable), "");
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int pos = -1;

      pos = gtk_editable_get_position (GTK_EDITABLE (editable));
      gtk_editable_insert_text (GTK_EDITABLE (editable), p, g_utf8_next_char (p) - p, &pos);
      gtk_editable_set_position (GTK_EDITABLE (editable), pos);
    }

  return STEP_DONE;
}

static char *
widget_text (GtkWidget *widget)
{
  GtkWidget *editable;

  if (GTK_IS_LABEL (widget))
    return g_strdup (gtk_label_get_label (GTK_LABEL (widget)));

  if (GTK_IS_EDITABLE (widget))
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  if (ADW_IS_WINDOW_TITLE (widget))
    return g_strdup_printf ("%s\n%s",
                            adw_window_title_get_title (ADW_WINDOW_TITLE (widget)),
                            adw_window_title_get_subtitle (ADW_WINDOW_TITLE (widget)));

  if (ADW_IS_ACTION_ROW (widget))
    return g_strdup_printf ("%s\n%s",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                            adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)));

  if (ADW_IS_STATUS_PAGE (widget))
    return g_strdup_printf ("%s\n%s",
                            adw_status_page_get_title (ADW_STATUS_PAGE (widget)),
                            adw_status_page_get_description (ADW_STATUS_PAGE (widget)));

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    return g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));

  /* A composite widget, such as the village picker: its entry. */
  editable = find_editable (widget);
  if (editable != NULL)
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable)));

  return NULL;
}

static gboolean
tree_shows_text (GtkWidget  *widget,
                 const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (tree_shows_text (child, text))
        return TRUE;
    }

  return FALSE;
}

/* Any widget, on screen or not, whose text holds @text: for the kiosk's
 * wipe, which must leave nothing of a citizen anywhere. */
static GtkWidget *
tree_holds_text (GtkWidget  *widget,
                 const char *text)
{
  g_autofree char *shown = NULL;

  if (GTK_IS_LABEL (widget) || GTK_IS_EDITABLE (widget) || GTK_IS_TEXT_VIEW (widget) ||
      ADW_IS_ACTION_ROW (widget))
    shown = widget_text (widget);
  if (shown != NULL && strstr (shown, text) != NULL)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tree_holds_text (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return ADW_MESSAGE_DIALOG (toplevel);
    }

  return NULL;
}

static char *
dialog_text (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);

  return g_strdup_printf ("%s\n%s\n%s",
                          adw_message_dialog_get_heading (dialog),
                          adw_message_dialog_get_body (dialog),
                          GTK_IS_LABEL (extra) ? gtk_label_get_label (GTK_LABEL (extra)) : "");
}

static gboolean
save_snapshot (GtkWidget   *widget,
               const char  *path,
               GError     **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  if (renderer == NULL || width <= 0 || height <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "the window is not shown yet");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the window drew nothing");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "cannot make %s: %s", dir, g_strerror (errno));
      return FALSE;
    }

  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
waiting (Script *script)
{
  if (script->deadline == 0)
    script->deadline = g_get_monotonic_time () + script->timeout_usec;

  return g_get_monotonic_time () < script->deadline;
}

static gboolean
parse_uint (const char *text,
            guint      *out_value)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
    return FALSE;

  *out_value = value;
  return TRUE;
}

static StepResult
run_step (Script  *script,
          char   **argv,
          guint   *out_delay_ms)
{
  const char *command = argv[0];
  guint argc = g_strv_length (argv);

#define NEED_ARGS(n) \
  G_STMT_START { \
    if (argc != (n) + 1) \
      return fail (script, "“%s” takes %d argument(s)", command, (n)); \
  } G_STMT_END

  if (g_str_equal (command, "wait"))
    {
      guint ms;

      NEED_ARGS (1);
      if (!parse_uint (argv[1], &ms))
        return fail (script, "not a number of milliseconds: %s", argv[1]);
      *out_delay_ms = ms;
      return STEP_DONE;
    }

  if (g_str_equal (command, "set") || g_str_equal (command, "type"))
    {
      NEED_ARGS (2);
      return set_value (script, argv[1], argv[2], g_str_equal (command, "type"));
    }

  if (g_str_equal (command, "focus"))
    {
      GtkWidget *widget;

      NEED_ARGS (1);
      widget = find_widget (script, argv[1]);
      if (widget == NULL)
        return fail (script, "no widget with id “%s”", argv[1]);
      gtk_widget_grab_focus (widget);
      return STEP_DONE;
    }

  if (g_str_equal (command, "scroll-to"))
    {
      GtkWidget *widget, *scrolled;
      graphene_point_t point;

      NEED_ARGS (1);
      widget = find_widget (script, argv[1]);
      if (widget == NULL || !gtk_widget_get_mapped (widget))
        return waiting (script) ? STEP_WAIT : fail (script, "“%s” is not on screen", argv[1]);
      scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
      if (scrolled == NULL)
        return fail (script, "“%s” is not in a scrolled window", argv[1]);
      if (!gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                     &GRAPHENE_POINT_INIT (0, 0), &point))
        return fail (script, "“%s” has no place yet", argv[1]);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                                MAX (0, point.y - 12));
      return STEP_DONE;
    }

  if (g_str_equal (command, "activate"))
    {
      GtkWidget *widget;

      NEED_ARGS (1);
      widget = find_widget (script, argv[1]);
      if (widget == NULL)
        return fail (script, "no widget with id “%s”", argv[1]);
      if (!gtk_widget_is_sensitive (widget))
        return fail (script, "“%s” cannot be used now (insensitive)", argv[1]);
      if (focus_first (script, widget))
        return STEP_WAIT;
      gtk_widget_activate (widget);
      return STEP_DONE;
    }

  if (g_str_equal (command, "activate-row"))
    {
      GtkWidget *widget;
      GtkListBoxRow *row;
      guint index;

      NEED_ARGS (2);
      widget = find_widget (script, argv[1]);
      if (!parse_uint (argv[2], &index))
        return fail (script, "not a row number: %s", argv[2]);
      if (GTK_IS_LIST_VIEW (widget))
        {
          GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (widget)));

          if (model == NULL || index >= g_list_model_get_n_items (model))
            return waiting (script) ? STEP_WAIT
                                    : fail (script, "list “%s” has no row %u", argv[1], index);
          g_signal_emit_by_name (widget, "activate", index);
          return STEP_DONE;
        }
      if (!GTK_IS_LIST_BOX (widget))
        return fail (script, "no list with id “%s”", argv[1]);
      row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (widget), index);
      if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
        return waiting (script) ? STEP_WAIT
                                : fail (script, "list “%s” shows no row %u", argv[1], index);
      g_signal_emit_by_name (widget, "row-activated", row);
      return STEP_DONE;
    }

  if (g_str_equal (command, "action") || g_str_equal (command, "action-on"))
    {
      GtkWidget *widget = GTK_WIDGET (script->window);
      g_autoptr(GVariant) parameter = NULL;
      const char *name = argv[1];
      guint first_parameter = 2;

      if (g_str_equal (command, "action-on"))
        {
          if (argc < 3 || argc > 4)
            return fail (script, "“%s” takes a widget, an action and maybe a parameter", command);
          widget = find_widget (script, argv[1]);
          if (widget == NULL)
            return fail (script, "no widget with id “%s”", argv[1]);
          name = argv[2];
          first_parameter = 3;
        }
      else if (argc < 2 || argc > 3)
        return fail (script, "“%s” takes an action and maybe a parameter", command);

      if (argv[first_parameter] != NULL)
        {
          g_autoptr(GError) error = NULL;

          parameter = g_variant_parse (NULL, argv[first_parameter], NULL, NULL, &error);
          if (parameter == NULL)
            return fail (script, "not a GVariant: %s", error->message);
        }

      if (!gtk_widget_activate_action_variant (widget, name, parameter))
        return fail (script, "no action %s here", name);
      return STEP_DONE;
    }

  if (g_str_equal (command, "expect-text"))
    {
      GtkWidget *widget;
      g_autofree char *text = NULL;

      NEED_ARGS (2);
      widget = find_widget (script, argv[1]);
      if (widget != NULL)
        text = widget_text (widget);
      if (text != NULL && strstr (text, argv[2]) != NULL)
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "“%s” shows “%s”, not “%s”", argv[1], text ? text : "(nothing)", argv[2]);
    }

  if (g_str_equal (command, "expect-absent"))
    {
      GtkWidget *holder;

      NEED_ARGS (1);
      holder = tree_holds_text (GTK_WIDGET (script->window), argv[1]);
      if (holder == NULL)
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "a %s (%s) still holds “%s”", G_OBJECT_TYPE_NAME (holder),
                   gtk_widget_get_name (holder), argv[1]);
    }

  if (g_str_equal (command, "expect-visible"))
    {
      GtkWidget *widget;

      NEED_ARGS (1);
      widget = find_widget (script, argv[1]);
      if (widget != NULL && gtk_widget_get_mapped (widget))
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "“%s” is not on screen", argv[1]);
    }

  if (g_str_equal (command, "expect-sensitive"))
    {
      GtkWidget *widget;

      NEED_ARGS (1);
      widget = find_widget (script, argv[1]);
      if (widget != NULL && gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget))
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "“%s” is not on screen and usable", argv[1]);
    }

  if (g_str_equal (command, "setting"))
    {
      GSettings *settings = aduan_application_get_settings (script->application);
      g_autoptr(GVariant) value = NULL;
      g_autoptr(GError) error = NULL;
      GVariantType *type;

      NEED_ARGS (2);
      {
        g_autoptr(GSettingsSchema) schema = NULL;
        g_autoptr(GSettingsSchemaKey) key = NULL;

        g_object_get (settings, "settings-schema", &schema, NULL);
        if (!g_settings_schema_has_key (schema, argv[1]))
          return fail (script, "no setting “%s”", argv[1]);
        key = g_settings_schema_get_key (schema, argv[1]);
        type = (GVariantType *) g_settings_schema_key_get_value_type (key);
        value = g_variant_parse (type, argv[2], NULL, NULL, &error);
      }
      if (value == NULL)
        return fail (script, "not a value for %s: %s", argv[1], error->message);
      if (!g_settings_set_value (settings, argv[1], value))
        return fail (script, "%s cannot be set to %s", argv[1], argv[2]);
      return STEP_DONE;
    }

  if (g_str_equal (command, "clipboard-files"))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GdkContentProvider) provider = NULL;
      GdkFileList *list;

      if (argc < 2)
        return fail (script, "“%s” takes one or more files", command);
      for (guint i = 1; i < argc; i++)
        g_ptr_array_add (files, g_file_new_for_path (argv[i]));
      list = gdk_file_list_new_from_array ((GFile **) files->pdata, files->len);
      provider = gdk_content_provider_new_typed (GDK_TYPE_FILE_LIST, list);
      g_boxed_free (GDK_TYPE_FILE_LIST, list);
      gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (script->window)), provider);
      return STEP_DONE;
    }

  if (g_str_equal (command, "expect-label"))
    {
      GtkWidget *widget;

      NEED_ARGS (2);
      widget = find_widget (script, argv[1]);
      if (widget != NULL && tree_shows_text (widget, argv[2]))
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "nothing in “%s” shows “%s”", argv[1], argv[2]);
    }

  if (g_str_equal (command, "expect-property"))
    {
      GtkWidget *widget;
      GParamSpec *pspec;
      g_auto(GValue) value = G_VALUE_INIT;
      g_auto(GValue) text = G_VALUE_INIT;

      NEED_ARGS (3);
      widget = find_widget (script, argv[1]);
      if (widget == NULL)
        return waiting (script) ? STEP_WAIT : fail (script, "no widget with id “%s”", argv[1]);
      pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (widget), argv[2]);
      if (pspec == NULL)
        return fail (script, "“%s” has no property %s", argv[1], argv[2]);
      g_value_init (&value, pspec->value_type);
      g_value_init (&text, G_TYPE_STRING);
      g_object_get_property (G_OBJECT (widget), argv[2], &value);
      if (!g_value_transform (&value, &text))
        return fail (script, "%s cannot be read as text", argv[2]);
      if (g_ascii_strcasecmp (g_value_get_string (&text) ? g_value_get_string (&text) : "", argv[3]) == 0)
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "“%s” has %s %s, not %s", argv[1], argv[2], g_value_get_string (&text), argv[3]);
    }

  if (g_str_equal (command, "drop-files"))
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GListModel) controllers = NULL;
      g_auto(GValue) value = G_VALUE_INIT;
      GtkWidget *widget;
      gboolean dropped = FALSE;

      if (argc < 3)
        return fail (script, "“%s” takes a widget and one or more files", command);
      widget = find_widget (script, argv[1]);
      if (widget == NULL)
        return fail (script, "no widget with id “%s”", argv[1]);
      for (guint i = 2; i < argc; i++)
        g_ptr_array_add (files, g_file_new_for_path (argv[i]));
      g_value_init (&value, GDK_TYPE_FILE_LIST);
      g_value_take_boxed (&value, gdk_file_list_new_from_array ((GFile **) files->pdata, files->len));

      /* What GTK does when a person lets go of files over the widget. */
      controllers = gtk_widget_observe_controllers (widget);
      for (guint i = 0; i < g_list_model_get_n_items (controllers) && !dropped; i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_DROP_TARGET (controller))
            g_signal_emit_by_name (controller, "drop", &value, 10.0, 10.0, &dropped);
        }
      if (!dropped)
        return fail (script, "“%s” took no files", argv[1]);
      return STEP_DONE;
    }

  if (g_str_equal (command, "choose-files"))
    {
      g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      GtkWidget *chooser = NULL;

      NEED_ARGS (1);
      g_object_ref (toplevels);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_mapped (toplevel))
            chooser = toplevel;
        }
      if (chooser == NULL)
        return waiting (script) ? STEP_WAIT : fail (script, "no file chooser is open");

      file = g_file_new_for_path (argv[1]);
      G_GNUC_BEGIN_IGNORE_DEPRECATIONS
      /* The chooser selects the file once it has read its folder. */
      if (!script->focused)
        {
          script->focused = TRUE;
          if (!gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error))
            return fail (script, "the file chooser cannot choose %s: %s", argv[1], error->message);
          return STEP_WAIT;
        }
      {
        g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

        if (chosen == NULL || !g_file_equal (chosen, file))
          return waiting (script) ? STEP_WAIT : fail (script, "the file chooser did not select %s", argv[1]);
      }
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
      G_GNUC_END_IGNORE_DEPRECATIONS
      return STEP_DONE;
    }

  if (g_str_equal (command, "snapshot-of"))
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *widget;

      NEED_ARGS (2);
      widget = find_widget (script, argv[1]);
      if (widget == NULL || !gtk_widget_get_mapped (widget))
        return waiting (script) ? STEP_WAIT : fail (script, "“%s” is not on screen", argv[1]);
      if (!save_snapshot (GTK_WIDGET (gtk_widget_get_root (widget)), argv[2], &error))
        return waiting (script) ? STEP_WAIT : fail (script, "snapshot: %s", error->message);
      g_print ("snapshot: %s\n", argv[2]);
      return STEP_DONE;
    }

  if (g_str_equal (command, "expect-list"))
    {
      GtkWidget *list;

      NEED_ARGS (1);
      list = find_widget (script, "complaint_list");
      if (list != NULL && tree_shows_text (list, argv[1]))
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "no row of the complaint list shows “%s”", argv[1]);
    }

  if (g_str_equal (command, "expect-count"))
    {
      GtkWidget *list;
      AduanComplaintListModel *model = NULL;
      guint wanted, n = 0;

      NEED_ARGS (1);
      if (!parse_uint (argv[1], &wanted))
        return fail (script, "not a number: %s", argv[1]);
      list = find_widget (script, "complaint_list");
      if (ADUAN_IS_COMPLAINT_LIST (list))
        model = aduan_complaint_list_get_model (ADUAN_COMPLAINT_LIST (list));
      if (model != NULL)
        n = g_list_model_get_n_items (G_LIST_MODEL (model));
      if (n == wanted)
        return STEP_DONE;
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "the list holds %u complaints, not %u", n, wanted);
    }

  if (g_str_equal (command, "expect-dialog"))
    {
      AdwMessageDialog *dialog;
      g_autofree char *text = NULL;

      NEED_ARGS (1);
      dialog = find_dialog ();
      if (dialog != NULL)
        text = dialog_text (dialog);
      if (text != NULL && strstr (text, argv[1]) != NULL)
        {
          g_autofree char *escaped = g_strescape (text, NULL);

          g_print ("dialog: %s\n", escaped);
          return STEP_DONE;
        }
      if (waiting (script))
        return STEP_WAIT;
      return fail (script, "no dialog says “%s”%s%s", argv[1],
                   text != NULL ? "; the dialog says: " : "", text != NULL ? text : "");
    }

  if (g_str_equal (command, "respond"))
    {
      AdwMessageDialog *dialog;

      NEED_ARGS (1);
      dialog = find_dialog ();
      if (dialog == NULL)
        return waiting (script) ? STEP_WAIT : fail (script, "no dialog to answer");
      if (!adw_message_dialog_has_response (dialog, argv[1]))
        return fail (script, "the dialog has no response “%s”", argv[1]);
      adw_message_dialog_response (dialog, argv[1]);
      return STEP_DONE;
    }

  if (g_str_equal (command, "snapshot"))
    {
      g_autoptr(GError) error = NULL;

      NEED_ARGS (1);
      /* Between a change and the next frame there may be nothing to draw. */
      if (!save_snapshot (GTK_WIDGET (script->window), argv[1], &error))
        return waiting (script) ? STEP_WAIT : fail (script, "snapshot: %s", error->message);
      g_print ("snapshot: %s\n", argv[1]);
      return STEP_DONE;
    }

  if (g_str_equal (command, "resize"))
    {
      guint width, height;

      NEED_ARGS (2);
      if (!parse_uint (argv[1], &width) || !parse_uint (argv[2], &height))
        return fail (script, "not a size: %s %s", argv[1], argv[2]);
      gtk_window_unmaximize (script->window);
      gtk_window_set_default_size (script->window, width, height);
      return STEP_DONE;
    }

  if (g_str_equal (command, "wait-file"))
    {
      NEED_ARGS (1);
      if (g_file_test (argv[1], G_FILE_TEST_EXISTS))
        return STEP_DONE;
      return waiting (script) ? STEP_WAIT : fail (script, "%s did not appear", argv[1]);
    }

  if (g_str_equal (command, "maximize"))
    {
      NEED_ARGS (0);
      gtk_window_maximize (script->window);
      return STEP_DONE;
    }

  if (g_str_equal (command, "kill"))
    {
      NEED_ARGS (0);
      /* No cleanup, no flush: what a crash or a pulled battery leaves. */
      kill (getpid (), SIGKILL);
      return STEP_DONE;
    }

  if (g_str_equal (command, "quit"))
    {
      NEED_ARGS (0);
      /* As Ctrl+Q does: windows close first and keep their drafts; then
       * the script ends even if a window asked to stay open. */
      g_action_group_activate_action (G_ACTION_GROUP (script->application), "quit", NULL);
      g_application_quit (G_APPLICATION (script->application));
      return STEP_DONE;
    }

#undef NEED_ARGS

  return fail (script, "unknown command “%s”", command);
}

static gboolean
script_step_cb (gpointer user_data)
{
  Script *script = user_data;

  while (script->lines[script->line] != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) argv = NULL;
      const char *line = script->lines[script->line];
      StepResult result;
      guint delay_ms = 0;
      int argc;

      if (*g_strstrip ((char *) line) == '\0' || line[0] == '#')
        {
          script->line++;
          continue;
        }

      if (!g_shell_parse_argv (line, &argc, &argv, &error))
        result = fail (script, "%s", error->message);
      else
        result = run_step (script, argv, &delay_ms);

      switch (result)
        {
        case STEP_WAIT:
          script_continue (script, POLL_INTERVAL_MS);
          return G_SOURCE_REMOVE;

        case STEP_FAILED:
          g_printerr ("%s:%u: %s: %s\n", script->path, script->line + 1, line, script->failure);
          aduan_application_set_exit_status (script->application, 1);
          g_application_quit (G_APPLICATION (script->application));
          script_free (script);
          return G_SOURCE_REMOVE;

        case STEP_DONE:
        default:
          script->deadline = 0;
          script->focused = FALSE;
          script->line++;
          if (g_str_equal (argv[0], "quit"))
            {
              script_free (script);
              return G_SOURCE_REMOVE;
            }
          /* Let the main loop draw and dispatch between steps. */
          script_continue (script, MAX (delay_ms, 1));
          return G_SOURCE_REMOVE;
        }
    }

  /* A script that ends without "quit" leaves the app running. */
  script_free (script);
  return G_SOURCE_REMOVE;
}

static void
script_continue (Script *script,
                 guint   delay_ms)
{
  g_timeout_add (delay_ms, script_step_cb, script);
}

/**
 * aduan_test_script_run:
 * @path: the script
 *
 * Starts running the script once the window is on screen.
 */
void
aduan_test_script_run (AduanApplication *application,
                       GtkWindow        *window,
                       const char       *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *timeout;
  Script *script;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      aduan_application_set_exit_status (application, 1);
      g_application_quit (G_APPLICATION (application));
      return;
    }

  /* Every step sees the end state, and snapshots never catch a
   * transition halfway. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  script = g_new0 (Script, 1);
  script->application = g_object_ref (application);
  script->window = g_object_ref (window);
  script->path = g_strdup (path);
  script->lines = g_strsplit (contents, "\n", -1);
  script->timeout_usec = 10 * G_USEC_PER_SEC;

  timeout = g_getenv ("ADUAN_TEST_TIMEOUT_MS");
  if (timeout != NULL)
    script->timeout_usec = g_ascii_strtoull (timeout, NULL, 10) * 1000;

  script_continue (script, 100);
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                GtkWindow     *window)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (window));

  g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, window);

  /* CLOCK_MONOTONIC, the same clock the benchmark reads before it starts us. */
  g_print ("aduan-first-frame-usec %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());

  if (application != NULL)
    g_application_quit (application);
}

static void
realize_cb (GtkWindow *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), window);
}

/**
 * aduan_test_script_report_first_frame:
 *
 * For the start-up benchmark: prints the monotonic time once the window's
 * first frame is painted, then quits.
 */
void
aduan_test_script_report_first_frame (GtkWindow *window)
{
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
}
