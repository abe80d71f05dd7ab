/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-complaint-item.h"
#include "aduan-complaint-list-model.h"

/*
 * A GListModel over the store that never holds the whole table: it knows
 * how many complaints match, and reads them a page at a time as the list
 * view asks for rows, keeping only the pages read most recently. Scrolling
 * through 100 000 complaints touches a few hundred rows at a time.
 */

#define PAGE_SIZE ADUAN_COMPLAINT_LIST_MODEL_PAGE_SIZE
#define MAX_PAGES 32

struct _AduanComplaintListModel
{
  GObject     parent_instance;

  AduanStore *store;       /* (owned) */
  char       *search;      /* (owned) (nullable) */
  guint       n_items;
  GHashTable *pages;       /* (owned) page number → GPtrArray of AduanComplaintItem */
  GQueue      page_order;  /* page numbers, least recently loaded first */
  GError     *error;       /* (owned) (nullable) the last read that failed */
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AduanComplaintListModel, aduan_complaint_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
set_error (AduanComplaintListModel *self,
           GError                  *error)
{
  g_clear_error (&self->error);
  self->error = error;
}

static guint
count_items (AduanComplaintListModel *self)
{
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  g_autoptr(GError) error = NULL;
  gint64 count;

  query.search = self->search;
  count = aduan_store_count (self->store, &query, &error);
  if (count < 0)
    {
      g_debug ("Could not count complaints: %s", error->message);
      set_error (self, g_steal_pointer (&error));
      return 0;
    }

  return (guint) MIN (count, G_MAXUINT);
}

static void
drop_pages (AduanComplaintListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

static void
drop_page (AduanComplaintListModel *self,
           guint                    page)
{
  g_hash_table_remove (self->pages, GUINT_TO_POINTER (page));
  g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
}

static GPtrArray *
load_page (AduanComplaintListModel *self,
           guint                    page)
{
  AduanStoreQuery query = ADUAN_STORE_QUERY_INIT;
  g_autoptr(GPtrArray) complaints = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;
  guint first = page * PAGE_SIZE;
  guint wanted = MIN (PAGE_SIZE, self->n_items - first);

  query.search = self->search;
  query.offset = first;
  query.limit = PAGE_SIZE;

  complaints = aduan_store_list (self->store, &query, &error);
  if (complaints == NULL)
    {
      g_debug ("Could not read complaints %u to %u: %s", first, first + wanted, error->message);
      set_error (self, g_steal_pointer (&error));
    }

  items = g_ptr_array_new_full (wanted, g_object_unref);
  for (guint i = 0; i < wanted; i++)
    {
      AduanComplaint *complaint = NULL;

      if (complaints != NULL && i < complaints->len)
        complaint = g_steal_pointer (&g_ptr_array_index (complaints, i));

      /* Another program (aduanctl) may have changed the table since we
       * counted; a blank row until the next reload beats a hole in the
       * model, which GtkListView does not allow. */
      if (complaint == NULL)
        complaint = aduan_complaint_new ();

      g_ptr_array_add (items, aduan_complaint_item_new (complaint));
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_tail (&self->page_order, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->page_order) > MAX_PAGES)
    {
      guint oldest = GPOINTER_TO_UINT (g_queue_pop_head (&self->page_order));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (oldest));
    }

  return items;
}

static GType
aduan_complaint_list_model_get_item_type (GListModel *model)
{
  return ADUAN_TYPE_COMPLAINT_ITEM;
}

static guint
aduan_complaint_list_model_get_n_items (GListModel *model)
{
  return ADUAN_COMPLAINT_LIST_MODEL (model)->n_items;
}

static gpointer
aduan_complaint_list_model_get_item (GListModel *model,
                                     guint       position)
{
  AduanComplaintListModel *self = ADUAN_COMPLAINT_LIST_MODEL (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);

  g_assert (position % PAGE_SIZE < items->len);

  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = aduan_complaint_list_model_get_item_type;
  iface->get_n_items = aduan_complaint_list_model_get_n_items;
  iface->get_item = aduan_complaint_list_model_get_item;
}

static void
set_n_items (AduanComplaintListModel *self,
             guint                    position,
             guint                    removed,
             guint                    added,
             guint                    n_items)
{
  self->n_items = n_items;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
find_cached (AduanComplaintListModel *self,
             const char              *uuid,
             guint                   *out_position)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *items = value;

      for (guint i = 0; i < items->len; i++)
        {
          if (g_strcmp0 (aduan_complaint_item_get_uuid (g_ptr_array_index (items, i)), uuid) == 0)
            {
              *out_position = GPOINTER_TO_UINT (key) * PAGE_SIZE + i;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static void
complaint_saved_cb (AduanComplaintListModel *self,
                    const char              *uuid,
                    AduanStore              *store)
{
  guint old_n_items = self->n_items;
  guint n_items = count_items (self);
  guint position;

  /* A new complaint is the newest: one row at the top, and the rows the
   * view shows keep their widgets and the scroll position stays. */
  if (self->search == NULL && n_items == old_n_items + 1)
    {
      drop_pages (self);
      set_n_items (self, 0, 0, 1, n_items);
      return;
    }

  /* An existing complaint changed, e.g. its sync state: only its row. */
  if (n_items == old_n_items)
    {
      if (find_cached (self, uuid, &position))
        {
          drop_page (self, position / PAGE_SIZE);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
      return;
    }

  drop_pages (self);
  set_n_items (self, 0, old_n_items, n_items, n_items);
}

static void
aduan_complaint_list_model_constructed (GObject *object)
{
  AduanComplaintListModel *self = (AduanComplaintListModel *) object;

  G_OBJECT_CLASS (aduan_complaint_list_model_parent_class)->constructed (object);

  g_assert (ADUAN_IS_STORE (self->store));

  g_signal_connect_object (self->store, "complaint-saved",
                           G_CALLBACK (complaint_saved_cb), self,
                           G_CONNECT_SWAPPED);
  self->n_items = count_items (self);
}

static void
aduan_complaint_list_model_finalize (GObject *object)
{
  AduanComplaintListModel *self = (AduanComplaintListModel *) object;

  drop_pages (self);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (aduan_complaint_list_model_parent_class)->finalize (object);
}

static void
aduan_complaint_list_model_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  AduanComplaintListModel *self = ADUAN_COMPLAINT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_complaint_list_model_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  AduanComplaintListModel *self = ADUAN_COMPLAINT_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      aduan_complaint_list_model_set_search (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aduan_complaint_list_model_class_init (AduanComplaintListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = aduan_complaint_list_model_constructed;
  object_class->finalize = aduan_complaint_list_model_finalize;
  object_class->get_property = aduan_complaint_list_model_get_property;
  object_class->set_property = aduan_complaint_list_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         ADUAN_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aduan_complaint_list_model_init (AduanComplaintListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->page_order);
}

AduanComplaintListModel *
aduan_complaint_list_model_new (AduanStore *store)
{
  g_return_val_if_fail (ADUAN_IS_STORE (store), NULL);

  return g_object_new (ADUAN_TYPE_COMPLAINT_LIST_MODEL,
                       "store", store,
                       NULL);
}

/**
 * aduan_complaint_list_model_get_store:
 *
 * Returns: (transfer none): the store the rows come from
 */
AduanStore *
aduan_complaint_list_model_get_store (AduanComplaintListModel *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self), NULL);

  return self->store;
}

const char *
aduan_complaint_list_model_get_search (AduanComplaintListModel *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self), NULL);

  return self->search;
}

/**
 * aduan_complaint_list_model_set_search:
 * @search: (nullable): words as a person typed them; %NULL or empty for all
 */
void
aduan_complaint_list_model_set_search (AduanComplaintListModel *self,
                                       const char              *search)
{
  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self));

  if (search != NULL && *search == '\0')
    search = NULL;

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  aduan_complaint_list_model_reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

/**
 * aduan_complaint_list_model_reload:
 *
 * Reads the count again and forgets every page read so far.
 */
void
aduan_complaint_list_model_reload (AduanComplaintListModel *self)
{
  guint old_n_items;
  guint n_items;

  g_return_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self));

  g_clear_error (&self->error);
  old_n_items = self->n_items;
  n_items = count_items (self);
  drop_pages (self);
  set_n_items (self, 0, old_n_items, n_items, n_items);
}

/**
 * aduan_complaint_list_model_find:
 * @uuid: a complaint's UUID
 * @out_position: (out): where it is
 *
 * Looks among the rows read so far; it does not read more.
 *
 * Returns: %TRUE when found
 */
gboolean
aduan_complaint_list_model_find (AduanComplaintListModel *self,
                                 const char              *uuid,
                                 guint                   *out_position)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);
  g_return_val_if_fail (out_position != NULL, FALSE);

  return find_cached (self, uuid, out_position);
}

/**
 * aduan_complaint_list_model_get_pages_loaded:
 *
 * Returns: how many pages are held now; tests check it stays small
 */
guint
aduan_complaint_list_model_get_pages_loaded (AduanComplaintListModel *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self), 0);

  return g_hash_table_size (self->pages);
}

/**
 * aduan_complaint_list_model_get_error:
 *
 * Returns: (nullable): why the last read failed, if it did
 */
const GError *
aduan_complaint_list_model_get_error (AduanComplaintListModel *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_LIST_MODEL (self), NULL);

  return self->error;
}
