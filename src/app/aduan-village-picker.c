/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "aduan-village-picker.h"

/*
 * An entry that finds villages as a person types "manguharjo" or
 * "kartoharjo madiun", with the matches in a popover under it. The entry
 * keeps the keyboard focus: Up and Down move through the matches, Enter
 * picks one, Escape closes the list.
 */

#define N_RESULTS       12
#define MIN_QUERY_CHARS 2

struct _AduanVillagePicker
{
  GtkWidget       parent_instance;

  AduanAreaIndex *areas;       /* (owned) (nullable) */
  char           *code;        /* (owned) (nullable) the village picked */
  guint           popdown_id;
  gboolean        setting;     /* the text is changed by us, not typed */

  GtkEntry       *entry;
  GtkPopover     *popover;
  GtkScrolledWindow *scroller;
  GtkListBox     *results;
};

G_DEFINE_FINAL_TYPE (AduanVillagePicker, aduan_village_picker, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_results (AduanVillagePicker *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
}

static GtkWidget *
make_result_row (const AduanVillage *village)
{
  g_autofree char *label = aduan_village_get_label (village);
  g_autofree char *area = g_strdup_printf ("%s, %s, %s", village->district,
                                           village->regency, village->province);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (village->name);
  GtkWidget *where = gtk_label_new (area);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (where), 0);
  gtk_label_set_ellipsize (GTK_LABEL (where), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (where, "caption");
  gtk_widget_add_css_class (where, "dim-label");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), where);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* The entry keeps the focus while a person clicks a match. */
  gtk_widget_set_focus_on_click (row, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  g_object_set_data_full (G_OBJECT (row), "aduan-village-code", g_strdup (village->code), g_free);
  g_object_set_data_full (G_OBJECT (row), "aduan-village-label", g_steal_pointer (&label), g_free);

  return row;
}

static void
show_results (AduanVillagePicker *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  gtk_widget_set_size_request (GTK_WIDGET (self->scroller), MAX (width, 200), -1);
  gtk_popover_popup (self->popover);
}

static void
search (AduanVillagePicker *self)
{
  g_autoptr(GPtrArray) villages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  clear_results (self);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (self->areas == NULL || g_utf8_strlen (text, -1) < MIN_QUERY_CHARS)
    {
      gtk_popover_popdown (self->popover);
      return;
    }

  villages = aduan_area_index_search (self->areas, text, N_RESULTS, &error);
  if (villages == NULL)
    {
      g_message ("Could not search villages: %s", error->message);
      gtk_popover_popdown (self->popover);
      return;
    }

  for (guint i = 0; i < villages->len; i++)
    gtk_list_box_append (self->results, make_result_row (g_ptr_array_index (villages, i)));

  if (villages->len == 0)
    {
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (_("No village matches. Try the district or regency name too."));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->results, row);
    }
  else
    {
      gtk_list_box_select_row (self->results, gtk_list_box_get_row_at_index (self->results, 0));
    }

  show_results (self);
}

static void
set_text (AduanVillagePicker *self,
          const char         *text)
{
  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text != NULL ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->setting = FALSE;
}

static void
pick_row (AduanVillagePicker *self,
          GtkListBoxRow      *row)
{
  const char *code = g_object_get_data (G_OBJECT (row), "aduan-village-code");
  const char *label = g_object_get_data (G_OBJECT (row), "aduan-village-label");

  if (code == NULL)
    return;

  g_free (self->code);
  self->code = g_strdup (code);
  set_text (self, label);
  gtk_popover_popdown (self->popover);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
row_activated_cb (AduanVillagePicker *self,
                  GtkListBoxRow      *row,
                  GtkListBox         *list_box)
{
  pick_row (self, row);
}

static void
entry_changed_cb (AduanVillagePicker *self,
                  GtkEditable        *editable)
{
  if (self->setting)
    return;

  /* Editing the text undoes the pick: what is typed must be picked again. */
  g_clear_pointer (&self->code, g_free);
  search (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
move_selection (AduanVillagePicker *self,
                int                 delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->results);
  int index = selected != NULL ? gtk_list_box_row_get_index (selected) + delta : 0;
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, MAX (index, 0));

  if (row != NULL && gtk_list_box_row_get_selectable (row))
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
      graphene_rect_t bounds;

      gtk_list_box_select_row (self->results, row);

      /* The list does not have the focus, so it does not scroll by itself. */
      if (gtk_widget_compute_bounds (GTK_WIDGET (row), GTK_WIDGET (self->results), &bounds))
        gtk_adjustment_clamp_page (adjustment, bounds.origin.y,
                                   bounds.origin.y + bounds.size.height);
    }
}

static gboolean
key_pressed_cb (AduanVillagePicker    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gboolean open = gtk_widget_get_visible (GTK_WIDGET (self->popover));

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (!open)
        {
          search (self);
          return TRUE;
        }
      move_selection (self, 1);
      return TRUE;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (!open)
        return FALSE;
      move_selection (self, -1);
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (open && gtk_list_box_get_selected_row (self->results) != NULL)
        {
          pick_row (self, gtk_list_box_get_selected_row (self->results));
          return TRUE;
        }
      return FALSE;

    case GDK_KEY_Escape:
      if (!open)
        return FALSE;
      gtk_popover_popdown (self->popover);
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
popdown_cb (gpointer user_data)
{
  AduanVillagePicker *self = user_data;

  self->popdown_id = 0;
  gtk_popover_popdown (self->popover);

  return G_SOURCE_REMOVE;
}

static void
focus_leave_cb (AduanVillagePicker      *self,
                GtkEventControllerFocus *controller)
{
  /* Later, so a click on a match lands before the list closes. */
  g_clear_handle_id (&self->popdown_id, g_source_remove);
  self->popdown_id = g_timeout_add (200, popdown_cb, self);
}

static void
icon_release_cb (AduanVillagePicker   *self,
                 GtkEntryIconPosition  position,
                 GtkEntry             *entry)
{
  if (position == GTK_ENTRY_ICON_SECONDARY)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->entry));
    }
}

static void
aduan_village_picker_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  AduanVillagePicker *self = ADUAN_VILLAGE_PICKER (widget);

  GTK_WIDGET_CLASS (aduan_village_picker_parent_class)->size_allocate (widget, width, height, baseline);

  gtk_popover_present (self->popover);
}

static gboolean
aduan_village_picker_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (ADUAN_VILLAGE_PICKER (widget)->entry));
}

static void
aduan_village_picker_dispose (GObject *object)
{
  AduanVillagePicker *self = (AduanVillagePicker *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->popdown_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_VILLAGE_PICKER);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->areas);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (aduan_village_picker_parent_class)->dispose (object);
}

static void
aduan_village_picker_class_init (AduanVillagePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_village_picker_dispose;

  widget_class->size_allocate = aduan_village_picker_size_allocate;
  widget_class->grab_focus = aduan_village_picker_grab_focus;

  /**
   * AduanVillagePicker::changed:
   *
   * The text or the village picked changed because of the person.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-village-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanVillagePicker, entry);
  gtk_widget_class_bind_template_child (widget_class, AduanVillagePicker, popover);
  gtk_widget_class_bind_template_child (widget_class, AduanVillagePicker, scroller);
  gtk_widget_class_bind_template_child (widget_class, AduanVillagePicker, results);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_bind_template_callback (widget_class, focus_leave_cb);
  gtk_widget_class_bind_template_callback (widget_class, icon_release_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
aduan_village_picker_init (AduanVillagePicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry),
                                  GTK_ACCESSIBLE_PROPERTY_AUTOCOMPLETE, GTK_ACCESSIBLE_AUTOCOMPLETE_LIST,
                                  GTK_ACCESSIBLE_PROPERTY_HAS_POPUP, TRUE,
                                  -1);
  aduan_village_picker_set_area_index (self, NULL);
}

GtkWidget *
aduan_village_picker_new (void)
{
  return g_object_new (ADUAN_TYPE_VILLAGE_PICKER, NULL);
}

/**
 * aduan_village_picker_set_area_index:
 * @areas: (nullable): the villages to search
 */
void
aduan_village_picker_set_area_index (AduanVillagePicker *self,
                                     AduanAreaIndex     *areas)
{
  g_return_if_fail (ADUAN_IS_VILLAGE_PICKER (self));

  g_set_object (&self->areas, areas);

  gtk_entry_set_placeholder_text (self->entry,
                                  areas != NULL
                                  ? _("Type a village, district or regency")
                                  : _("The list of villages is not installed"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->entry), areas != NULL);
}

/**
 * aduan_village_picker_get_code:
 *
 * Returns: (nullable): the Kemendagri code of the village picked, or %NULL
 *   while a person is still typing
 */
const char *
aduan_village_picker_get_code (AduanVillagePicker *self)
{
  g_return_val_if_fail (ADUAN_IS_VILLAGE_PICKER (self), NULL);

  return self->code;
}

/**
 * aduan_village_picker_get_text:
 *
 * Returns: the text in the entry: the village's label once picked
 */
const char *
aduan_village_picker_get_text (AduanVillagePicker *self)
{
  g_return_val_if_fail (ADUAN_IS_VILLAGE_PICKER (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

/**
 * aduan_village_picker_set_village:
 * @code: (nullable): a village code, or %NULL for text not yet picked
 * @text: (nullable): the label of the village, or the text typed so far
 *
 * Shows a village without searching and without emitting
 * AduanVillagePicker::changed, as when a draft is restored.
 */
void
aduan_village_picker_set_village (AduanVillagePicker *self,
                                  const char         *code,
                                  const char         *text)
{
  g_return_if_fail (ADUAN_IS_VILLAGE_PICKER (self));

  g_free (self->code);
  self->code = g_strdup (code);
  set_text (self, text);
  clear_results (self);
  gtk_popover_popdown (self->popover);
}

/**
 * aduan_village_picker_get_entry:
 *
 * Returns: (transfer none): the entry, for labelling and focus
 */
GtkWidget *
aduan_village_picker_get_entry (AduanVillagePicker *self)
{
  g_return_val_if_fail (ADUAN_IS_VILLAGE_PICKER (self), NULL);

  return GTK_WIDGET (self->entry);
}
