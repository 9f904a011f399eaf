/* test-schedule.c
 *
 * The Follow-ups and Renewals sections' decisions, without a display:
 * snooze targets across DST changes, due labels, "ends in", money in the
 * customer's language, language names and the contract editor's checks.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "rapport-schedule.h"

static GDateTime *
berlin (int year,
        int month,
        int day,
        int hour,
        int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");

  g_assert_nonnull (tz);
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
assert_date_time (GDateTime  *date_time,
                  const char *expected)
{
  g_autofree char *text = NULL;

  g_assert_nonnull (date_time);
  text = g_date_time_format_iso8601 (date_time);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_snooze_hour_across_dst (void)
{
  /* 01:30 CET; the clocks go from 02:00 to 03:00. */
  g_autoptr(GDateTime) now = berlin (2026, 3, 29, 1, 30);
  g_autoptr(GDateTime) target = rapport_snooze_target (RAPPORT_SNOOZE_ONE_HOUR, now);

  g_assert_cmpint (g_date_time_to_unix (target) - g_date_time_to_unix (now), ==, 3600);
  assert_date_time (target, "2026-03-29T03:30:00+02");
}

static void
test_snooze_tomorrow_across_dst (void)
{
  g_autoptr(GDateTime) spring = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) autumn = berlin (2026, 10, 24, 15, 0);
  g_autoptr(GDateTime) late = berlin (2026, 3, 28, 23, 59);
  g_autoptr(GDateTime) target = NULL;

  /* 09:00 CEST on the 29th, not 24 hours later (10:00 CEST). */
  target = rapport_snooze_target (RAPPORT_SNOOZE_TOMORROW, spring);
  assert_date_time (target, "2026-03-29T09:00:00+02");
  g_assert_cmpint (g_date_time_to_unix (target), ==, 1774767600);
  g_clear_pointer (&target, g_date_time_unref);

  target = rapport_snooze_target (RAPPORT_SNOOZE_TOMORROW, autumn);
  assert_date_time (target, "2026-10-25T09:00:00+01");
  g_clear_pointer (&target, g_date_time_unref);

  target = rapport_snooze_target (RAPPORT_SNOOZE_TOMORROW, late);
  assert_date_time (target, "2026-03-29T09:00:00+02");
}

static void
test_snooze_next_week_is_monday (void)
{
  g_autoptr(GDateTime) wednesday = berlin (2026, 3, 25, 11, 0);
  g_autoptr(GDateTime) monday = berlin (2026, 3, 30, 8, 0);
  g_autoptr(GDateTime) sunday = berlin (2026, 3, 29, 20, 0);
  g_autoptr(GDateTime) target = NULL;

  /* Across the change to CEST on the 29th. */
  target = rapport_snooze_target (RAPPORT_SNOOZE_NEXT_WEEK, wednesday);
  assert_date_time (target, "2026-03-30T09:00:00+02");
  g_clear_pointer (&target, g_date_time_unref);

  /* On a Monday, next week's Monday rather than an hour later. */
  target = rapport_snooze_target (RAPPORT_SNOOZE_NEXT_WEEK, monday);
  assert_date_time (target, "2026-04-06T09:00:00+02");
  g_clear_pointer (&target, g_date_time_unref);

  target = rapport_snooze_target (RAPPORT_SNOOZE_NEXT_WEEK, sunday);
  assert_date_time (target, "2026-03-30T09:00:00+02");
}

static void
test_snooze_picked_date (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) target = NULL;

  target = rapport_snooze_target_at (now, 2026, 4, 2, 14, 30);
  assert_date_time (target, "2026-04-02T14:30:00+02");
  g_clear_pointer (&target, g_date_time_unref);

  /* 02:30 does not exist that night: it moves forward by the gap. */
  target = rapport_snooze_target_at (now, 2026, 3, 29, 2, 30);
  assert_date_time (target, "2026-03-29T03:30:00+02");
  g_clear_pointer (&target, g_date_time_unref);

  g_assert_null (rapport_snooze_target_at (now, 2026, 3, 28, 15, 0));
  g_assert_null (rapport_snooze_target_at (now, 2026, 3, 27, 9, 0));
  g_assert_null (rapport_snooze_target_at (now, 2026, 2, 30, 9, 0));
  g_assert_null (rapport_snooze_target_at (now, 2026, 4, 2, 24, 0));
}

static RapportFollowUp *follow_up_at (GDateTime  *due,
                                      const char *time_zone);

static void
test_snooze_never_brings_forward (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) overdue_due = berlin (2026, 3, 27, 9, 0);
  g_autoptr(GDateTime) upcoming_due = berlin (2026, 3, 30, 10, 0);
  g_autoptr(RapportFollowUp) overdue = follow_up_at (overdue_due, "Europe/Berlin");
  g_autoptr(RapportFollowUp) upcoming = follow_up_at (upcoming_due, "Europe/Berlin");
  g_autoptr(GDateTime) hour = rapport_snooze_target (RAPPORT_SNOOZE_ONE_HOUR, now);
  g_autoptr(GDateTime) tomorrow = rapport_snooze_target (RAPPORT_SNOOZE_TOMORROW, now);
  g_autoptr(GDateTime) next_week = rapport_snooze_target (RAPPORT_SNOOZE_NEXT_WEEK, now);

  g_assert_true (rapport_snooze_postpones (overdue, now, hour));
  g_assert_true (rapport_snooze_postpones (overdue, now, tomorrow));
  g_assert_false (rapport_snooze_postpones (upcoming, now, hour));
  g_assert_false (rapport_snooze_postpones (upcoming, now, tomorrow));
  /* Monday 09:00 is before Monday 10:00. */
  g_assert_false (rapport_snooze_postpones (upcoming, now, next_week));
  g_assert_false (rapport_snooze_postpones (overdue, now, now));
  g_assert_false (rapport_snooze_postpones (overdue, now, NULL));

  /* A snoozed one counts from its snooze. */
  upcoming->due = g_date_time_to_unix (overdue_due);
  upcoming->snoozed_until = g_date_time_to_unix (tomorrow) + 3600;
  g_assert_false (rapport_snooze_postpones (upcoming, now, tomorrow));
  g_assert_true (rapport_snooze_postpones (upcoming, now, next_week));
}

static void
test_next_change (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) later = berlin (2026, 3, 28, 18, 0);
  g_autoptr(GDateTime) midnight = berlin (2026, 3, 29, 0, 0);
  g_autoptr(GDateTime) autumn = berlin (2026, 10, 25, 1, 0);
  g_autoptr(GDateTime) autumn_midnight = berlin (2026, 10, 26, 0, 0);

  g_assert_cmpint (rapport_due_next_change (now, g_date_time_to_unix (later)), ==,
                   g_date_time_to_unix (later));
  g_assert_cmpint (rapport_due_next_change (now, 0), ==, g_date_time_to_unix (midnight));
  g_assert_cmpint (rapport_due_next_change (now, g_date_time_to_unix (midnight) + 60), ==,
                   g_date_time_to_unix (midnight));
  /* The 25-hour day: from 01:00 to midnight is 24 hours. */
  g_assert_cmpint (rapport_due_next_change (autumn, 0) - g_date_time_to_unix (autumn), ==, 24 * 3600);
  g_assert_cmpint (rapport_due_next_change (autumn, 0), ==, g_date_time_to_unix (autumn_midnight));
}

static RapportFollowUp *
follow_up_at (GDateTime  *due,
              const char *time_zone)
{
  RapportFollowUp *follow_up = rapport_follow_up_new ();

  follow_up->due = g_date_time_to_unix (due);
  follow_up->time_zone = g_strdup (time_zone);
  follow_up->title = g_strdup ("Call back");

  return follow_up;
}

static void
test_due_label_in_user_zone (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) due = berlin (2026, 3, 28, 11, 0);
  g_autoptr(RapportFollowUp) follow_up = follow_up_at (due, "Europe/Berlin");
  RapportDueLabel label;

  rapport_due_label_compute (follow_up, now, &label);
  g_assert_cmpstr (label.when, ==, "Today 11:00");
  g_assert_null (label.zone_time);
  g_assert_true (label.overdue);
  g_assert_false (label.snoozed);
  g_assert_false (label.recurring);
  rapport_due_label_clear (&label);
}

static void
test_due_label_shows_the_zone_it_was_set_in (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 8, 0);
  /* 10:00 in Lagos (UTC+1, no DST) is 10:00 CET that day... */
  g_autoptr(GDateTime) due = berlin (2026, 3, 28, 10, 0);
  /* ...and 11:00 CEST two days later, when Lagos is still at 10:00. */
  g_autoptr(GDateTime) after_change = berlin (2026, 3, 30, 11, 0);
  /* 18:00 in Tokyo is 10:00 in Berlin the same day; 08:00 Monday in
   * Tokyo is 01:00 Monday in Berlin; 07:00 is 00:00; 06:00 Tokyo is
   * 23:00 Sunday in Berlin. */
  g_autoptr(GDateTime) tokyo_late = berlin (2026, 3, 29, 23, 0);
  g_autoptr(RapportFollowUp) lagos = follow_up_at (due, "Africa/Lagos");
  g_autoptr(RapportFollowUp) lagos_later = follow_up_at (after_change, "Africa/Lagos");
  g_autoptr(RapportFollowUp) tokyo = follow_up_at (tokyo_late, "Asia/Tokyo");
  RapportDueLabel label;

  rapport_due_label_compute (lagos, now, &label);
  g_assert_cmpstr (label.when, ==, "Today 10:00");
  g_assert_cmpstr (label.zone_time, ==, "10:00 Africa/Lagos");
  g_assert_false (label.overdue);
  rapport_due_label_clear (&label);

  rapport_due_label_compute (lagos_later, now, &label);
  g_assert_cmpstr (label.when, ==, "Mon, 30 Mar 11:00");
  g_assert_cmpstr (label.zone_time, ==, "10:00 Africa/Lagos");
  rapport_due_label_clear (&label);

  rapport_due_label_compute (tokyo, now, &label);
  g_assert_cmpstr (label.when, ==, "Tomorrow 23:00");
  g_assert_cmpstr (label.zone_time, ==, "Mon 06:00 Asia/Tokyo");
  rapport_due_label_clear (&label);
}

static void
test_due_label_of_a_snoozed_recurring_follow_up (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 15, 0);
  g_autoptr(GDateTime) due = berlin (2026, 3, 27, 9, 0);
  g_autoptr(GDateTime) until = berlin (2026, 3, 29, 9, 0);
  g_autoptr(GDateTime) next_year = berlin (2027, 1, 2, 9, 0);
  g_autoptr(RapportFollowUp) follow_up = follow_up_at (due, "Europe/Berlin");
  g_autoptr(RapportFollowUp) later = follow_up_at (next_year, "Europe/Berlin");
  RapportDueLabel label;

  follow_up->snoozed_until = g_date_time_to_unix (until);
  follow_up->rrule = g_strdup ("FREQ=WEEKLY");

  rapport_due_label_compute (follow_up, now, &label);
  g_assert_cmpstr (label.when, ==, "Tomorrow 09:00");
  g_assert_true (label.snoozed);
  g_assert_true (label.recurring);
  g_assert_false (label.overdue);
  rapport_due_label_clear (&label);

  follow_up->snoozed_until = 0;
  rapport_due_label_compute (follow_up, now, &label);
  g_assert_cmpstr (label.when, ==, "Yesterday 09:00");
  g_assert_true (label.overdue);
  rapport_due_label_clear (&label);

  rapport_due_label_compute (later, now, &label);
  g_assert_cmpstr (label.when, ==, "2 Jan 2027 09:00");
  rapport_due_label_clear (&label);
}

static void
test_show_more (void)
{
  g_autofree char *many = rapport_format_show_more (100, 2345);
  g_autofree char *few = rapport_format_show_more (200, 245);
  g_autofree char *one = rapport_format_show_more (100, 101);

  g_assert_cmpstr (many, ==, "Show 100 More");
  g_assert_cmpstr (few, ==, "Show 45 More");
  g_assert_cmpstr (one, ==, "Show 1 More");
  g_assert_null (rapport_format_show_more (100, 100));
  g_assert_null (rapport_format_show_more (0, 0));
}

static void
test_ends_in (void)
{
  /* Late in the evening: calendar days, not 24-hour periods. */
  g_autoptr(GDateTime) now = berlin (2026, 3, 28, 23, 30);
  struct {
    const char *end;
    const char *expected;
  } cases[] = {
    { "2026-03-28", "Ends today" },
    { "2026-03-29", "Ends tomorrow" },
    { "2026-04-09", "Ends in 12 days" },
    { "2026-03-27", "Ended yesterday" },
    { "2026-03-25", "Ended 3 days ago" },
  };
  int days = 0;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_format_ends_in (cases[i].end, now);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  g_assert_null (rapport_format_ends_in ("soon", now));
  g_assert_true (rapport_days_until ("2027-03-28", now, &days));
  g_assert_cmpint (days, ==, 365);
  g_assert_false (rapport_days_until ("2026-02-30", now, &days));
}

static void
test_add_years (void)
{
  char out[11];

  g_assert_true (rapport_date_add_years ("2026-12-12", 1, out));
  g_assert_cmpstr (out, ==, "2027-12-12");
  g_assert_true (rapport_date_add_years ("2024-02-29", 1, out));
  g_assert_cmpstr (out, ==, "2025-02-28");
  g_assert_true (rapport_date_add_years ("2024-02-29", 4, out));
  g_assert_cmpstr (out, ==, "2028-02-29");
  g_assert_true (rapport_date_add_years ("2026-01-31", -1, out));
  g_assert_cmpstr (out, ==, "2025-01-31");
  g_assert_false (rapport_date_add_years ("31.12.2026", 1, out));
  g_assert_false (rapport_date_add_years ("9999-01-01", 1, out));
}

static void
test_money_for_language (void)
{
  struct {
    gint64      minor;
    const char *currency;
    const char *language;
    const char *expected;
  } cases[] = {
    { 480000, "EUR", "de", "4.800,00\u00a0EUR" },
    { 480000, "EUR", "de-DE", "4.800,00\u00a0EUR" },
    { 480000, "EUR", "en", "4,800.00\u00a0EUR" },
    { 480000, "eur", "en-NG", "4,800.00\u00a0EUR" },
    { 480000, "EUR", "fr", "4\u202f800,00\u00a0EUR" },
    { 123456789, "CHF", "de-CH", "1\u2019234\u2019567.89\u00a0CHF" },
    { 123456789, "CHF", "de-Latn-CH", "1\u2019234\u2019567.89\u00a0CHF" },
    { 480000, "EUR", "es", "4800,00\u00a0EUR" },
    { 4800000, "EUR", "es", "48.000,00\u00a0EUR" },
    { 480000, "USD", "es-MX", "4,800.00\u00a0USD" },
    { 480000, "PLN", "pl", "4800,00\u00a0PLN" },
    { 120000, "JPY", "ja", "120,000\u00a0JPY" },
    { 1500000, "RWF", "rw", "1.500.000\u00a0RWF" },
    { 999, "EUR", "de", "9,99\u00a0EUR" },
    { 100000, "EUR", "de", "1.000,00\u00a0EUR" },
    { 12345678, "KWD", "en", "12,345.678\u00a0KWD" },
    { -480000, "EUR", "de", "-4.800,00\u00a0EUR" },
    /* Not in the table: plain. */
    { 480000, "EUR", "tlh", "4800.00\u00a0EUR" },
    { 480000, "EUR", NULL, "4800.00\u00a0EUR" },
    { 480000, "EUR", "", "4800.00\u00a0EUR" },
    { 1234567, "INR", "en-IN", "12345.67\u00a0INR" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_format_money_for_language (cases[i].minor,
                                                                 cases[i].currency,
                                                                 cases[i].language);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }

  g_assert_null (rapport_format_money_for_language (100, "XYZ", "en"));
}

static void
test_language_names (void)
{
  g_autofree char *german = rapport_language_display_name ("de");
  g_autofree char *swiss = rapport_language_display_name ("de-CH");
  g_autofree char *upper = rapport_language_display_name ("EN");
  g_autofree char *unknown = rapport_language_display_name ("tlh");

  g_assert_cmpstr (german, ==, "German");
  g_assert_cmpstr (swiss, ==, "German (de-CH)");
  g_assert_cmpstr (upper, ==, "English");
  g_assert_cmpstr (unknown, ==, "tlh");
  g_assert_null (rapport_language_display_name (NULL));
  g_assert_null (rapport_language_display_name (""));
}

static void
test_renewal_summary (void)
{
  g_autoptr(GDateTime) now = berlin (2026, 11, 24, 10, 0);
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  RapportRenewalSummary summary;

  contract->product = g_strdup ("Maintenance");
  contract->start_date = g_strdup ("2025-12-14");
  contract->end_date = g_strdup ("2026-12-14");
  contract->value = 480000;
  contract->currency = g_strdup ("EUR");
  contract->state = RAPPORT_CONTRACT_RENEWAL_DUE;

  rapport_renewal_summary_compute (contract, "de-DE", now, &summary);
  g_assert_cmpstr (summary.ends, ==, "Ends in 20 days");
  g_assert_cmpstr (summary.end_date, ==, "14 Dec 2026");
  g_assert_cmpstr (summary.value, ==, "4.800,00\u00a0EUR");
  g_assert_cmpstr (summary.language, ==, "German (de-DE)");
  g_assert_cmpstr (summary.state, ==, "Renewal due");
  g_assert_false (summary.soon);
  g_assert_false (summary.ended);
  rapport_renewal_summary_clear (&summary);

  g_free (contract->end_date);
  contract->end_date = g_strdup ("2026-11-30");
  contract->state = RAPPORT_CONTRACT_ACTIVE;
  rapport_renewal_summary_compute (contract, NULL, now, &summary);
  g_assert_cmpstr (summary.ends, ==, "Ends in 6 days");
  g_assert_cmpstr (summary.value, ==, "4800.00\u00a0EUR");
  g_assert_null (summary.language);
  g_assert_cmpstr (summary.state, ==, "Active");
  g_assert_true (summary.soon);
  g_assert_false (summary.ended);
  rapport_renewal_summary_clear (&summary);

  g_free (contract->end_date);
  contract->end_date = g_strdup ("2026-11-22");
  rapport_renewal_summary_compute (contract, "fr", now, &summary);
  g_assert_cmpstr (summary.ends, ==, "Ended 2 days ago");
  g_assert_cmpstr (summary.language, ==, "French");
  g_assert_false (summary.soon);
  g_assert_true (summary.ended);
  rapport_renewal_summary_clear (&summary);
}

static void
test_contract_check_accepts_a_valid_contract (void)
{
  RapportContractCheck check;
  guint i;

  rapport_contract_check ("Maintenance", "2026-01-01", " 2026-12-31 ", "4,800.50", " eur ", &check);
  for (i = 0; i < RAPPORT_CONTRACT_N_FIELDS; i++)
    g_assert_null (check.errors[i]);
  g_assert_true (check.can_save);
  g_assert_cmpstr (check.start, ==, "2026-01-01");
  g_assert_cmpstr (check.end, ==, "2026-12-31");
  g_assert_cmpstr (check.currency, ==, "EUR");
  g_assert_cmpint (check.value, ==, 480050);
  rapport_contract_check_clear (&check);

  /* The same day for start and end is a one-day contract. */
  rapport_contract_check ("Visit", "2026-01-01", "2026-01-01", "120000", "JPY", &check);
  g_assert_true (check.can_save);
  g_assert_cmpint (check.value, ==, 120000);
  rapport_contract_check_clear (&check);
}

static void
test_contract_check_names_each_problem (void)
{
  RapportContractCheck check;

  rapport_contract_check ("  ", "", "2026-02-30", "", "", &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_PRODUCT]);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_START]);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_END]);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_VALUE]);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_CURRENCY]);
  /* Without the field name: it is shown next to the field. */
  g_assert_false (g_str_has_prefix (check.errors[RAPPORT_CONTRACT_FIELD_END], "end:"));
  rapport_contract_check_clear (&check);

  rapport_contract_check ("Plan", "2026-06-01", "2026-05-31", "5.5", "JPY", &check);
  g_assert_false (check.can_save);
  g_assert_null (check.errors[RAPPORT_CONTRACT_FIELD_PRODUCT]);
  g_assert_null (check.errors[RAPPORT_CONTRACT_FIELD_START]);
  g_assert_cmpstr (check.errors[RAPPORT_CONTRACT_FIELD_END], ==, "The end is before the start");
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_VALUE]);
  g_assert_null (check.errors[RAPPORT_CONTRACT_FIELD_CURRENCY]);
  rapport_contract_check_clear (&check);

  rapport_contract_check ("Plan", "2026-06-01", "2027-05-31", "100", "EURO", &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_CURRENCY]);
  g_assert_null (check.errors[RAPPORT_CONTRACT_FIELD_VALUE]);
  g_assert_null (check.currency);
  rapport_contract_check_clear (&check);

  rapport_contract_check ("Plan", "2026-06-01", "2027-05-31", "-100", "EUR", &check);
  g_assert_false (check.can_save);
  g_assert_nonnull (check.errors[RAPPORT_CONTRACT_FIELD_VALUE]);
  rapport_contract_check_clear (&check);
}

static void
test_notice_state_chips (void)
{
  g_assert_cmpstr (rapport_notice_state_chip (RAPPORT_NOTICE_DUE), ==, "Notice due");
  g_assert_cmpstr (rapport_notice_state_chip (RAPPORT_NOTICE_PREPARED), ==, "Prepared");
  g_assert_cmpstr (rapport_notice_state_chip (RAPPORT_NOTICE_SENT), ==, "Sent");
  g_assert_cmpstr (rapport_notice_state_chip (RAPPORT_NOTICE_RENEWED), ==, "Renewed");
  g_assert_cmpstr (rapport_notice_state_chip (RAPPORT_NOTICE_LAPSED), ==, "Lapsed");
}

static void
test_notice_state_moves_forward_only (void)
{
  RapportNoticeState state = RAPPORT_NOTICE_DUE;

  /* Handing a notice on prepares it; it never goes back from sent. */
  g_assert_cmpint (rapport_notice_state_after_prepare (RAPPORT_NOTICE_DUE), ==, RAPPORT_NOTICE_PREPARED);
  g_assert_cmpint (rapport_notice_state_after_prepare (RAPPORT_NOTICE_PREPARED), ==, RAPPORT_NOTICE_PREPARED);
  g_assert_cmpint (rapport_notice_state_after_prepare (RAPPORT_NOTICE_SENT), ==, RAPPORT_NOTICE_SENT);
  g_assert_cmpint (rapport_notice_state_after_prepare (RAPPORT_NOTICE_RENEWED), ==, RAPPORT_NOTICE_RENEWED);
  g_assert_cmpint (rapport_notice_state_after_prepare (RAPPORT_NOTICE_LAPSED), ==, RAPPORT_NOTICE_LAPSED);

  g_assert_true (rapport_notice_state_can_send (RAPPORT_NOTICE_DUE));
  g_assert_true (rapport_notice_state_can_send (RAPPORT_NOTICE_PREPARED));
  g_assert_false (rapport_notice_state_can_send (RAPPORT_NOTICE_SENT));
  g_assert_false (rapport_notice_state_can_send (RAPPORT_NOTICE_RENEWED));
  g_assert_false (rapport_notice_state_can_send (RAPPORT_NOTICE_LAPSED));

  /* The contract's outcome closes its notice; other states leave it. */
  g_assert_true (rapport_notice_state_for_contract (RAPPORT_CONTRACT_RENEWED, &state));
  g_assert_cmpint (state, ==, RAPPORT_NOTICE_RENEWED);
  g_assert_true (rapport_notice_state_for_contract (RAPPORT_CONTRACT_LAPSED, &state));
  g_assert_cmpint (state, ==, RAPPORT_NOTICE_LAPSED);
  state = RAPPORT_NOTICE_SENT;
  g_assert_false (rapport_notice_state_for_contract (RAPPORT_CONTRACT_ACTIVE, &state));
  g_assert_false (rapport_notice_state_for_contract (RAPPORT_CONTRACT_RENEWAL_DUE, &state));
  g_assert_false (rapport_notice_state_for_contract (RAPPORT_CONTRACT_CANCELLED, &state));
  g_assert_cmpint (state, ==, RAPPORT_NOTICE_SENT);
}

static void
assert_languages (const char *customer_language,
                  const char *expected)
{
  g_auto(GStrv) languages = rapport_notice_languages (customer_language);
  g_autofree char *joined = g_strjoinv (" ", languages);

  g_assert_cmpstr (joined, ==, expected);
}

static void
test_notice_languages (void)
{
  /* The customer's own first, each primary language once. */
  assert_languages (NULL, "en de fr es ja");
  assert_languages ("", "en de fr es ja");
  assert_languages ("de", "de en fr es ja");
  assert_languages ("de-CH", "de-CH en fr es ja");
  assert_languages ("JA-JP", "JA-JP en de fr es");
  assert_languages ("pt-BR", "pt-BR en de fr es ja");
}

static void
test_stay_in_touch_hint (void)
{
  g_autofree char *own = rapport_stay_in_touch_hint (14, 30);
  g_autofree char *one = rapport_stay_in_touch_hint (1, 0);
  g_autofree char *type = rapport_stay_in_touch_hint (0, 30);
  g_autofree char *type_one = rapport_stay_in_touch_hint (0, 1);
  g_autofree char *off = rapport_stay_in_touch_hint (0, 0);

  /* The customer's own cadence wins over their type's. */
  g_assert_cmpstr (own, ==, "A follow-up is proposed after 14 days without contact");
  g_assert_cmpstr (one, ==, "A follow-up is proposed after 1 day without contact");
  g_assert_cmpstr (type, ==, "Follows the customer type: every 30 days");
  g_assert_cmpstr (type_one, ==, "Follows the customer type: every 1 day");
  g_assert_nonnull (strstr (off, "Off"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/snooze/one-hour-is-sixty-minutes-across-dst", test_snooze_hour_across_dst);
  g_test_add_func ("/schedule/snooze/tomorrow-is-nine-on-the-wall-clock-across-dst", test_snooze_tomorrow_across_dst);
  g_test_add_func ("/schedule/snooze/next-week-is-the-next-monday", test_snooze_next_week_is_monday);
  g_test_add_func ("/schedule/snooze/picked-date-must-exist-and-be-ahead", test_snooze_picked_date);
  g_test_add_func ("/schedule/snooze/never-brings-a-follow-up-forward", test_snooze_never_brings_forward);
  g_test_add_func ("/schedule/due-label/next-change-is-the-first-today-or-midnight", test_next_change);
  g_test_add_func ("/schedule/due-label/in-the-user-zone", test_due_label_in_user_zone);
  g_test_add_func ("/schedule/due-label/shows-the-zone-it-was-set-in", test_due_label_shows_the_zone_it_was_set_in);
  g_test_add_func ("/schedule/due-label/snoozed-and-recurring", test_due_label_of_a_snoozed_recurring_follow_up);
  g_test_add_func ("/schedule/show-more/counts-the-next-page", test_show_more);
  g_test_add_func ("/schedule/renewal/ends-in-calendar-days", test_ends_in);
  g_test_add_func ("/schedule/renewal/extending-by-a-year-keeps-the-day", test_add_years);
  g_test_add_func ("/schedule/renewal/summary-of-a-row", test_renewal_summary);
  g_test_add_func ("/schedule/money/written-as-the-language-writes-it", test_money_for_language);
  g_test_add_func ("/schedule/language/names-known-tags", test_language_names);
  g_test_add_func ("/schedule/contract-check/accepts-a-valid-contract", test_contract_check_accepts_a_valid_contract);
  g_test_add_func ("/schedule/contract-check/names-each-problem", test_contract_check_names_each_problem);
  g_test_add_func ("/schedule/notice/state-chips-name-each-state", test_notice_state_chips);
  g_test_add_func ("/schedule/notice/state-moves-forward-only", test_notice_state_moves_forward_only);
  g_test_add_func ("/schedule/notice/offers-the-customer-language-first", test_notice_languages);
  g_test_add_func ("/schedule/stay-in-touch/own-cadence-wins-over-the-type", test_stay_in_touch_hint);

  return g_test_run ();
}
