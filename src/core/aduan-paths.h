/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *aduan_find_data_file (const char *name);

G_END_DECLS
