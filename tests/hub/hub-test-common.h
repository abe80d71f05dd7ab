/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "aduan-complaint.h"

G_BEGIN_DECLS

/* The shipped catalog's first category and its agency. */
#define HUB_TEST_CATEGORY "street-lighting"
#define HUB_TEST_AGENCY "dishub"
#define HUB_TEST_OTHER_AGENCY "dlh"

/**
 * HubTestHub:
 * @process: the running `aduan-hub serve`
 * @url: its URL without the trailing slash
 * @data_dir: its data folder
 * @session: an HTTP client for it
 *
 * The built aduan-hub, started on a free loopback port.
 */
typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *data_dir;
  SoupSession *session;
  char        *admin_token;
} HubTestHub;

/**
 * HubTestResponse:
 * @status: the HTTP status
 * @body: the body
 * @headers: the response headers
 */
typedef struct
{
  guint               status;
  GBytes             *body;
  SoupMessageHeaders *headers;
  JsonNode           *json;
} HubTestResponse;

const char      *hub_test_program           (void);
SoupSession     *hub_test_session_new       (void);
HubTestHub      *hub_test_hub_start         (const char         *data_dir,
                                             const char * const *extra_args,
                                             const char * const *extra_env);
void             hub_test_hub_stop          (HubTestHub         *hub);
char            *hub_test_hub_run           (HubTestHub         *hub,
                                             const char * const *args,
                                             int                *out_status);
char            *hub_test_hub_enroll        (HubTestHub         *hub,
                                             const char         *role,
                                             char              **out_device_id,
                                             char              **out_prefix);
char            *hub_test_hub_token         (HubTestHub         *hub,
                                             const char         *role,
                                             const char         *agency);
const char      *hub_test_hub_admin         (HubTestHub         *hub);

HubTestResponse *hub_test_request           (HubTestHub         *hub,
                                             const char         *method,
                                             const char         *path,
                                             const char         *token,
                                             const char         *content_type,
                                             const void         *body,
                                             gssize              length,
                                             ...) G_GNUC_NULL_TERMINATED;
HubTestResponse *hub_test_request_json      (HubTestHub         *hub,
                                             const char         *method,
                                             const char         *path,
                                             const char         *token,
                                             const char         *json);
char            *hub_test_raw               (HubTestHub         *hub,
                                             const void         *data,
                                             gsize               length,
                                             gboolean            half_close);
void             hub_test_response_free     (HubTestResponse    *response);
JsonObject      *hub_test_response_object   (HubTestResponse    *response);
void             hub_test_assert_error      (HubTestResponse    *response,
                                             guint               status,
                                             const char         *code);
const char      *hub_test_response_text     (HubTestResponse    *response);

AduanComplaint  *hub_test_make_complaint    (const char         *prefix,
                                             guint               sequence);
HubTestResponse *hub_test_put_complaint     (HubTestHub         *hub,
                                             const char         *token,
                                             const AduanComplaint *complaint);
GBytes          *hub_test_make_photo        (gsize               size,
                                             guint32             seed);
char            *hub_test_sha256            (GBytes             *bytes);
AduanPhotoRef   *hub_test_photo_ref         (GBytes             *photo);
char            *hub_test_tus_create        (HubTestHub         *hub,
                                             const char         *token,
                                             const char         *complaint_uuid,
                                             GBytes             *photo);
char            *hub_test_base64            (const char         *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HubTestResponse, hub_test_response_free)

G_END_DECLS
