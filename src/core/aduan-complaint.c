/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-area-index.h"
#include "aduan-catalog.h"
#include "aduan-complaint.h"
#include "aduan-error.h"
#include "aduan-json.h"
#include "aduan-tracking-code.h"

/* A complaint may not claim to have happened further ahead than this:
 * clocks on field laptops drift, but not by hours. */
#define FUTURE_TOLERANCE_USEC ((gint64) G_USEC_PER_SEC * 60 * 60)

G_DEFINE_BOXED_TYPE (AduanComplaint, aduan_complaint, aduan_complaint_copy, aduan_complaint_free)

AduanPhotoRef *
aduan_photo_ref_new (const char *sha256,
                     gint64      size,
                     const char *content_type)
{
  AduanPhotoRef *ref = g_new0 (AduanPhotoRef, 1);

  ref->sha256 = g_strdup (sha256);
  ref->size = size;
  ref->content_type = g_strdup (content_type ? content_type : "image/jpeg");

  return ref;
}

AduanPhotoRef *
aduan_photo_ref_copy (const AduanPhotoRef *ref)
{
  g_return_val_if_fail (ref != NULL, NULL);

  return aduan_photo_ref_new (ref->sha256, ref->size, ref->content_type);
}

void
aduan_photo_ref_free (AduanPhotoRef *ref)
{
  if (ref == NULL)
    return;

  g_free (ref->sha256);
  g_free (ref->content_type);
  g_free (ref);
}

/**
 * aduan_complaint_new:
 *
 * Returns: (transfer full): an empty complaint: kind complaint, channel
 *   field visit, no location
 */
AduanComplaint *
aduan_complaint_new (void)
{
  AduanComplaint *complaint = g_new0 (AduanComplaint, 1);

  complaint->kind = ADUAN_REPORT_KIND_COMPLAINT;
  complaint->channel = ADUAN_CHANNEL_FIELD_VISIT;
  complaint->accuracy_m = -1;
  complaint->location_source = ADUAN_LOCATION_SOURCE_NONE;
  complaint->sync_state = ADUAN_SYNC_STATE_WAITING;
  complaint->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_photo_ref_free);

  return complaint;
}

AduanComplaint *
aduan_complaint_copy (const AduanComplaint *complaint)
{
  AduanComplaint *copy;

  g_return_val_if_fail (complaint != NULL, NULL);

  copy = g_new0 (AduanComplaint, 1);
  *copy = *complaint;

  copy->uuid = g_strdup (complaint->uuid);
  copy->tracking_code = g_strdup (complaint->tracking_code);
  copy->category = g_strdup (complaint->category);
  copy->title = g_strdup (complaint->title);
  copy->description = g_strdup (complaint->description);
  copy->reporter_name = g_strdup (complaint->reporter_name);
  copy->reporter_phone = g_strdup (complaint->reporter_phone);
  copy->reporter_nik = g_strdup (complaint->reporter_nik);
  copy->reporter_address = g_strdup (complaint->reporter_address);
  copy->village_code = g_strdup (complaint->village_code);
  copy->officer = g_strdup (complaint->officer);
  copy->village_label = g_strdup (complaint->village_label);
  copy->photos = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_photo_ref_free);
  for (guint i = 0; complaint->photos != NULL && i < complaint->photos->len; i++)
    g_ptr_array_add (copy->photos, aduan_photo_ref_copy (g_ptr_array_index (complaint->photos, i)));

  return copy;
}

void
aduan_complaint_free (AduanComplaint *complaint)
{
  if (complaint == NULL)
    return;

  g_free (complaint->uuid);
  g_free (complaint->tracking_code);
  g_free (complaint->category);
  g_free (complaint->title);
  g_free (complaint->description);
  g_free (complaint->reporter_name);
  g_free (complaint->reporter_phone);
  g_free (complaint->reporter_nik);
  g_free (complaint->reporter_address);
  g_free (complaint->village_code);
  g_free (complaint->officer);
  g_free (complaint->village_label);
  g_clear_pointer (&complaint->photos, g_ptr_array_unref);
  g_free (complaint);
}

/**
 * aduan_complaint_set_string:
 * @field: (inout): a string field of a complaint
 * @value: (nullable): the new value; an empty string is stored as %NULL
 */
void
aduan_complaint_set_string (char       **field,
                            const char  *value)
{
  g_free (*field);
  *field = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

/**
 * aduan_complaint_clear_reporter:
 *
 * Forgets everything that identifies the reporter, as an anonymous report
 * must.
 */
void
aduan_complaint_clear_reporter (AduanComplaint *complaint)
{
  g_return_if_fail (complaint != NULL);

  g_clear_pointer (&complaint->reporter_name, g_free);
  g_clear_pointer (&complaint->reporter_phone, g_free);
  g_clear_pointer (&complaint->reporter_nik, g_free);
  g_clear_pointer (&complaint->reporter_address, g_free);
}

void
aduan_field_error_free (AduanFieldError *error)
{
  if (error == NULL)
    return;

  g_free (error->field);
  g_free (error->message);
  g_free (error);
}

static void
add_issue (GPtrArray  *issues,
           const char *field,
           char       *message)
{
  AduanFieldError *issue = g_new0 (AduanFieldError, 1);

  issue->field = g_strdup (field);
  issue->message = message;
  g_ptr_array_add (issues, issue);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* Checks text for what a person cannot see but a database or a receipt
 * printer chokes on: invalid UTF-8, control characters, and sheer size. */
static void
check_text (GPtrArray  *issues,
            const char *field,
            const char *label,
            const char *text,
            gboolean    required,
            gboolean    multiline,
            glong       max_chars)
{
  glong n_chars;

  if (is_blank (text))
    {
      if (required)
        add_issue (issues, field, g_strdup_printf (_("%s is required"), label));
      return;
    }

  if (!g_utf8_validate (text, -1, NULL))
    {
      add_issue (issues, field, g_strdup_printf (_("%s contains characters that are not valid text (invalid UTF-8)"), label));
      return;
    }

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars > max_chars)
    {
      add_issue (issues, field,
                 g_strdup_printf (_("%s is too long: %ld characters, at most %ld are allowed"),
                                  label, n_chars, max_chars));
      return;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (multiline && (c == '\n' || c == '\t' || c == '\r'))
        continue;
      if (g_unichar_iscntrl (c))
        {
          add_issue (issues, field, g_strdup_printf (_("%s contains control characters"), label));
          return;
        }
    }
}

static gboolean
is_phone_number (const char *phone)
{
  guint digits = 0;

  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == phone)
        continue;
      else if (*p != ' ' && *p != '-')
        return FALSE;
    }

  return digits >= 6 && digits <= 15;
}

static gboolean
is_nik (const char *nik)
{
  if (strlen (nik) != 16)
    return FALSE;

  for (const char *p = nik; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  /* The first two digits are a province code; none is below 11. */
  return g_ascii_digit_value (nik[0]) >= 1 && !(nik[0] == '1' && nik[1] == '0');
}

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;

  return TRUE;
}

static gboolean
is_category_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

/**
 * aduan_complaint_check:
 * @complaint: a complaint
 * @catalog: (nullable): categories to check against
 * @areas: (nullable): villages to check against
 *
 * Checks every field and says, per field, what is wrong, in words a person
 * can act on. The form shows these inline; the hub answers them as 422.
 *
 * Returns: (transfer full) (element-type AduanFieldError): the problems,
 *   empty when the complaint may be saved
 */
GPtrArray *
aduan_complaint_check (const AduanComplaint *complaint,
                       AduanCatalog         *catalog,
                       AduanAreaIndex       *areas)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) aduan_field_error_free);
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (complaint != NULL, NULL);

  if (complaint->uuid != NULL && !g_uuid_string_is_valid (complaint->uuid))
    add_issue (issues, "uuid", g_strdup (_("The identifier is not a valid UUID")));

  if (complaint->tracking_code != NULL && !aduan_tracking_code_is_valid (complaint->tracking_code))
    add_issue (issues, "tracking_code", g_strdup (_("The tracking code is not valid")));

  if ((guint) complaint->kind >= ADUAN_REPORT_KIND_N)
    add_issue (issues, "kind", g_strdup (_("Choose what kind of report this is")));

  if ((guint) complaint->channel >= ADUAN_CHANNEL_N)
    add_issue (issues, "channel", g_strdup (_("Choose the channel the report came by")));

  if (is_blank (complaint->category))
    add_issue (issues, "category", g_strdup (_("Choose a category")));
  else if (!is_category_id (complaint->category))
    add_issue (issues, "category", g_strdup (_("The category is not valid")));
  else if (catalog != NULL && aduan_catalog_lookup_category (catalog, complaint->category) == NULL)
    add_issue (issues, "category", g_strdup_printf (_("The category “%s” is unknown"), complaint->category));

  check_text (issues, "title", _("The title"), complaint->title, TRUE, FALSE, ADUAN_TITLE_MAX_CHARS);
  check_text (issues, "description", _("The description"), complaint->description, TRUE, TRUE, ADUAN_DESCRIPTION_MAX_CHARS);
  check_text (issues, "officer", _("The officer’s name"), complaint->officer, FALSE, FALSE, ADUAN_OFFICER_MAX_CHARS);

  if (complaint->anonymous)
    {
      if (!is_blank (complaint->reporter_name) || !is_blank (complaint->reporter_phone) ||
          !is_blank (complaint->reporter_nik) || !is_blank (complaint->reporter_address))
        add_issue (issues, "reporter", g_strdup (_("An anonymous report keeps no name, phone, NIK or address")));
    }
  else
    {
      check_text (issues, "reporter.name", _("The reporter’s name"), complaint->reporter_name, TRUE, FALSE, ADUAN_NAME_MAX_CHARS);
      check_text (issues, "reporter.address", _("The address"), complaint->reporter_address, FALSE, TRUE, ADUAN_ADDRESS_MAX_CHARS);

      if (!is_blank (complaint->reporter_phone) &&
          (!g_utf8_validate (complaint->reporter_phone, -1, NULL) || !is_phone_number (complaint->reporter_phone)))
        add_issue (issues, "reporter.phone", g_strdup (_("A phone number has 6 to 15 digits, such as 0812 3456 7890")));

      if (!is_blank (complaint->reporter_nik) && !is_nik (complaint->reporter_nik))
        add_issue (issues, "reporter.nik", g_strdup (_("A NIK has exactly 16 digits")));
    }

  if (complaint->village_code != NULL)
    {
      if (!g_utf8_validate (complaint->village_code, -1, NULL) ||
          !aduan_village_code_is_well_formed (complaint->village_code))
        add_issue (issues, "village_code", g_strdup (_("A village code looks like 35.77.01.1001")));
      else if (areas != NULL)
        {
          g_autoptr(AduanVillage) village = aduan_area_index_lookup (areas, complaint->village_code, NULL);

          if (village == NULL)
            add_issue (issues, "village_code",
                       g_strdup_printf (_("There is no village with the code %s"), complaint->village_code));
        }
    }

  if (complaint->has_location)
    {
      if (!isfinite (complaint->latitude) || complaint->latitude < -90 || complaint->latitude > 90 ||
          !isfinite (complaint->longitude) || complaint->longitude < -180 || complaint->longitude > 180)
        add_issue (issues, "location", g_strdup (_("The coordinates are out of range")));
      else if (!isfinite (complaint->accuracy_m) || complaint->accuracy_m > 1e7)
        add_issue (issues, "location", g_strdup (_("The location’s accuracy is not a sensible number of metres")));
      else if ((guint) complaint->location_source >= ADUAN_LOCATION_SOURCE_N ||
               complaint->location_source == ADUAN_LOCATION_SOURCE_NONE)
        add_issue (issues, "location", g_strdup (_("Say where the location came from")));
    }

  if (complaint->occurred_at > now + FUTURE_TOLERANCE_USEC)
    add_issue (issues, "occurred_at", g_strdup (_("The time it happened is in the future")));

  if (complaint->photos != NULL)
    {
      if (complaint->photos->len > ADUAN_MAX_PHOTOS)
        add_issue (issues, "photos", g_strdup_printf (_("At most %d photos can be attached"), ADUAN_MAX_PHOTOS));

      for (guint i = 0; i < complaint->photos->len; i++)
        {
          const AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, i);

          if (!is_sha256_hex (ref->sha256) || ref->size <= 0)
            {
              add_issue (issues, "photos", g_strdup (_("A photo reference is not valid")));
              break;
            }
        }
    }

  return g_steal_pointer (&issues);
}

/**
 * aduan_complaint_validate:
 *
 * Like aduan_complaint_check(), but as a #GError
 * (%ADUAN_ERROR_INVALID_FIELD) about the first problem, its message
 * starting with the field's name.
 *
 * Returns: %TRUE if the complaint may be saved
 */
gboolean
aduan_complaint_validate (const AduanComplaint *complaint,
                          AduanCatalog         *catalog,
                          AduanAreaIndex       *areas,
                          GError              **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  const AduanFieldError *first;

  g_return_val_if_fail (complaint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  issues = aduan_complaint_check (complaint, catalog, areas);
  if (issues->len == 0)
    return TRUE;

  first = g_ptr_array_index (issues, 0);
  g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD, "%s: %s", first->field, first->message);
  return FALSE;
}

char *
aduan_format_time_iso8601 (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) precise = NULL;

  if (dt == NULL)
    return NULL;

  precise = g_date_time_add (dt, usec % G_USEC_PER_SEC);
  return g_date_time_format_iso8601 (precise);
}

gboolean
aduan_parse_time_iso8601 (const char *text,
                          gint64     *out_usec)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  /* No default zone: a time without an offset is ambiguous on the wire. */
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;

  *out_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
  return TRUE;
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       usec)
{
  json_builder_set_member_name (builder, name);
  if (usec != 0)
    {
      g_autofree char *text = aduan_format_time_iso8601 (usec);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * aduan_complaint_to_json:
 * @complaint: a complaint
 * @flags: %ADUAN_JSON_WIRE for what the hub receives
 *
 * The one JSON form of a complaint, used on the wire, in exports and by
 * `aduanctl --json`. Members come in a fixed order, so the same complaint
 * always gives the same text.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
aduan_complaint_to_json (const AduanComplaint *complaint,
                         AduanJsonFlags        flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (complaint != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "uuid", complaint->uuid);
  add_string (builder, "tracking_code", complaint->tracking_code);
  add_string (builder, "kind", aduan_report_kind_to_string (complaint->kind));
  add_string (builder, "category", complaint->category);
  add_string (builder, "title", complaint->title);
  add_string (builder, "description", complaint->description);

  json_builder_set_member_name (builder, "reporter");
  if (complaint->anonymous)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_object (builder);
      add_string (builder, "name", complaint->reporter_name);
      add_string (builder, "phone", complaint->reporter_phone);
      add_string (builder, "nik", complaint->reporter_nik);
      add_string (builder, "address", complaint->reporter_address);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "anonymous");
  json_builder_add_boolean_value (builder, complaint->anonymous);
  json_builder_set_member_name (builder, "confidential");
  json_builder_add_boolean_value (builder, complaint->confidential);
  add_string (builder, "channel", aduan_channel_to_string (complaint->channel));
  add_string (builder, "village_code", complaint->village_code);

  json_builder_set_member_name (builder, "location");
  if (complaint->has_location)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "latitude");
      json_builder_add_double_value (builder, complaint->latitude);
      json_builder_set_member_name (builder, "longitude");
      json_builder_add_double_value (builder, complaint->longitude);
      json_builder_set_member_name (builder, "accuracy_m");
      if (complaint->accuracy_m >= 0)
        json_builder_add_double_value (builder, complaint->accuracy_m);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "source", aduan_location_source_to_string (complaint->location_source));
      add_time (builder, "fixed_at", complaint->location_time);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  add_time (builder, "occurred_at", complaint->occurred_at);
  add_time (builder, "created_at", complaint->created_at);
  add_string (builder, "officer", complaint->officer);

  json_builder_set_member_name (builder, "photos");
  json_builder_begin_array (builder);
  for (guint i = 0; complaint->photos != NULL && i < complaint->photos->len; i++)
    {
      const AduanPhotoRef *ref = g_ptr_array_index (complaint->photos, i);

      json_builder_begin_object (builder);
      add_string (builder, "sha256", ref->sha256);
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, ref->size);
      add_string (builder, "content_type", ref->content_type);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (flags & ADUAN_JSON_LOCAL)
    {
      add_time (builder, "updated_at", complaint->updated_at);
      add_string (builder, "sync_state", aduan_sync_state_to_string (complaint->sync_state));
      add_string (builder, "village_label", complaint->village_label);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
aduan_complaint_to_json_string (const AduanComplaint *complaint,
                                AduanJsonFlags        flags,
                                gboolean              pretty)
{
  g_autoptr(JsonNode) node = aduan_complaint_to_json (complaint, flags);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);

  return json_generator_to_data (generator, NULL);
}

/* Reading is strict about types, so a hub never stores "12" where a number
 * belongs; members it does not know are ignored, so newer devices can add
 * fields without breaking older hubs. */

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char  *path,
             gboolean     required,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("%s: this field is required"), path);
          return FALSE;
        }
      *out = NULL;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be a string"), path);
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  if (**out == '\0')
    g_clear_pointer (out, g_free);

  return TRUE;
}

static gboolean
read_bool (JsonObject  *object,
           const char  *member,
           gboolean    *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be true or false"), member);
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             const char  *path,
             gboolean     required,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                       _("%s: this field is required"), path);
          return FALSE;
        }
      return TRUE;
    }

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be a number"), path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_time (JsonObject  *object,
           const char  *member,
           const char  *path,
           gint64      *out,
           GError     **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, member, path, FALSE, &text, error))
    return FALSE;

  if (text == NULL)
    {
      *out = 0;
      return TRUE;
    }

  if (!aduan_parse_time_iso8601 (text, out))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be a time such as 2026-11-23T09:30:00+07:00"), path);
      return FALSE;
    }

  return TRUE;
}

static JsonObject *
read_object (JsonObject  *object,
             const char  *member,
             gboolean    *present,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("%s: must be an object"), member);
      return NULL;
    }

  *present = TRUE;
  return json_node_get_object (node);
}

/**
 * aduan_complaint_from_json:
 * @node: a JSON object in the form aduan_complaint_to_json() writes
 * @error: return location for a #GError
 *
 * Reads a complaint and checks its fields (without catalog or village
 * index). A wrong type, a missing member or a bad value is an
 * %ADUAN_ERROR_INVALID_FIELD whose message starts with the field's name.
 *
 * Returns: (transfer full) (nullable): the complaint
 */
AduanComplaint *
aduan_complaint_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(AduanComplaint) complaint = aduan_complaint_new ();
  g_autofree char *kind = NULL;
  g_autofree char *channel = NULL;
  JsonObject *object;
  JsonObject *reporter;
  JsonObject *location;
  JsonNode *photos;
  gboolean present;
  GError *local_error = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                           _("A complaint must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "uuid", "uuid", TRUE, &complaint->uuid, error) ||
      !read_string (object, "tracking_code", "tracking_code", TRUE, &complaint->tracking_code, error) ||
      !read_string (object, "kind", "kind", TRUE, &kind, error) ||
      !read_string (object, "category", "category", TRUE, &complaint->category, error) ||
      !read_string (object, "title", "title", TRUE, &complaint->title, error) ||
      !read_string (object, "description", "description", TRUE, &complaint->description, error) ||
      !read_bool (object, "anonymous", &complaint->anonymous, error) ||
      !read_bool (object, "confidential", &complaint->confidential, error) ||
      !read_string (object, "channel", "channel", TRUE, &channel, error) ||
      !read_string (object, "village_code", "village_code", FALSE, &complaint->village_code, error) ||
      !read_time (object, "occurred_at", "occurred_at", &complaint->occurred_at, error) ||
      !read_time (object, "created_at", "created_at", &complaint->created_at, error) ||
      !read_string (object, "officer", "officer", FALSE, &complaint->officer, error))
    return NULL;

  if (!aduan_report_kind_from_string (kind, &complaint->kind))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("kind: must be complaint, aspiration or information-request"));
      return NULL;
    }

  if (!aduan_channel_from_string (channel, &complaint->channel))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                   _("channel: “%s” is not a known channel"), g_utf8_validate (channel, -1, NULL) ? channel : "?");
      return NULL;
    }

  reporter = read_object (object, "reporter", &present, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (present &&
      (!read_string (reporter, "name", "reporter.name", FALSE, &complaint->reporter_name, error) ||
       !read_string (reporter, "phone", "reporter.phone", FALSE, &complaint->reporter_phone, error) ||
       !read_string (reporter, "nik", "reporter.nik", FALSE, &complaint->reporter_nik, error) ||
       !read_string (reporter, "address", "reporter.address", FALSE, &complaint->reporter_address, error)))
    return NULL;

  location = read_object (object, "location", &present, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (present)
    {
      g_autofree char *source = NULL;

      complaint->has_location = TRUE;
      if (!read_number (location, "latitude", "location.latitude", TRUE, &complaint->latitude, error) ||
          !read_number (location, "longitude", "location.longitude", TRUE, &complaint->longitude, error) ||
          !read_number (location, "accuracy_m", "location.accuracy_m", FALSE, &complaint->accuracy_m, error) ||
          !read_string (location, "source", "location.source", TRUE, &source, error) ||
          !read_time (location, "fixed_at", "location.fixed_at", &complaint->location_time, error))
        return NULL;

      if (!aduan_location_source_from_string (source, &complaint->location_source))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("location.source: not a known location source"));
          return NULL;
        }
    }

  photos = json_object_get_member (object, "photos");
  if (photos != NULL && !JSON_NODE_HOLDS_NULL (photos))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (photos))
        {
          g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                               _("photos: must be an array"));
          return NULL;
        }

      array = json_node_get_array (photos);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *sha256 = NULL;
          g_autofree char *content_type = NULL;
          double size = 0;
          JsonObject *photo;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_FIELD,
                                   _("photos: each photo must be an object"));
              return NULL;
            }
          photo = json_node_get_object (element);
          if (!read_string (photo, "sha256", "photos.sha256", TRUE, &sha256, error) ||
              !read_number (photo, "size", "photos.size", TRUE, &size, error) ||
              !read_string (photo, "content_type", "photos.content_type", FALSE, &content_type, error))
            return NULL;

          g_ptr_array_add (complaint->photos, aduan_photo_ref_new (sha256, (gint64) size, content_type));
        }
    }

  if (!aduan_complaint_validate (complaint, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&complaint);
}

/**
 * aduan_complaint_from_data:
 * @data: JSON text
 * @length: its length, or -1 if nul-terminated
 * @error: return location for a #GError
 *
 * Parses and reads a complaint. Text that is not valid UTF-8 or not JSON is
 * an %ADUAN_ERROR_INVALID_JSON.
 *
 * Returns: (transfer full) (nullable): the complaint
 */
AduanComplaint *
aduan_complaint_from_data (const char  *data,
                           gssize       length,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = (gssize) strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                           _("The complaint is not valid UTF-8 text"));
      return NULL;
    }

  /* A complaint nests three deep; anything much deeper is hostile. */
  if (!aduan_json_check_depth (data, length, 16, error))
    return NULL;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, ADUAN_ERROR, ADUAN_ERROR_INVALID_JSON,
                   _("The complaint is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return aduan_complaint_from_json (json_parser_get_root (parser), error);
}

/**
 * aduan_complaint_same_content:
 *
 * Whether two complaints say the same thing on the wire: the test the hub
 * uses to tell a retried upload (the same) from a clash (different).
 */
gboolean
aduan_complaint_same_content (const AduanComplaint *a,
                              const AduanComplaint *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  text_a = aduan_complaint_to_json_string (a, ADUAN_JSON_WIRE, FALSE);
  text_b = aduan_complaint_to_json_string (b, ADUAN_JSON_WIRE, FALSE);

  return g_str_equal (text_a, text_b);
}
