/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "aduan-hub-track-page.h"

/**
 * AduanHubTrackPage:
 *
 * `GET /track/{code}`: the page a citizen opens with the code from the
 * receipt. It says where the complaint stands and what happened to it, in
 * Indonesian, and never who reported it or what they wrote; for a
 * confidential report only the status.
 *
 * The text is English in the source, marked for gettext, and looked up in
 * the Indonesian catalogue; see #AduanHubTranslation.
 */
struct _AduanHubTrackPage
{
  AduanHubTranslation *translation;  /* (owned) */
  GTimeZone           *timezone;     /* (owned) */
};

static const char * const month_names[12] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

/* What the page shows until po/id.po carries these: the page must be
 * Indonesian even on a hub installed without its catalogue. The
 * catalogue wins where it has a string. */
static const struct
{
  const char *msgid;
  const char *msgstr;
} indonesian[] = {
  { "January", "Januari" },
  { "February", "Februari" },
  { "March", "Maret" },
  { "April", "April" },
  { "May", "Mei" },
  { "June", "Juni" },
  { "July", "Juli" },
  { "August", "Agustus" },
  { "September", "September" },
  { "October", "Oktober" },
  { "November", "November" },
  { "December", "Desember" },
  { "Received", "Diterima" },
  { "Verified", "Terverifikasi" },
  { "Rejected", "Ditolak" },
  { "Passed to the agency", "Diteruskan ke instansi" },
  { "Being followed up", "Sedang ditindaklanjuti" },
  { "Resolved", "Selesai" },
  { "Complaint", "Pengaduan" },
  { "Aspiration", "Aspirasi" },
  { "Information request", "Permintaan informasi" },
  { "Track a complaint", "Lacak aduan" },
  { "Tracking code", "Kode pelacakan" },
  { "Track", "Lacak" },
  { "Type the tracking code from your receipt, such as K7QM-B4X9T.",
    "Ketik kode pelacakan dari tanda terima Anda, misalnya K7QM-B4X9T." },
  { "This is not a valid tracking code. Check it and try again.",
    "Kode pelacakan ini tidak valid. Periksa kembali lalu coba lagi." },
  { "No complaint has this tracking code. Check the code on your receipt.",
    "Tidak ada aduan dengan kode pelacakan ini. Periksa kode pada tanda terima Anda." },
  { "Status", "Status" },
  { "Report type", "Jenis laporan" },
  { "Category", "Kategori" },
  { "Agency", "Instansi" },
  { "Received on", "Diterima pada" },
  { "Last updated", "Terakhir diperbarui" },
  { "Follow-up due by", "Batas waktu tindak lanjut" },
  { "overdue", "melewati batas waktu" },
  { "History", "Riwayat" },
  { "This report is confidential, so only its status is shown.",
    "Laporan ini bersifat rahasia, sehingga hanya statusnya yang ditampilkan." },
  { "The complaint was received", "Aduan diterima" },
  { "Verified by the complaint administrator", "Diverifikasi oleh admin pengaduan" },
  { "Rejected: not the authority of this region", "Ditolak: bukan kewenangan daerah ini" },
  { "Rejected: the report is incomplete", "Ditolak: laporan tidak lengkap" },
  { "Rejected: the same as complaint %s", "Ditolak: sama dengan aduan %s" },
  { "Passed to %s", "Diteruskan ke %s" },
  { "Response from %s", "Tanggapan dari %s" },
  { "Response from the complaint administrator", "Tanggapan dari admin pengaduan" },
  { "Reopened", "Dibuka kembali" },
  { "Complaint tracking", "Pelacakan aduan" },
};

#define T(msgid) aduan_hub_translation_get (self->translation, (msgid))

/**
 * aduan_hub_track_page_new:
 * @timezone: the zone to show times in
 *
 * Returns: (transfer full): a page renderer with the Indonesian text
 */
AduanHubTrackPage *
aduan_hub_track_page_new (GTimeZone *timezone)
{
  AduanHubTrackPage *self = g_new0 (AduanHubTrackPage, 1);

  g_return_val_if_fail (timezone != NULL, NULL);

  self->timezone = g_time_zone_ref (timezone);
  self->translation = aduan_hub_translation_new ();
  for (guint i = 0; i < G_N_ELEMENTS (indonesian); i++)
    aduan_hub_translation_add_fallback (self->translation, indonesian[i].msgid, indonesian[i].msgstr);
  aduan_hub_translation_load_default (self->translation, "id");

  return self;
}

void
aduan_hub_track_page_free (AduanHubTrackPage *self)
{
  if (self == NULL)
    return;

  aduan_hub_translation_free (self->translation);
  g_time_zone_unref (self->timezone);
  g_free (self);
}

/**
 * aduan_hub_track_page_get_translation:
 * @self: a page renderer
 *
 * Returns: (transfer none): the Indonesian text it uses
 */
AduanHubTranslation *
aduan_hub_track_page_get_translation (AduanHubTrackPage *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->translation;
}

/* "5 Maret 2026, 14.05 WIB", as Indonesian dates are written. */
static char *
format_time (AduanHubTrackPage *self,
             gint64             usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");

  local = g_date_time_to_timezone (utc, self->timezone);
  return g_strdup_printf ("%d %s %d, %02d.%02d %s",
                          g_date_time_get_day_of_month (local),
                          T (month_names[g_date_time_get_month (local) - 1]),
                          g_date_time_get_year (local),
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local),
                          g_date_time_get_timezone_abbreviation (local));
}

static void
append_escaped (GString    *html,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (html, escaped);
}

static void
begin_page (AduanHubTrackPage *self,
            GString           *html,
            const char        *title)
{
  g_string_append (html,
                   "<!DOCTYPE html>\n"
                   "<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"robots\" content=\"noindex\">\n<title>");
  append_escaped (html, title);
  g_string_append (html,
                   "</title>\n<style>\n"
                   "body{font-family:sans-serif;max-width:40rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1c1c1c}\n"
                   "h1{font-size:1.5rem}h2{font-size:1.2rem}\n"
                   "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}\n"
                   ".code{font-family:monospace;font-size:1.4rem;letter-spacing:.1rem}\n"
                   ".overdue{color:#a51d2d;font-weight:bold}.problem{color:#a51d2d}\n"
                   "ol{padding-left:1.2rem}li{margin-bottom:.5rem}time{color:#555;display:block;font-size:.9rem}\n"
                   "blockquote{margin:.25rem 0;padding-left:.75rem;border-left:3px solid #ccc;white-space:pre-wrap}\n"
                   "</style>\n</head>\n<body>\n<main>\n");
}

static void
end_page (GString *html)
{
  g_string_append (html, "</main>\n</body>\n</html>\n");
}

static void
append_form (AduanHubTrackPage *self,
             GString           *html,
             const char        *typed_code)
{
  g_string_append (html, "<form action=\"/track\" method=\"get\">\n<label for=\"code\">");
  append_escaped (html, T (N_("Tracking code")));
  g_string_append (html, "</label>\n<input id=\"code\" name=\"code\" autocomplete=\"off\" maxlength=\"20\"");
  if (typed_code != NULL)
    {
      g_string_append (html, " value=\"");
      append_escaped (html, typed_code);
      g_string_append (html, "\"");
    }
  g_string_append (html, ">\n<button type=\"submit\">");
  append_escaped (html, T (N_("Track")));
  g_string_append (html, "</button>\n</form>\n");
}

/**
 * aduan_hub_track_page_render_form:
 * @self: a page renderer
 * @typed_code: (nullable): what the visitor typed, to show again
 * @problem: what went wrong, if anything
 *
 * Returns: (transfer full): the form page as HTML
 */
char *
aduan_hub_track_page_render_form (AduanHubTrackPage    *self,
                                  const char           *typed_code,
                                  AduanHubTrackProblem  problem)
{
  GString *html = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  if (typed_code != NULL && !g_utf8_validate (typed_code, -1, NULL))
    typed_code = NULL;

  begin_page (self, html, T (N_("Track a complaint")));
  g_string_append (html, "<h1>");
  append_escaped (html, T (N_("Track a complaint")));
  g_string_append (html, "</h1>\n");

  if (problem == ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE || problem == ADUAN_HUB_TRACK_PROBLEM_NOT_FOUND)
    {
      g_string_append (html, "<p class=\"problem\" role=\"alert\">");
      append_escaped (html, problem == ADUAN_HUB_TRACK_PROBLEM_INVALID_CODE
                              ? T (N_("This is not a valid tracking code. Check it and try again."))
                              : T (N_("No complaint has this tracking code. Check the code on your receipt.")));
      g_string_append (html, "</p>\n");
    }
  else
    {
      g_string_append (html, "<p>");
      append_escaped (html, T (N_("Type the tracking code from your receipt, such as K7QM-B4X9T.")));
      g_string_append (html, "</p>\n");
    }

  append_form (self, html, typed_code);
  end_page (html);

  return g_string_free (html, FALSE);
}

static const char *
agency_name (AduanCatalog *catalog,
             const char   *code)
{
  const AduanAgency *agency = catalog != NULL && code != NULL ? aduan_catalog_lookup_agency (catalog, code) : NULL;

  if (agency == NULL)
    return code;

  return agency->name_id != NULL ? agency->name_id : agency->name_en;
}

/* Translations are not literals, so no printf: the one "%s" is replaced
 * here, and a translation without it simply shows no value. */
static char *
fill_in (const char *template,
         const char *value)
{
  const char *slot = strstr (template, "%s");

  if (value == NULL)
    value = "?";
  if (slot == NULL)
    return g_strdup (template);

  return g_strdup_printf ("%.*s%s%s", (int) (slot - template), template, value, slot + 2);
}

static char *
describe_event (AduanHubTrackPage      *self,
                const AduanStatusEvent *event,
                AduanCatalog           *catalog)
{
  switch (event->kind)
    {
    case ADUAN_STATUS_EVENT_RECEIVED:
      return g_strdup (T (N_("The complaint was received")));
    case ADUAN_STATUS_EVENT_VERIFIED:
      return g_strdup (T (N_("Verified by the complaint administrator")));
    case ADUAN_STATUS_EVENT_REJECTED:
      if (event->reject_reason == ADUAN_REJECT_REASON_DUPLICATE)
        /* Translators: %s is the tracking code of the other complaint */
        return fill_in (T (N_("Rejected: the same as complaint %s")),
                        event->duplicate_of != NULL ? event->duplicate_of : "?");
      if (event->reject_reason == ADUAN_REJECT_REASON_INCOMPLETE)
        return g_strdup (T (N_("Rejected: the report is incomplete")));
      return g_strdup (T (N_("Rejected: not the authority of this region")));
    case ADUAN_STATUS_EVENT_DISPOSED:
      /* Translators: %s is the name of an agency (OPD) */
      return fill_in (T (N_("Passed to %s")), agency_name (catalog, event->agency_code));
    case ADUAN_STATUS_EVENT_RESPONDED:
      if (event->agency_code != NULL)
        /* Translators: %s is the name of an agency (OPD) */
        return fill_in (T (N_("Response from %s")), agency_name (catalog, event->agency_code));
      return g_strdup (T (N_("Response from the complaint administrator")));
    case ADUAN_STATUS_EVENT_RESOLVED:
      return g_strdup (T (N_("Resolved")));
    case ADUAN_STATUS_EVENT_REOPENED:
    case ADUAN_STATUS_EVENT_N:
    default:
      return g_strdup (T (N_("Reopened")));
    }
}

static void
append_item (GString    *html,
             const char *term,
             const char *value)
{
  g_string_append (html, "<dt>");
  append_escaped (html, term);
  g_string_append (html, "</dt><dd>");
  append_escaped (html, value);
  g_string_append (html, "</dd>\n");
}

/**
 * aduan_hub_track_page_render:
 * @self: a page renderer
 * @record: the complaint
 * @events: (element-type AduanStatusEvent): its history, oldest first
 * @catalog: (nullable): for category and agency names
 * @now: the time to judge the deadline by
 *
 * Returns: (transfer full): the page as HTML
 */
char *
aduan_hub_track_page_render (AduanHubTrackPage    *self,
                             const AduanHubRecord *record,
                             GPtrArray            *events,
                             AduanCatalog         *catalog,
                             gint64                now)
{
  const AduanComplaint *complaint;
  const char *status;
  GString *html;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->complaint != NULL, NULL);

  complaint = record->complaint;
  status = T (aduan_complaint_status_get_label (record->status));
  html = g_string_new (NULL);

  begin_page (self, html, T (N_("Complaint tracking")));
  g_string_append (html, "<h1>");
  append_escaped (html, T (N_("Complaint tracking")));
  g_string_append (html, "</h1>\n<p class=\"code\">");
  append_escaped (html, complaint->tracking_code);
  g_string_append (html, "</p>\n<dl>\n");
  append_item (html, T (N_("Status")), status);

  if (complaint->confidential)
    {
      g_string_append (html, "</dl>\n<p>");
      append_escaped (html, T (N_("This report is confidential, so only its status is shown.")));
      g_string_append (html, "</p>\n");
    }
  else
    {
      const AduanCategory *category = catalog != NULL ? aduan_catalog_lookup_category (catalog, complaint->category) : NULL;
      g_autofree char *received = format_time (self, record->received_at);
      g_autofree char *updated = format_time (self, record->updated_at);

      append_item (html, T (N_("Report type")), T (aduan_report_kind_get_label (complaint->kind)));
      append_item (html, T (N_("Category")),
                   category != NULL ? (category->name_id != NULL ? category->name_id : category->name_en)
                                    : complaint->category);
      if (record->agency_code != NULL)
        append_item (html, T (N_("Agency")), agency_name (catalog, record->agency_code));
      append_item (html, T (N_("Received on")), received);
      append_item (html, T (N_("Last updated")), updated);

      if (record->due_at != 0 && !aduan_complaint_status_is_closed (record->status))
        {
          g_autofree char *due = format_time (self, record->due_at);

          g_string_append (html, "<dt>");
          append_escaped (html, T (N_("Follow-up due by")));
          g_string_append (html, "</dt><dd>");
          append_escaped (html, due);
          if (aduan_hub_record_is_overdue (record, now))
            {
              g_string_append (html, " <span class=\"overdue\">(");
              append_escaped (html, T (N_("overdue")));
              g_string_append (html, ")</span>");
            }
          g_string_append (html, "</dd>\n");
        }
      g_string_append (html, "</dl>\n<h2>");
      append_escaped (html, T (N_("History")));
      g_string_append (html, "</h2>\n<ol>\n");

      for (guint i = 0; events != NULL && i < events->len; i++)
        {
          const AduanStatusEvent *event = g_ptr_array_index (events, i);
          g_autofree char *when = format_time (self, event->at);
          g_autofree char *what = describe_event (self, event, catalog);

          g_string_append (html, "<li><time>");
          append_escaped (html, when);
          g_string_append (html, "</time>");
          append_escaped (html, what);
          /* Responses are written to the citizen; notes on other steps
           * are the office's own. */
          if (event->message != NULL &&
              (event->kind == ADUAN_STATUS_EVENT_RESPONDED || event->kind == ADUAN_STATUS_EVENT_RESOLVED))
            {
              g_string_append (html, "<blockquote>");
              append_escaped (html, event->message);
              g_string_append (html, "</blockquote>");
            }
          g_string_append (html, "</li>\n");
        }
      g_string_append (html, "</ol>\n");
    }

  append_form (self, html, NULL);
  end_page (html);

  return g_string_free (html, FALSE);
}
