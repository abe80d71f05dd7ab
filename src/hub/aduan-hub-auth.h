/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "aduan-hub-device.h"

G_BEGIN_DECLS

char       *aduan_hub_auth_new_token          (void);
char       *aduan_hub_auth_new_enroll_code    (void);
char       *aduan_hub_auth_new_id             (const char   *prefix,
                                               gsize         n_bytes);
char       *aduan_hub_auth_new_device_id      (AduanHubRole  role);
char       *aduan_hub_auth_hash_secret        (const char   *secret);
char       *aduan_hub_auth_normalize_code     (const char   *code);
const char *aduan_hub_auth_parse_bearer       (const char   *header);
gboolean    aduan_hub_auth_parse_duration     (const char   *text,
                                               gint64       *out_usec);
gboolean    aduan_hub_auth_is_safe_id         (const char   *id);

G_END_DECLS
