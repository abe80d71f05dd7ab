/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "aduan-complaint-list.h"
#include "aduan-complaint-row.h"

struct _AduanComplaintList
{
  GtkWidget                parent_instance;

  AduanComplaintListModel *model;      /* (owned) (nullable) */
  GtkSingleSelection      *selection;  /* (owned) */
  guint                    attach_id;  /* the model waits for the first frame */
  gboolean                 attached;   /* the view shows @model */
  gboolean                 selecting;  /* the selection is changed by code */
  char                    *shown_uuid; /* (owned) (nullable) the selected complaint */

  GtkStack                *stack;
  GtkListView             *list_view;
  AdwStatusPage           *empty_page;
};

G_DEFINE_FINAL_TYPE (AduanComplaintList, aduan_complaint_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_COMPLAINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_page (AduanComplaintList *self)
{
  guint n_items = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const char *search = self->model != NULL ? aduan_complaint_list_model_get_search (self->model) : NULL;

  if (n_items > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (self->model == NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Complaints"));
      adw_status_page_set_description (self->empty_page, _("The complaint store could not be opened."));
    }
  else if (search != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results"));
      adw_status_page_set_description (self->empty_page,
                                       _("No complaint matches. Search looks at titles, descriptions, "
                                         "tracking codes, reporters and villages."));
    }
  else
    {
      adw_status_page_set_icon_name (self->empty_page, APPLICATION_ID "-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Complaints Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Complaints you record on this device appear here."));
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/*
 * A list view given its model before it knows its height makes rows for
 * the first 200 items; after the first frame it makes the 20 that fit.
 * Those 180 rows are a third of the time to the first frame.
 */
static void
attach_model (AduanComplaintList *self)
{
  g_clear_handle_id (&self->attach_id, g_source_remove);

  if (self->attached)
    return;

  self->attached = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
}

static gboolean
attach_model_cb (gpointer user_data)
{
  AduanComplaintList *self = user_data;

  self->attach_id = 0;
  attach_model (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_attach (AduanComplaintList *self)
{
  if (self->attached || self->attach_id != 0 || self->model == NULL)
    return;

  /* An idle runs after the frame clock's layout and paint. */
  self->attach_id = g_idle_add (attach_model_cb, self);
  g_source_set_name_by_id (self->attach_id, "[aduan] attach list model");
}

static void
aduan_complaint_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (aduan_complaint_list_parent_class)->map (widget);

  schedule_attach (ADUAN_COMPLAINT_LIST (widget));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, aduan_complaint_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  AduanComplaintRow *row = ADUAN_COMPLAINT_ROW (gtk_list_item_get_child (list_item));

  aduan_complaint_row_set_item (row, gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  AduanComplaintRow *row = ADUAN_COMPLAINT_ROW (gtk_list_item_get_child (list_item));

  aduan_complaint_row_set_item (row, NULL);
}

static void
activate_cb (AduanComplaintList *self,
             guint               position,
             GtkListView        *list_view)
{
  g_autoptr(AduanComplaintItem) item = NULL;
  const char *uuid;

  item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (item == NULL)
    return;

  uuid = aduan_complaint_item_get_uuid (item);
  if (uuid == NULL)
    return;

  g_free (self->shown_uuid);
  self->shown_uuid = g_strdup (uuid);
  g_signal_emit (self, signals[SIGNAL_COMPLAINT_ACTIVATED], 0, uuid);
}

/* A click or the arrow keys pick a complaint: show it. (With
 * single-click-activate the view would select rows on hover instead.) */
static void
selected_cb (AduanComplaintList *self,
             GParamSpec         *pspec,
             GtkSingleSelection *selection)
{
  guint position = gtk_single_selection_get_selected (selection);
  g_autoptr(AduanComplaintItem) item = NULL;

  if (self->selecting || position == GTK_INVALID_LIST_POSITION)
    return;

  /* Rows inserted above move the selection without changing what is
   * selected; that is no pick. */
  item = g_list_model_get_item (G_LIST_MODEL (selection), position);
  if (item == NULL || g_strcmp0 (aduan_complaint_item_get_uuid (item), self->shown_uuid) == 0)
    return;

  activate_cb (self, position, self->list_view);
}

static void
items_changed_cb (AduanComplaintList *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  update_page (self);
}

static void
aduan_complaint_list_dispose (GObject *object)
{
  AduanComplaintList *self = (AduanComplaintList *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->attach_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ADUAN_TYPE_COMPLAINT_LIST);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_pointer (&self->shown_uuid, g_free);

  G_OBJECT_CLASS (aduan_complaint_list_parent_class)->dispose (object);
}

static void
aduan_complaint_list_class_init (AduanComplaintListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = aduan_complaint_list_dispose;

  widget_class->map = aduan_complaint_list_map;

  /**
   * AduanComplaintList::complaint-activated:
   * @uuid: the complaint a person picked
   */
  signals[SIGNAL_COMPLAINT_ACTIVATED] =
    g_signal_new ("complaint-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/id/go/aduan/Aduan/ui/aduan-complaint-list.ui");
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintList, stack);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintList, list_view);
  gtk_widget_class_bind_template_child (widget_class, AduanComplaintList, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
aduan_complaint_list_init (AduanComplaintList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_type_ensure (ADUAN_TYPE_COMPLAINT_ROW);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);

  update_page (self);
}

GtkWidget *
aduan_complaint_list_new (void)
{
  return g_object_new (ADUAN_TYPE_COMPLAINT_LIST, NULL);
}

/**
 * aduan_complaint_list_set_store:
 * @store: (nullable): where the complaints are
 */
void
aduan_complaint_list_set_store (AduanComplaintList *self,
                                AduanStore         *store)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST (self));
  g_return_if_fail (store == NULL || ADUAN_IS_STORE (store));

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  if (store != NULL)
    {
      self->model = aduan_complaint_list_model_new (store);
      g_signal_connect_object (self->model, "items-changed",
                               G_CALLBACK (items_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  g_clear_handle_id (&self->attach_id, g_source_remove);
  self->attached = FALSE;
  self->selecting = TRUE;
  gtk_single_selection_set_model (self->selection, NULL);
  self->selecting = FALSE;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    attach_model (self);

  update_page (self);
}

/**
 * aduan_complaint_list_get_model:
 *
 * Returns: (transfer none) (nullable): the rows
 */
AduanComplaintListModel *
aduan_complaint_list_get_model (AduanComplaintList *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST (self), NULL);

  return self->model;
}

void
aduan_complaint_list_set_search (AduanComplaintList *self,
                                 const char         *search)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST (self));

  if (self->model == NULL)
    return;

  aduan_complaint_list_model_set_search (self->model, search);
  update_page (self);
}

/**
 * aduan_complaint_list_select:
 * @uuid: a complaint
 *
 * Selects the complaint when it is among the rows read so far, and scrolls
 * the list back to the top when it is the newest.
 */
void
aduan_complaint_list_select (AduanComplaintList *self,
                             const char         *uuid)
{
  guint position;

  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST (self));
  g_return_if_fail (uuid != NULL);

  if (self->model == NULL)
    return;

  attach_model (self);

  /* Read the first row so a complaint saved a moment ago is found. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    {
      g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (self->model), 0);
    }

  if (aduan_complaint_list_model_find (self->model, uuid, &position))
    {
      g_free (self->shown_uuid);
      self->shown_uuid = g_strdup (uuid);
      self->selecting = TRUE;
      gtk_single_selection_set_selected (self->selection, position);
      self->selecting = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
    }
}

void
aduan_complaint_list_unselect (AduanComplaintList *self)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST (self));

  g_clear_pointer (&self->shown_uuid, g_free);
  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
}
