/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "aduan-complaint.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_COMPLAINT_ITEM (aduan_complaint_item_get_type ())
G_DECLARE_FINAL_TYPE (AduanComplaintItem, aduan_complaint_item, ADUAN, COMPLAINT_ITEM, GObject)

AduanComplaintItem   *aduan_complaint_item_new           (AduanComplaint     *complaint);
const AduanComplaint *aduan_complaint_item_get_complaint (AduanComplaintItem *self);
const char           *aduan_complaint_item_get_uuid      (AduanComplaintItem *self);

G_END_DECLS
