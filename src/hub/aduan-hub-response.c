/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "aduan-error.h"
#include "aduan-hub-error.h"
#include "aduan-hub-response.h"

static void
set_body (SoupServerMessage *msg,
          guint              status,
          const char        *content_type,
          char              *body,
          gsize              length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, status,
                                  status == ADUAN_HUB_STATUS_CHECKSUM_MISMATCH ? "Checksum Mismatch" : NULL);
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

/**
 * aduan_hub_reply_json:
 * @msg: the request
 * @status: the HTTP status
 * @node: the answer
 *
 * Answers @msg with @node as compact JSON.
 */
void
aduan_hub_reply_json (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *body;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (node != NULL);

  json_generator_set_root (generator, node);
  body = json_generator_to_data (generator, &length);
  set_body (msg, status, ADUAN_HUB_JSON_TYPE, body, length);
}

/**
 * aduan_hub_reply_text:
 * @msg: the request
 * @status: the HTTP status
 * @content_type: e.g. `text/html; charset=utf-8`
 * @text: the body
 */
void
aduan_hub_reply_text (SoupServerMessage *msg,
                      guint              status,
                      const char        *content_type,
                      const char        *text)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  set_body (msg, status, content_type, g_strdup (text), strlen (text));
}

static void
reply_error_full (SoupServerMessage *msg,
                  guint              status,
                  const char        *code,
                  const char        *field,
                  const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (field != NULL)
    {
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, field);
    }
  json_builder_end_object (builder);

  node = json_builder_get_root (builder);
  aduan_hub_reply_json (msg, status, node);
}

/**
 * aduan_hub_reply_error:
 * @msg: the request
 * @status: the HTTP status
 * @code: a stable code for programs, e.g. `invalid_json`
 * @format: a sentence for people, printf-style
 *
 * Answers `{"error": CODE, "message": TEXT}`.
 */
void
aduan_hub_reply_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Text from a request may end up in a message; never answer with bytes
   * that are not UTF-8. */
  if (!g_utf8_validate (message, -1, NULL))
    {
      g_free (message);
      message = g_strdup (soup_status_get_phrase (status));
    }

  reply_error_full (msg, status, code, NULL, message);
}

/**
 * aduan_hub_field_from_error:
 * @error: an %ADUAN_ERROR_INVALID_FIELD error
 *
 * libaduan's field errors start with the field's JSON name and a colon.
 *
 * Returns: (transfer full) (nullable): the field's name
 */
char *
aduan_hub_field_from_error (const GError *error)
{
  const char *colon;

  if (error == NULL || !g_error_matches (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD))
    return NULL;

  colon = strstr (error->message, ": ");
  if (colon == NULL || colon == error->message || colon - error->message > 64)
    return NULL;

  for (const char *p = error->message; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return NULL;

  return g_strndup (error->message, colon - error->message);
}

/**
 * aduan_hub_reply_gerror:
 * @msg: the request
 * @error: why it failed
 *
 * Answers with the status and code @error maps to; a field error names
 * the field in a `field` member too.
 */
void
aduan_hub_reply_gerror (SoupServerMessage *msg,
                        const GError      *error)
{
  g_autofree char *field = aduan_hub_field_from_error (error);
  guint status = aduan_hub_error_get_status (error);
  const char *message = error != NULL ? error->message : "Internal error";

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  /* Storage failures are the hub's problem: say so without its details. */
  if (status >= 500)
    message = status == 507 ? "The hub’s disk is full; try again later"
                            : "The hub could not store or read the data; try again later";

  reply_error_full (msg, status, aduan_hub_error_get_code (error), field, message);
}
