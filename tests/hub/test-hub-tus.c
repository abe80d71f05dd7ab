/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "hub-test-common.h"

#define OFFSET_TYPE "application/offset+octet-stream"
#define PHOTO_SIZE (300 * 1024)

typedef struct
{
  HubTestHub     *hub;
  char           *token;
  char           *prefix;
  GBytes         *photo;
  char           *sha256;
  AduanComplaint *complaint;  /* sent, listing @photo */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  const char * const *extra_args = user_data;
  g_autoptr(HubTestResponse) put = NULL;
  JsonArray *missing;

  fixture->hub = hub_test_hub_start (NULL, extra_args, NULL);
  fixture->token = hub_test_hub_enroll (fixture->hub, "officer", NULL, &fixture->prefix);
  fixture->photo = hub_test_make_photo (PHOTO_SIZE, 1);
  fixture->sha256 = hub_test_sha256 (fixture->photo);
  fixture->complaint = hub_test_make_complaint (fixture->prefix, 1);
  g_ptr_array_add (fixture->complaint->photos, hub_test_photo_ref (fixture->photo));

  put = hub_test_put_complaint (fixture->hub, fixture->token, fixture->complaint);
  g_assert_cmpuint (put->status, ==, 201);
  missing = json_object_get_array_member (hub_test_response_object (put), "missing_photos");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, fixture->sha256);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  hub_test_hub_stop (fixture->hub);
  g_free (fixture->token);
  g_free (fixture->prefix);
  g_bytes_unref (fixture->photo);
  g_free (fixture->sha256);
  aduan_complaint_free (fixture->complaint);
}

static HubTestResponse *
patch (Fixture    *fixture,
       const char *path,
       gint64      offset,
       const void *data,
       gsize       length,
       const char *checksum)
{
  g_autofree char *offset_text = g_strdup_printf ("%" G_GINT64_FORMAT, offset);

  return hub_test_request (fixture->hub, "PATCH", path, fixture->token, OFFSET_TYPE, data, length,
                           "Tus-Resumable", "1.0.0",
                           "Upload-Offset", offset_text,
                           checksum != NULL ? "Upload-Checksum" : NULL, checksum,
                           NULL);
}

static gint64
head_offset (Fixture    *fixture,
             const char *path)
{
  g_autoptr(HubTestResponse) head = NULL;

  head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0,
                           "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (head->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Cache-Control"), ==, "no-store");

  return g_ascii_strtoll (soup_message_headers_get_one (head->headers, "Upload-Offset"), NULL, 10);
}

static char *
checksum_header (const char    *algorithm,
                 GChecksumType  type,
                 const guint8  *data,
                 gsize          length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (type);
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, data, length);
  g_checksum_get_digest (checksum, digest, &digest_length);
  encoded = g_base64_encode (digest, digest_length);

  return g_strdup_printf ("%s %s", algorithm, encoded);
}

static void
assert_photo_stored (Fixture *fixture)
{
  g_autofree char *path = g_strconcat ("/v1/photos/", fixture->sha256, NULL);
  g_autofree char *file = g_build_filename (fixture->hub->data_dir, "photos", fixture->sha256, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *complaint_path = g_strconcat ("/v1/complaints/", fixture->complaint->uuid, NULL);
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(HubTestResponse) get = NULL;
  g_autoptr(HubTestResponse) record = NULL;
  gsize length;

  get = hub_test_request (fixture->hub, "GET", path, hub_test_hub_admin (fixture->hub), NULL, NULL, 0, NULL);
  g_assert_cmpuint (get->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (get->headers, NULL), ==, "image/jpeg");
  g_assert_true (g_bytes_equal (get->body, fixture->photo));

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  stored = g_bytes_new_take (g_steal_pointer (&contents), length);
  g_assert_true (g_bytes_equal (stored, fixture->photo));

  record = hub_test_request (fixture->hub, "GET", complaint_path, fixture->token, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (record),
                                                                         "missing_photos")), ==, 0);
}

/* OPTIONS says what the hub supports, without a token. */
static void
test_options (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) options = hub_test_request (fixture->hub, "OPTIONS", "/v1/uploads", NULL,
                                                         NULL, NULL, 0, NULL);

  g_assert_cmpuint (options->status, ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (options->headers, "Tus-Version"), ==, "1.0.0");
  g_assert_cmpstr (soup_message_headers_get_one (options->headers, "Tus-Resumable"), ==, "1.0.0");
  g_assert_cmpstr (soup_message_headers_get_one (options->headers, "Tus-Extension"), ==,
                   "creation,checksum,termination,expiration");
  g_assert_cmpstr (soup_message_headers_get_one (options->headers, "Tus-Checksum-Algorithm"), ==, "sha1,sha256");
  g_assert_cmpstr (soup_message_headers_get_one (options->headers, "Tus-Max-Size"), ==, "20971520");
  g_assert_nonnull (soup_message_headers_get_one (options->headers, "Access-Control-Allow-Methods"));
}

/* A photo in one PATCH is stored byte-identical and attached. */
static void
test_upload_whole (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autoptr(HubTestResponse) done = NULL;
  g_autoptr(HubTestResponse) head = NULL;
  g_autoptr(HubTestResponse) device_photo = NULL;
  g_autofree char *photo_path = g_strconcat ("/v1/photos/", fixture->sha256, NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);

  g_assert_cmpint (head_offset (fixture, path), ==, 0);

  head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Upload-Length"), ==, "307200");
  g_assert_nonnull (soup_message_headers_get_one (head->headers, "Upload-Metadata"));

  done = patch (fixture, path, 0, data, length, NULL);
  g_assert_cmpuint (done->status, ==, 204);
  g_assert_cmpstr (soup_message_headers_get_one (done->headers, "Upload-Offset"), ==, "307200");
  g_assert_cmpstr (soup_message_headers_get_one (done->headers, "Tus-Resumable"), ==, "1.0.0");
  g_assert_cmpint (head_offset (fixture, path), ==, PHOTO_SIZE);

  assert_photo_stored (fixture);

  /* Photos are for admins only. */
  device_photo = hub_test_request (fixture->hub, "GET", photo_path, fixture->token, NULL, NULL, 0, NULL);
  hub_test_assert_error (device_photo, 403, "forbidden");
}

static HubTestResponse *
put_again (Fixture    *fixture,
           const char *query)
{
  g_autofree char *json = aduan_complaint_to_json_string (fixture->complaint, ADUAN_JSON_WIRE, FALSE);
  g_autofree char *path = g_strconcat ("/v1/complaints/", fixture->complaint->uuid, query, NULL);

  return hub_test_request_json (fixture->hub, "PUT", path, fixture->token, json);
}

/* PUT ?uploads=create makes an upload for each photo the hub lacks, in
 * the answer: it starts at offset 0 and takes the photo like a POST's;
 * once the photo is held none is offered, and without the parameter the
 * answer has none. */
static void
test_offered_upload (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(HubTestResponse) offer = put_again (fixture, "?uploads=create");
  g_autoptr(HubTestResponse) done = NULL;
  g_autoptr(HubTestResponse) head = NULL;
  g_autoptr(HubTestResponse) after = NULL;
  g_autoptr(HubTestResponse) plain = NULL;
  JsonObject *uploads;
  const char *path;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);

  g_assert_cmpuint (offer->status, ==, 200);
  uploads = json_object_get_object_member (hub_test_response_object (offer), "uploads");
  g_assert_nonnull (uploads);
  g_assert_cmpuint (json_object_get_size (uploads), ==, 1);
  path = json_object_get_string_member (uploads, fixture->sha256);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, "/v1/uploads/"));

  g_assert_cmpint (head_offset (fixture, path), ==, 0);
  head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (head->headers, "Upload-Length"), ==, "307200");

  done = patch (fixture, path, 0, data, length, NULL);
  g_assert_cmpuint (done->status, ==, 204);
  assert_photo_stored (fixture);

  after = put_again (fixture, "?uploads=create");
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (hub_test_response_object (after),
                                                                         "uploads")), ==, 0);
  plain = put_again (fixture, "");
  g_assert_cmpuint (plain->status, ==, 200);
  g_assert_false (json_object_has_member (hub_test_response_object (plain), "uploads"));
}

/* Upload-Checksum: a matching chunk is kept, a mismatching one is 460
 * and leaves the offset where it was. */
static void
test_checksums (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);
  gsize half = length / 2;
  g_autofree char *first_sha1 = checksum_header ("sha1", G_CHECKSUM_SHA1, data, half);
  g_autofree char *wrong = checksum_header ("sha256", G_CHECKSUM_SHA256, data, half);
  g_autofree char *second_sha256 = checksum_header ("sha256", G_CHECKSUM_SHA256, data + half, length - half);
  g_autoptr(HubTestResponse) first = NULL;
  g_autoptr(HubTestResponse) mismatch = NULL;
  g_autoptr(HubTestResponse) second = NULL;

  first = patch (fixture, path, 0, data, half, first_sha1);
  g_assert_cmpuint (first->status, ==, 204);
  g_assert_cmpint (head_offset (fixture, path), ==, half);

  mismatch = patch (fixture, path, half, data + half, length - half, wrong);
  hub_test_assert_error (mismatch, 460, "checksum_mismatch");
  g_assert_cmpint (head_offset (fixture, path), ==, half);

  second = patch (fixture, path, half, data + half, length - half, second_sha256);
  g_assert_cmpuint (second->status, ==, 204);
  assert_photo_stored (fixture);
}

/* Wrong offsets, types, versions and checksums: the right 4xx, nothing
 * written. */
static void
test_bad_patches (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autofree char *other = hub_test_hub_enroll (fixture->hub, "officer", NULL, NULL);
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);
  g_autoptr(HubTestResponse) wrong_offset = NULL;
  g_autoptr(HubTestResponse) wrong_type = NULL;
  g_autoptr(HubTestResponse) no_version = NULL;
  g_autoptr(HubTestResponse) bad_checksum = NULL;
  g_autoptr(HubTestResponse) md5 = NULL;
  g_autoptr(HubTestResponse) too_long = NULL;
  g_autoptr(HubTestResponse) unknown = NULL;
  g_autoptr(HubTestResponse) foreign = NULL;
  g_autoptr(HubTestResponse) not_an_id = NULL;
  g_autoptr(GBytes) longer = hub_test_make_photo (length + 10, 2);

  wrong_offset = patch (fixture, path, 1000, data, 100, NULL);
  hub_test_assert_error (wrong_offset, 409, "offset_mismatch");
  g_assert_cmpstr (soup_message_headers_get_one (wrong_offset->headers, "Upload-Offset"), ==, "0");

  wrong_type = hub_test_request (fixture->hub, "PATCH", path, fixture->token, "application/octet-stream",
                                 data, 100, "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL);
  hub_test_assert_error (wrong_type, 415, "wrong_content_type");

  no_version = hub_test_request (fixture->hub, "PATCH", path, fixture->token, OFFSET_TYPE,
                                 data, 100, "Upload-Offset", "0", NULL);
  hub_test_assert_error (no_version, 412, "tus_version");
  g_assert_cmpstr (soup_message_headers_get_one (no_version->headers, "Tus-Version"), ==, "1.0.0");

  bad_checksum = patch (fixture, path, 0, data, 100, "sha256 not!base64");
  hub_test_assert_error (bad_checksum, 400, "invalid_checksum");
  md5 = patch (fixture, path, 0, data, 100, "md5 1B2M2Y8AsgTpgAmY7PhCfg==");
  hub_test_assert_error (md5, 400, "invalid_checksum");

  too_long = patch (fixture, path, 0, g_bytes_get_data (longer, NULL), length + 10, NULL);
  hub_test_assert_error (too_long, 413, "exceeds_upload_length");

  unknown = patch (fixture, "/v1/uploads/0123456789abcdef0123456789abcdef", 0, data, 100, NULL);
  hub_test_assert_error (unknown, 404, "not_found");

  foreign = hub_test_request (fixture->hub, "PATCH", path, other, OFFSET_TYPE, data, 100,
                              "Tus-Resumable", "1.0.0", "Upload-Offset", "0", NULL);
  hub_test_assert_error (foreign, 404, "not_found");

  not_an_id = patch (fixture, "/v1/uploads/ABC", 0, data, 100, NULL);
  hub_test_assert_error (not_an_id, 404, "not_found");

  g_assert_cmpint (head_offset (fixture, path), ==, 0);
}

/* Creation checks the complaint, the photo and the size first. */
static void
test_create_refused (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *uuid64 = hub_test_base64 (fixture->complaint->uuid);
  g_autofree char *sha64 = hub_test_base64 (fixture->sha256);
  g_autofree char *unknown_uuid = g_uuid_string_random ();
  g_autofree char *unknown64 = hub_test_base64 (unknown_uuid);
  g_autofree char *other_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "other", -1);
  g_autofree char *other64 = hub_test_base64 (other_sha);
  g_autofree char *good = g_strdup_printf ("complaint %s,sha256 %s", uuid64, sha64);
  g_autofree char *no_complaint = g_strdup_printf ("complaint %s,sha256 %s", unknown64, sha64);
  g_autofree char *not_listed = g_strdup_printf ("complaint %s,sha256 %s", uuid64, other64);
  static const struct
  {
    const char *length;
    int         metadata;  /* 0 good, 1 unknown complaint, 2 photo not listed, 3 broken, 4 none */
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { NULL, 0, 400, "invalid_length", NULL },
    { "-5", 0, 400, "invalid_length", NULL },
    { "999999999", 0, 413, "too_large", NULL },
    { "307200", 1, 422, "invalid_field", "complaint" },
    { "307200", 2, 422, "invalid_field", "sha256" },
    { "1000", 0, 422, "invalid_field", "Upload-Length" },
    { "307200", 3, 400, "invalid_metadata", NULL },
    { "307200", 4, 422, "invalid_field", "complaint" },
  };
  g_autoptr(HubTestResponse) deferred = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *metadata[] = { good, no_complaint, not_listed, "complaint ***,sha256", NULL };
      g_autoptr(HubTestResponse) response = NULL;

      response = hub_test_request (fixture->hub, "POST", "/v1/uploads", fixture->token, NULL, NULL, 0,
                                   "Tus-Resumable", "1.0.0",
                                   "Upload-Metadata", metadata[cases[i].metadata] != NULL ? metadata[cases[i].metadata] : "",
                                   cases[i].length != NULL ? "Upload-Length" : NULL, cases[i].length,
                                   NULL);
      g_test_message ("case %u", i);
      hub_test_assert_error (response, cases[i].status, cases[i].code);
      if (cases[i].field != NULL)
        g_assert_cmpstr (json_object_get_string_member (hub_test_response_object (response), "field"), ==,
                         cases[i].field);
    }

  deferred = hub_test_request (fixture->hub, "POST", "/v1/uploads", fixture->token, NULL, NULL, 0,
                               "Tus-Resumable", "1.0.0", "Upload-Defer-Length", "1",
                               "Upload-Metadata", good, NULL);
  hub_test_assert_error (deferred, 400, "defer_length_unsupported");
}

static void
wait_for_offset (Fixture    *fixture,
                 const char *path,
                 gint64      expected)
{
  /* The hub sees the dropped connection on its own time. */
  for (guint i = 0; i < 200 && head_offset (fixture, path) != expected; i++)
    g_usleep (10 * 1000);

  g_assert_cmpint (head_offset (fixture, path), ==, expected);
}

/* A connection that drops halfway keeps what it delivered; the upload
 * resumes from there. With a checksum the half chunk is dropped instead. */
static void
test_resume_after_drop (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);
  gsize sent = 100 * 1024;
  g_autofree char *checksum = checksum_header ("sha256", G_CHECKSUM_SHA256, data + sent, length - sent);
  g_autoptr(GString) request = g_string_new (NULL);
  g_autofree char *answer = NULL;
  g_autoptr(HubTestResponse) rest = NULL;

  g_string_append_printf (request,
                          "PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                          "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: " OFFSET_TYPE "\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          path, fixture->token, length);
  g_string_append_len (request, (const char *) data, sent);
  answer = hub_test_raw (fixture->hub, request->str, request->len, TRUE);
  g_assert_false (g_str_has_prefix (answer, "HTTP/1.1 2"));
  wait_for_offset (fixture, path, sent);

  /* Now a drop with a checksum: all or nothing. */
  g_string_truncate (request, 0);
  g_string_append_printf (request,
                          "PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                          "Tus-Resumable: 1.0.0\r\nUpload-Offset: %" G_GSIZE_FORMAT "\r\n"
                          "Content-Type: " OFFSET_TYPE "\r\nUpload-Checksum: %s\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          path, fixture->token, sent, checksum, length - sent);
  g_string_append_len (request, (const char *) data + sent, 1000);
  g_free (answer);
  answer = hub_test_raw (fixture->hub, request->str, request->len, TRUE);
  wait_for_offset (fixture, path, sent);

  rest = patch (fixture, path, sent, data + sent, length - sent, checksum);
  g_assert_cmpuint (rest->status, ==, 204);
  assert_photo_stored (fixture);
}

/* A file whose SHA-256 is not the declared one is never attached. */
static void
test_hash_mismatch (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autoptr(GBytes) impostor = hub_test_make_photo (PHOTO_SIZE, 99);
  g_autofree char *file = g_build_filename (fixture->hub->data_dir, "photos", fixture->sha256, NULL);
  g_autoptr(HubTestResponse) done = NULL;
  g_autoptr(HubTestResponse) head = NULL;

  done = patch (fixture, path, 0, g_bytes_get_data (impostor, NULL), PHOTO_SIZE, NULL);
  hub_test_assert_error (done, 422, "sha256_mismatch");

  head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (head->status, ==, 404);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

static guint
count_photo_files (Fixture *fixture)
{
  g_autofree char *folder = g_build_filename (fixture->hub->data_dir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* The same photo for two complaints is stored once and attached to both. */
static void
test_dedupe (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(AduanComplaint) second = hub_test_make_complaint (fixture->prefix, 2);
  g_autoptr(HubTestResponse) put = NULL;
  g_autoptr(HubTestResponse) first_done = NULL;
  g_autoptr(HubTestResponse) second_done = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *second_record = NULL;
  g_autoptr(HubTestResponse) record = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);

  g_ptr_array_add (second->photos, hub_test_photo_ref (fixture->photo));
  put = hub_test_put_complaint (fixture->hub, fixture->token, second);
  g_assert_cmpuint (put->status, ==, 201);

  first_path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid, fixture->photo);
  second_path = hub_test_tus_create (fixture->hub, fixture->token, second->uuid, fixture->photo);
  first_done = patch (fixture, first_path, 0, data, length, NULL);
  second_done = patch (fixture, second_path, 0, data, length, NULL);
  g_assert_cmpuint (first_done->status, ==, 204);
  g_assert_cmpuint (second_done->status, ==, 204);

  g_assert_cmpuint (count_photo_files (fixture), ==, 1);
  assert_photo_stored (fixture);

  second_record = g_strconcat ("/v1/complaints/", second->uuid, NULL);
  record = hub_test_request (fixture->hub, "GET", second_record, fixture->token, NULL, NULL, 0, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (hub_test_response_object (record),
                                                                         "missing_photos")), ==, 0);
}

/* DELETE ends an upload and throws its bytes away. */
static void
test_terminate (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autoptr(HubTestResponse) part = patch (fixture, path, 0, g_bytes_get_data (fixture->photo, NULL), 1000, NULL);
  g_autoptr(HubTestResponse) deleted = NULL;
  g_autoptr(HubTestResponse) head = NULL;
  g_autoptr(HubTestResponse) again = NULL;
  g_autofree char *file = g_build_filename (fixture->hub->data_dir, "uploads", path + strlen ("/v1/uploads/"), NULL);

  g_assert_cmpuint (part->status, ==, 204);
  g_assert_true (g_file_test (file, G_FILE_TEST_EXISTS));

  deleted = hub_test_request (fixture->hub, "DELETE", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (deleted->status, ==, 204);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));

  head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (head->status, ==, 404);
  again = hub_test_request (fixture->hub, "DELETE", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  hub_test_assert_error (again, 404, "not_found");
}

/* An unfinished upload expires: 410, then it is cleaned away. */
static void
test_expire (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autoptr(HubTestResponse) gone_head = NULL;
  g_autoptr(HubTestResponse) gone_patch = NULL;
  g_autoptr(HubTestResponse) cleaned = NULL;
  g_autofree char *data_dir = g_strdup (fixture->hub->data_dir);

  g_usleep (1200 * 1000);

  gone_head = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (gone_head->status, ==, 410);
  gone_patch = patch (fixture, path, 0, g_bytes_get_data (fixture->photo, NULL), 100, NULL);
  hub_test_assert_error (gone_patch, 410, "upload_expired");

  /* The clean-up runs at start and every few minutes. */
  hub_test_hub_stop (fixture->hub);
  fixture->hub = hub_test_hub_start (data_dir, user_data, NULL);
  cleaned = hub_test_request (fixture->hub, "HEAD", path, fixture->token, NULL, NULL, 0, "Tus-Resumable", "1.0.0", NULL);
  g_assert_cmpuint (cleaned->status, ==, 404);
}

/* X-HTTP-Method-Override lets a client that cannot PATCH use POST. */
static void
test_method_override (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);
  g_autoptr(HubTestResponse) done = NULL;

  done = hub_test_request (fixture->hub, "POST", path, fixture->token, OFFSET_TYPE, data, length,
                           "X-HTTP-Method-Override", "PATCH", "Tus-Resumable", "1.0.0",
                           "Upload-Offset", "0", NULL);
  g_assert_cmpuint (done->status, ==, 204);
  assert_photo_stored (fixture);
}

/* Two PATCHes on one connection: a 204 must not close it (libsoup 3.2
 * would, and a client reusing the connection would meet EPIPE). */
static void
test_keep_alive (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = hub_test_tus_create (fixture->hub, fixture->token, fixture->complaint->uuid,
                                               fixture->photo);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  const guint8 *data = g_bytes_get_data (fixture->photo, &length);
  gsize half = length / 2;
  GInputStream *input;
  GOutputStream *output;

  g_socket_client_set_enable_proxy (client, FALSE);
  g_socket_client_set_timeout (client, 10);
  connection = g_socket_client_connect_to_host (client, fixture->hub->url + strlen ("http://"), 80, NULL, &error);
  g_assert_no_error (error);
  input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  output = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *headers = g_strdup_printf ("PATCH %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                  "Authorization: Bearer %s\r\nTus-Resumable: 1.0.0\r\n"
                                                  "Upload-Offset: %" G_GSIZE_FORMAT "\r\n"
                                                  "Content-Type: " OFFSET_TYPE "\r\n"
                                                  "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                                  path, fixture->token, i * half,
                                                  i == 0 ? half : length - half);
      char answer[1024];
      gsize got = 0;

      g_output_stream_write_all (output, headers, strlen (headers), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (output, data + i * half, i == 0 ? half : length - half, NULL, NULL, &error);
      g_assert_no_error (error);

      /* A 204 is all headers. */
      while (got < sizeof answer - 1 && g_strstr_len (answer, got, "\r\n\r\n") == NULL)
        {
          gssize n = g_input_stream_read (input, answer + got, sizeof answer - 1 - got, NULL, &error);

          g_assert_no_error (error);
          g_assert_cmpint (n, >, 0);
          got += n;
        }
      answer[got] = '\0';
      g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 204 "));
      g_assert_null (strstr (answer, "Connection: close"));
    }

  assert_photo_stored (fixture);
}

int
main (int    argc,
      char **argv)
{
  static const char * const short_expiry[] = { "--upload-expiry", "1s", NULL };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func) g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub/tus/options", NULL, test_options);
  ADD ("/hub/tus/upload-whole", NULL, test_upload_whole);
  ADD ("/hub/tus/offered-upload", NULL, test_offered_upload);
  ADD ("/hub/tus/checksums", NULL, test_checksums);
  ADD ("/hub/tus/bad-patches", NULL, test_bad_patches);
  ADD ("/hub/tus/create-refused", NULL, test_create_refused);
  ADD ("/hub/tus/resume-after-drop", NULL, test_resume_after_drop);
  ADD ("/hub/tus/hash-mismatch", NULL, test_hash_mismatch);
  ADD ("/hub/tus/dedupe", NULL, test_dedupe);
  ADD ("/hub/tus/terminate", NULL, test_terminate);
  ADD ("/hub/tus/expire", short_expiry, test_expire);
  ADD ("/hub/tus/method-override", NULL, test_method_override);
  ADD ("/hub/tus/keep-alive", NULL, test_keep_alive);
#undef ADD

  return g_test_run ();
}
