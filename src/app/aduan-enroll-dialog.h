/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "aduan-store.h"

G_BEGIN_DECLS

#define ADUAN_TYPE_ENROLL_DIALOG (aduan_enroll_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AduanEnrollDialog, aduan_enroll_dialog, ADUAN, ENROLL_DIALOG, AdwWindow)

AduanEnrollDialog *aduan_enroll_dialog_new (GtkWindow  *parent,
                                            AduanStore *store);

G_END_DECLS
