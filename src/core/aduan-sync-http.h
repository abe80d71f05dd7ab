/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "aduan-sync-error.h"

G_BEGIN_DECLS

/*
 * libcurl under GLib for the sync engine, the enrollment and the tus
 * client: one easy handle per client, so one worker thread keeps its
 * connection to the hub open across requests. Blocking: call it from a
 * GTask thread, never from the main context. Transport failures and
 * curl's codes become %ADUAN_SYNC_ERROR errors with sentences a person can
 * act on; HTTP statuses are left to the caller, who knows what they mean
 * for the request it made (aduan_http_response_to_error() helps).
 */

typedef struct _AduanHttpClient AduanHttpClient;

/**
 * AduanHttpProgressFunc:
 * @sent: request body bytes handed to the network so far
 * @total: the request body's size
 * @user_data: the data given with it
 *
 * Called from the thread that sends, at most every few tens of ms.
 */
typedef void (*AduanHttpProgressFunc) (gint64   sent,
                                       gint64   total,
                                       gpointer user_data);

/**
 * AduanHttpRequest:
 * @method: GET, HEAD, PUT, POST, PATCH, OPTIONS…
 * @url: absolute, or a path resolved against the client's base URL
 * @headers: (nullable): more request headers, "Name: value", %NULL-ended
 * @body: (nullable): the body, from memory
 * @body_fd: or, when >= 0, the body read from this file…
 * @body_offset: …from this offset…
 * @body_length: …this many bytes (streamed, never held in memory)
 *
 * One request. Initialise with %ADUAN_HTTP_REQUEST_INIT.
 */
typedef struct
{
  const char         *method;
  const char         *url;
  const char * const *headers;
  GBytes             *body;
  int                 body_fd;
  gint64              body_offset;
  gint64              body_length;
} AduanHttpRequest;

#define ADUAN_HTTP_REQUEST_INIT { NULL, NULL, NULL, NULL, -1, 0, 0 }

/**
 * AduanHttpResponse:
 * @status: the HTTP status
 * @headers: lower-case header name → value
 * @body: the body (at most a few MiB are read)
 * @bytes_sent: request body bytes that went out
 */
typedef struct
{
  guint       status;
  GHashTable *headers;
  GBytes     *body;
  gint64      bytes_sent;
} AduanHttpResponse;

AduanHttpClient   *aduan_http_client_new             (void);
void               aduan_http_client_free            (AduanHttpClient   *client);
void               aduan_http_client_set_base_url    (AduanHttpClient   *client,
                                                      const char        *base_url);
const char        *aduan_http_client_get_base_url    (AduanHttpClient   *client);
void               aduan_http_client_set_token       (AduanHttpClient   *client,
                                                      const char        *token);
void               aduan_http_client_set_ca_file     (AduanHttpClient   *client,
                                                      const char        *ca_file);
void               aduan_http_client_set_timeouts    (AduanHttpClient   *client,
                                                      guint              connect_seconds,
                                                      guint              stall_seconds);
void               aduan_http_client_set_proxy_resolver (AduanHttpClient *client,
                                                         GProxyResolver  *resolver);
void               aduan_http_client_set_cancellable (AduanHttpClient   *client,
                                                      GCancellable      *cancellable);
gint64             aduan_http_client_get_retry_after (AduanHttpClient  *client);
void               aduan_http_client_get_traffic     (AduanHttpClient   *client,
                                                      guint64           *out_sent,
                                                      guint64           *out_received);
GCancellable      *aduan_http_client_get_cancellable (AduanHttpClient  *client);
void               aduan_http_client_set_progress    (AduanHttpClient      *client,
                                                      AduanHttpProgressFunc func,
                                                      gpointer              user_data);
char              *aduan_http_client_resolve         (AduanHttpClient   *client,
                                                      const char        *url);
AduanHttpResponse *aduan_http_client_send            (AduanHttpClient        *client,
                                                      const AduanHttpRequest *request,
                                                      GError                **error);

void               aduan_http_response_free          (AduanHttpResponse *response);
const char        *aduan_http_response_get_header    (AduanHttpResponse *response,
                                                      const char        *name);
char              *aduan_http_response_get_message   (AduanHttpResponse *response);
char              *aduan_http_response_get_error_code (AduanHttpResponse *response);
JsonNode          *aduan_http_response_get_json      (AduanHttpResponse *response);
gint64             aduan_http_response_get_retry_after (AduanHttpResponse *response,
                                                        gint64             now);
void               aduan_http_response_to_error      (AduanHttpResponse *response,
                                                      const char        *doing,
                                                      GError           **error);

char              *aduan_http_normalize_base_url     (const char        *url,
                                                      GError           **error);
gboolean           aduan_http_sleep                  (guint              milliseconds,
                                                      GCancellable      *cancellable);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHttpClient, aduan_http_client_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AduanHttpResponse, aduan_http_response_free)

G_END_DECLS
