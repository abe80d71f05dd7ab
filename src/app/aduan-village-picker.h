/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "aduan-area-index.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_VILLAGE_PICKER (aduan_village_picker_get_type ())
G_DECLARE_FINAL_TYPE (AduanVillagePicker, aduan_village_picker, ADUAN, VILLAGE_PICKER, GtkWidget)

GtkWidget      *aduan_village_picker_new            (void);
void            aduan_village_picker_set_area_index (AduanVillagePicker *self,
                                                     AduanAreaIndex     *areas);
const char     *aduan_village_picker_get_code       (AduanVillagePicker *self);
const char     *aduan_village_picker_get_text       (AduanVillagePicker *self);
void            aduan_village_picker_set_village    (AduanVillagePicker *self,
                                                     const char         *code,
                                                     const char         *text);
GtkWidget      *aduan_village_picker_get_entry      (AduanVillagePicker *self);

G_END_DECLS
