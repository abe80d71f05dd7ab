/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "aduan-hub-config.h"

G_BEGIN_DECLS

#define ADUAN_HUB_TYPE_SERVER (aduan_hub_server_get_type ())
G_DECLARE_FINAL_TYPE (AduanHubServer, aduan_hub_server, ADUAN_HUB, SERVER, GObject)

AduanHubServer *aduan_hub_server_new      (const AduanHubConfig  *config,
                                           GError               **error);
gboolean        aduan_hub_server_listen   (AduanHubServer        *self,
                                           GError               **error);
char           *aduan_hub_server_get_url  (AduanHubServer        *self);
void            aduan_hub_server_shutdown (AduanHubServer        *self);

G_END_DECLS
