/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _AduanXvfb AduanXvfb;

AduanXvfb  *aduan_xvfb_start       (int         width,
                                    int         height,
                                    GError    **error);
const char *aduan_xvfb_get_display (AduanXvfb  *self);
void        aduan_xvfb_stop        (AduanXvfb  *self);

G_END_DECLS
