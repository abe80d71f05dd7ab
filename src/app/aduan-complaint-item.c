/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "aduan-complaint-item.h"

/* One saved complaint as an object, so a GListModel can hold it. */
struct _AduanComplaintItem
{
  GObject         parent_instance;

  AduanComplaint *complaint;  /* (owned) */
};

G_DEFINE_FINAL_TYPE (AduanComplaintItem, aduan_complaint_item, G_TYPE_OBJECT)

static void
aduan_complaint_item_finalize (GObject *object)
{
  AduanComplaintItem *self = (AduanComplaintItem *) object;

  g_clear_pointer (&self->complaint, aduan_complaint_free);

  G_OBJECT_CLASS (aduan_complaint_item_parent_class)->finalize (object);
}

static void
aduan_complaint_item_class_init (AduanComplaintItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aduan_complaint_item_finalize;
}

static void
aduan_complaint_item_init (AduanComplaintItem *self)
{
}

/**
 * aduan_complaint_item_new:
 * @complaint: (transfer full): the complaint
 */
AduanComplaintItem *
aduan_complaint_item_new (AduanComplaint *complaint)
{
  AduanComplaintItem *self;

  g_return_val_if_fail (complaint != NULL, NULL);

  self = g_object_new (ADUAN_TYPE_COMPLAINT_ITEM, NULL);
  self->complaint = complaint;

  return self;
}

const AduanComplaint *
aduan_complaint_item_get_complaint (AduanComplaintItem *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_ITEM (self), NULL);

  return self->complaint;
}

const char *
aduan_complaint_item_get_uuid (AduanComplaintItem *self)
{
  g_return_val_if_fail (ADUAN_IS_COMPLAINT_ITEM (self), NULL);

  return self->complaint->uuid;
}
