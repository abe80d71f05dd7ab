/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ADUAN_HUB_JSON_TYPE "application/json; charset=utf-8"

/* tus's own status for a chunk that does not match Upload-Checksum. */
#define ADUAN_HUB_STATUS_CHECKSUM_MISMATCH 460

/* RFC 6585; libsoup has no name for it. */
#define ADUAN_HUB_STATUS_TOO_MANY_REQUESTS 429

void aduan_hub_reply_json        (SoupServerMessage *msg,
                                  guint              status,
                                  JsonNode          *node);
void aduan_hub_reply_error       (SoupServerMessage *msg,
                                  guint              status,
                                  const char        *code,
                                  const char        *format,
                                  ...) G_GNUC_PRINTF (4, 5);
void aduan_hub_reply_gerror      (SoupServerMessage *msg,
                                  const GError      *error);
void aduan_hub_reply_text        (SoupServerMessage *msg,
                                  guint              status,
                                  const char        *content_type,
                                  const char        *text);
char *aduan_hub_field_from_error (const GError      *error);

G_END_DECLS
